package dataset

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

var (
	errUTF8   = errors.New("dataset: text is not valid UTF-8")
	errTooBig = fmt.Errorf("%w: string column holds more than 2 GiB of text", ErrFormat)
)

// maxStringBytes is the most text one string column can hold (Arrow's
// 32-bit offsets).
const maxStringBytes = math.MaxInt32

// chunkBytes is the smallest piece worth a goroutine.
const chunkBytes = 1 << 20

// parseCSV parses a whole CSV text held in data. See csvscan.go for the
// dialect. The result does not depend on how many goroutines parse it.
func parseCSV(ctx context.Context, data []byte, src string, opts *ReadOptions) (*Frame, error) {
	return parseCSVChunked(ctx, data, src, opts, chunkBytes, runtime.GOMAXPROCS(0))
}

// parseCSVChunked is parseCSV with the smallest chunk size and the number of
// workers given (tests use small chunks to check the result does not depend
// on them).
func parseCSVChunked(ctx context.Context, data []byte, src string, opts *ReadOptions, minChunk, workers int) (*Frame, error) {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		return nil, &FileError{Source: src, Err: wrapf(ErrFormat, "gzip-compressed data where CSV text was expected (name the file .csv.gz)")}
	}
	if k := bytes.IndexByte(data, 0); k >= 0 {
		return nil, &FileError{Source: src, Line: lineOf(data, k), Err: wrapf(ErrFormat, "binary data (a NUL byte at offset %d): not CSV text", k)}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// Header.
	i := skipBlank(data, 0, len(data))
	if i == len(data) {
		return nil, &FileError{Source: src, Err: wrapf(ErrEmpty, "empty file (no header row)")}
	}
	headerLine := lineOf(data, i)
	var header []string
	var scratch []byte
	for {
		val, next, term, code, errPos := scanField(data, i, len(data), &scratch)
		if code != scanOK {
			return nil, &FileError{Source: src, Line: lineOf(data, errPos), Err: wrapf(ErrFormat, "header: %s", scanMsgs[code])}
		}
		if !utf8.Valid(val) {
			return nil, &FileError{Source: src, Line: headerLine, Err: wrapf(ErrFormat, "header field %d is not valid UTF-8", len(header)+1)}
		}
		header = append(header, string(val))
		i = next
		if term != ',' {
			break
		}
	}
	seen := make(map[string]bool, len(header))
	for j, h := range header {
		if h == "" {
			h = "Unnamed: " + strconv.Itoa(j)
			header[j] = h
		}
		if seen[h] {
			return nil, &FileError{Source: src, Line: headerLine, Err: wrapf(ErrFormat, "duplicate column name %q", h)}
		}
		seen[h] = true
	}
	ncol := len(header)
	fixed := make([]Kind, ncol)
	if opts != nil {
		for name, k := range opts.Types {
			j := indexOf(header, name)
			if j < 0 {
				return nil, &ColumnError{Source: src, Column: name, Err: wrapf(ErrNoColumn, "ReadOptions.Types names a column the file does not have")}
			}
			switch k {
			case Int, Float, Bool, String, Timestamp:
				fixed[j] = k
			default:
				return nil, &ColumnError{Source: src, Column: name, Err: wrapf(ErrType, "cannot read a CSV column as %s", k)}
			}
		}
	}
	nulls := &nullSet{def: true}
	if opts != nil && opts.NullValues != nil {
		nulls = &nullSet{set: map[string]struct{}{"": {}}}
		for _, v := range opts.NullValues {
			nulls.set[v] = struct{}{}
		}
	}
	bodyStart := skipBlank(data, i, len(data))
	if bodyStart == len(data) {
		return nil, &FileError{Source: src, Err: wrapf(ErrEmpty, "header but no data rows")}
	}

	// First pass, in parallel chunks.
	n := (len(data) - bodyStart) / minChunk
	if n > 4*workers {
		n = 4 * workers
	}
	// Each chunk keeps per-column state, so very wide files get fewer
	// chunks: at least 64 bytes of text per column in each.
	if ncol > 256 {
		n = min(n, (len(data)-bodyStart)/(64*ncol)+1)
	}
	if n < 1 {
		n = 1
	}
	bounds := chunkBounds(data, bodyStart, len(data), n)
	chunks := make([]chunk, len(bounds)-1)
	for k := range chunks {
		chunks[k].start, chunks[k].end = bounds[k], bounds[k+1]
	}
	if err := forEach(ctx, len(chunks), workers, func(k int) {
		parseChunk(&chunks[k], data, ncol, fixed, nulls)
	}); err != nil {
		return nil, err
	}
	if err := firstError(chunks, data, src, header); err != nil {
		return nil, err
	}
	rowsBefore := make([]int, len(chunks)+1)
	for k := range chunks {
		rowsBefore[k+1] = rowsBefore[k] + chunks[k].rows
	}
	nrows := rowsBefore[len(chunks)]

	// Column kinds, and the string pass where a column needs text.
	kinds := make([]Kind, ncol)
	want := make([]bool, ncol)
	anyString := false
	for j := range kinds {
		k := fixed[j]
		if k == Unknown {
			for c := range chunks {
				k = joinKind(k, chunks[c].cols[j].state)
			}
			if k == Unknown {
				k = Float // every value missing
			}
		}
		kinds[j] = k
		if k == String {
			want[j] = true
			anyString = true
		}
	}
	if anyString {
		if err := forEach(ctx, len(chunks), workers, func(k int) {
			collectStrings(&chunks[k], data, want, nulls)
		}); err != nil {
			return nil, err
		}
		if err := firstError(chunks, data, src, header); err != nil {
			return nil, err
		}
	}

	mem := opts.alloc()
	fields := make([]arrow.Field, ncol)
	arrs := make([]arrow.Array, ncol)
	defer func() {
		for _, a := range arrs {
			if a != nil {
				a.Release()
			}
		}
	}()
	for j := range header {
		var err error
		arrs[j], err = buildArray(mem, kinds[j], chunks, j, rowsBefore, nrows)
		if err != nil {
			return nil, &ColumnError{Source: src, Column: header[j], Err: err}
		}
		fields[j] = arrow.Field{Name: header[j], Type: arrs[j].DataType(), Nullable: true}
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(nrows))
	defer rec.Release()
	return newFrame(rec, src, mem), nil
}

