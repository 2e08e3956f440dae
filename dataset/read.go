package dataset

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ReadOptions configures reading. The zero value (or nil) means: the default
// allocator, types inferred from the data, and the empty field and "NA" read
// as missing.
type ReadOptions struct {
	// Allocator for the Arrow buffers; nil means memory.DefaultAllocator.
	Allocator memory.Allocator
	// Types overrides the inferred kind of the named CSV columns.
	Types map[string]Kind
	// NullValues are the CSV field texts read as missing. Nil means
	// {"", "NA"}; an empty non-nil slice means only "".
	NullValues []string
}

func (o *ReadOptions) alloc() memory.Allocator {
	if o == nil || o.Allocator == nil {
		return memory.DefaultAllocator
	}
	return o.Allocator
}

// ReadFile reads a table from path, choosing the format by extension:
// .csv, .csv.gz, .parquet, .arrow or .ipc (Arrow IPC file).
func ReadFile(ctx context.Context, path string, opts *ReadOptions) (*Frame, error) {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".csv.gz"):
	default:
		if ext := filepath.Ext(lower); ext == ".parquet" || ext == ".arrow" || ext == ".ipc" {
			return readByFormat(ctx, path, ext, opts)
		}
		return nil, &FileError{Source: path, Err: wrapf(ErrFormat, "unknown extension %q (want .csv, .csv.gz, .parquet, .arrow or .ipc)", filepath.Ext(path))}
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Source: path, Err: err}
	}
	defer fh.Close()
	var r io.Reader = bufio.NewReaderSize(fh, 1<<20)
	if strings.HasSuffix(lower, ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, &FileError{Source: path, Err: wrapf(ErrFormat, "not gzip: %v", err)}
		}
		defer gz.Close()
		r = gz
	}
	return readCSV(ctx, r, path, opts)
}

// readByFormat is replaced by the Parquet and IPC readers.
var readByFormat = func(ctx context.Context, path, ext string, opts *ReadOptions) (*Frame, error) {
	return nil, &FileError{Source: path, Err: wrapf(ErrFormat, "%s files are not supported yet", ext)}
}

// ReadCSV reads CSV text with a header row from r. name is used in errors.
func ReadCSV(ctx context.Context, r io.Reader, name string, opts *ReadOptions) (*Frame, error) {
	return readCSV(ctx, r, name, opts)
}

func readCSV(ctx context.Context, r io.Reader, src string, opts *ReadOptions) (*Frame, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &FileError{Source: src, Err: wrapf(ErrEmpty, "no header row")}
	}
	if err != nil {
		return nil, csvErr(src, err)
	}
	header = append([]string(nil), header...)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	seen := map[string]bool{}
	for _, h := range header {
		if seen[h] {
			return nil, &FileError{Source: src, Line: 1, Err: wrapf(ErrFormat, "duplicate column name %q", h)}
		}
		seen[h] = true
	}
	nulls := map[string]bool{"": true, "NA": true}
	if opts != nil && opts.NullValues != nil {
		nulls = map[string]bool{"": true}
		for _, v := range opts.NullValues {
			nulls[v] = true
		}
	}
	cols := make([][]string, len(header))
	for row := 1; ; row++ {
		if row%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(src, err)
		}
		if len(rec) != len(header) {
			line, _ := cr.FieldPos(0)
			return nil, &FileError{Source: src, Line: line, Err: wrapf(ErrRagged, "%d fields, header has %d", len(rec), len(header))}
		}
		for j, v := range rec {
			cols[j] = append(cols[j], strings.Clone(v))
		}
	}
	if len(header) == 0 || len(cols[0]) == 0 {
		return nil, &FileError{Source: src, Err: ErrEmpty}
	}
	mem := opts.alloc()
	fields := make([]arrow.Field, len(header))
	arrs := make([]arrow.Array, len(header))
	defer func() {
		for _, a := range arrs {
			if a != nil {
				a.Release()
			}
		}
	}()
	for j, name := range header {
		kind := Unknown
		if opts != nil && opts.Types != nil {
			kind = opts.Types[name]
		}
		if kind == Unknown {
			kind = inferKind(cols[j], nulls)
		}
		arr, err := buildColumn(mem, kind, cols[j], nulls)
		if err != nil {
			var ce *ColumnError
			if errors.As(err, &ce) {
				ce.Source, ce.Column = src, name
			}
			return nil, err
		}
		arrs[j] = arr
		fields[j] = arrow.Field{Name: name, Type: arr.DataType(), Nullable: true}
		cols[j] = nil
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(arrs[0].Len()))
	defer rec.Release()
	return NewFrame(rec, src), nil
}