func indexOf(names []string, name string) int {
	for j, n := range names {
		if n == name {
			return j
		}
	}
	return -1
}

// lineOf is the 1-based physical line holding byte offset pos.
func lineOf(data []byte, pos int) int {
	if pos > len(data) {
		pos = len(data)
	}
	return bytes.Count(data[:pos], []byte{'\n'}) + 1
}

// firstError turns the earliest chunk error into a *FileError or *ColumnError.
func firstError(chunks []chunk, data []byte, src string, header []string) error {
	rows := 0
	for k := range chunks {
		e := chunks[k].err
		if e == nil {
			rows += chunks[k].rows
			continue
		}
		line := lineOf(data, e.pos)
		row := rows + e.row + 1
		switch {
		case e.code != scanOK:
			return &FileError{Source: src, Line: line, Err: wrapf(ErrFormat, "row %d: %s", row, scanMsgs[e.code])}
		case errors.Is(e.err, ErrRagged):
			return &FileError{Source: src, Line: line, Err: wrapf(ErrRagged, "row %d has %d fields, the header has %d", row, e.fields, len(header))}
		case errors.Is(e.err, ErrParse):
			return &ColumnError{Source: src, Column: header[e.col], Row: row, Line: line, Value: e.value,
				Err: wrapf(ErrParse, "not %s", kindArticle(chunks[k].cols[e.col].state))}
		default:
			return &ColumnError{Source: src, Column: header[e.col], Row: row, Line: line, Value: e.value, Err: e.err}
		}
	}
	return nil
}

func kindArticle(k Kind) string {
	switch k {
	case Int:
		return "an integer"
	case Float:
		return "a number"
	case Bool:
		return "a boolean (true/false)"
	case Timestamp:
		return "a time (RFC 3339 or YYYY-MM-DD)"
	}
	return "a " + k.String()
}

// forEach runs fn(0..n-1) on up to workers goroutines, all of which end
// before it returns; it reports ctx's error if ctx ends first.
func forEach(ctx context.Context, n, workers int, fn func(k int)) error {
	if n == 1 {
		if err := ctx.Err(); err != nil {
			return err
		}
		fn(0)
		return ctx.Err()
	}
	if workers > n {
		workers = n
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				fn(k)
			}
		}()
	}
	var err error