func csvErr(src string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FileError{Source: src, Line: pe.Line, Err: wrapf(ErrFormat, "%v", pe.Err)}
	}
	return &FileError{Source: src, Err: err}
}

func inferKind(vals []string, nulls map[string]bool) Kind {
	isInt, isFloat, isBool, any := true, true, true, false
	for _, v := range vals {
		if nulls[v] {
			continue
		}
		any = true
		if isInt {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				isInt = false
			}
		}
		if isFloat && !isInt {
			if _, err := parseFloat(v); err != nil {
				isFloat = false
			}
		}
		if isBool {
			if _, ok := parseBool(v); !ok {
				isBool = false
			}
		}
		if !isInt && !isFloat && !isBool {
			return String
		}
	}
	switch {
	case !any:
		return Float
	case isInt:
		return Int
	case isFloat:
		return Float
	case isBool:
		return Bool
	}
	return String
}

// parseFloat accepts decimal and exponent notation and the spellings
// NaN, Inf, +Inf, -Inf (any case); it rejects hex floats and underscores.
func parseFloat(s string) (float64, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '_' || c == 'x' || c == 'X' || c == 'p' || c == 'P' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.ParseFloat(s, 64)
}

func parseBool(s string) (bool, bool) {
	switch s {
	case "true", "TRUE", "True":
		return true, true
	case "false", "FALSE", "False":
		return false, true
	}
	return false, false
}

func buildColumn(mem memory.Allocator, kind Kind, vals []string, nulls map[string]bool) (arrow.Array, error) {
	switch kind {
	case Int:
		b := array.NewInt64Builder(mem)
		defer b.Release()
		b.Reserve(len(vals))
		for i, v := range vals {
			if nulls[v] {
				b.AppendNull()
				continue
			}
			x, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, &ColumnError{Row: i + 1, Value: v, Err: wrapf(ErrParse, "not an integer")}
			}
			b.UnsafeAppend(x)
		}
		return b.NewArray(), nil
	case Float:
		b := array.NewFloat64Builder(mem)
		defer b.Release()
		b.Reserve(len(vals))
		for i, v := range vals {
			if nulls[v] {
				b.AppendNull()
				continue
			}
			x, err := parseFloat(v)
			if err != nil {
				return nil, &ColumnError{Row: i + 1, Value: v, Err: wrapf(ErrParse, "not a number")}
			}
			b.UnsafeAppend(x)
		}
		return b.NewArray(), nil
	case Bool:
		b := array.NewBooleanBuilder(mem)
		defer b.Release()
		for i, v := range vals {
			if nulls[v] {
				b.AppendNull()
				continue
			}
			x, ok := parseBool(v)
			if !ok {
				return nil, &ColumnError{Row: i + 1, Value: v, Err: wrapf(ErrParse, "not a boolean")}
			}
			b.Append(x)
		}
		return b.NewArray(), nil
	case String:
		b := array.NewStringBuilder(mem)
		defer b.Release()
		for _, v := range vals {
			if v == "" {
				b.AppendNull()
				continue
			}
			b.Append(v)
		}
		return b.NewArray(), nil
	}
	return nil, &ColumnError{Err: fmt.Errorf("%w: cannot read CSV as %s", ErrType, kind)}
}