feed:
	for k := 0; k < n; k++ {
		select {
		case next <- k:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return err
}

// buildArray assembles column j from the chunks into one Arrow array.
func buildArray(mem memory.Allocator, kind Kind, chunks []chunk, j int, rowsBefore []int, nrows int) (arrow.Array, error) {
	nnull := 0
	for c := range chunks {
		nnull += len(chunks[c].cols[j].nulls)
	}
	var validity *memory.Buffer
	if nnull > 0 {
		validity = memory.NewResizableBuffer(mem)
		validity.Resize(int(bitutil.BytesForBits(int64(nrows))))
		bits := validity.Bytes()
		for k := range bits {
			bits[k] = 0xff
		}
		for c := range chunks {
			base := rowsBefore[c]
			for _, r := range chunks[c].cols[j].nulls {
				bitutil.ClearBit(bits, base+int(r))
			}
		}
		defer validity.Release()
	}
	switch kind {
	case Int, Float, Timestamp:
		buf := memory.NewResizableBuffer(mem)
		defer buf.Release()
		buf.Resize(nrows * 8)
		out := arrow.Uint64Traits.CastFromBytes(buf.Bytes())[:nrows]
		var wg sync.WaitGroup
		for c := range chunks {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				cc := &chunks[c].cols[j]
				dst := out[rowsBefore[c]:rowsBefore[c+1]]
				if kind == Float && cc.state == Int {
					for k, u := range cc.vals {
						dst[k] = math.Float64bits(float64(int64(u)))
					}
				} else {
					copy(dst, cc.vals)
				}
				cc.vals = nil
			}(c)
		}
		wg.Wait()
		dt := arrow.DataType(arrow.PrimitiveTypes.Int64)
		switch kind {
		case Float:
			dt = arrow.PrimitiveTypes.Float64
		case Timestamp:
			dt = &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}
		}
		data := array.NewData(dt, nrows, []*memory.Buffer{validity, buf}, nil, nnull, 0)
		defer data.Release()
		return array.MakeFromData(data), nil
	case Bool:
		buf := memory.NewResizableBuffer(mem)
		defer buf.Release()
		buf.Resize(int(bitutil.BytesForBits(int64(nrows))))
		bits := buf.Bytes()
		for k := range bits {
			bits[k] = 0
		}
		for c := range chunks {
			base := rowsBefore[c]
			for k, u := range chunks[c].cols[j].vals {
				if u != 0 {
					bitutil.SetBit(bits, base+k)
				}
			}
			chunks[c].cols[j].vals = nil
		}
		data := array.NewData(arrow.FixedWidthTypes.Boolean, nrows, []*memory.Buffer{validity, buf}, nil, nnull, 0)
		defer data.Release()
		return array.MakeFromData(data), nil
	case String:
		total := 0
		for c := range chunks {
			total += len(chunks[c].cols[j].buf)
		}
		if total > maxStringBytes {
			return nil, errTooBig
		}
		offBuf := memory.NewResizableBuffer(mem)
		defer offBuf.Release()
		offBuf.Resize((nrows + 1) * 4)
		offs := arrow.Int32Traits.CastFromBytes(offBuf.Bytes())[:nrows+1]
		valBuf := memory.NewResizableBuffer(mem)
		defer valBuf.Release()
		valBuf.Resize(total)
		vals := valBuf.Bytes()
		pos := 0
		offs[0] = 0
		for c := range chunks {
			cc := &chunks[c].cols[j]
			base := rowsBefore[c]
			for k := 1; k < len(cc.offs); k++ {
				offs[base+k] = int32(pos) + cc.offs[k]
			}
			pos += copy(vals[pos:], cc.buf)
			cc.buf, cc.offs = nil, nil
		}
		data := array.NewData(arrow.BinaryTypes.String, nrows, []*memory.Buffer{validity, offBuf, valBuf}, nil, nnull, 0)
		defer data.Release()
		return array.MakeFromData(data), nil
	}
	return nil, wrapf(ErrType, "cannot read a CSV column as %s", kind)
}
