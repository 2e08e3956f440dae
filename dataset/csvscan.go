package dataset

import (
	"bytes"
	"math"
	"unicode/utf8"
)

// The CSV dialect: RFC 4180 with a header row. Fields are separated by
// commas and records by "\n" or "\r\n". A field that starts with a double
// quote is quoted: it runs to the next lone quote, may hold commas and line
// breaks, and "" inside it stands for one quote. A quote anywhere else, or
// anything but a separator after a closing quote, is an error (as in
// encoding/csv without LazyQuotes). Blank lines are skipped.
//
// Because every quote toggles the in-quotes state of a well-formed file, the
// file can be cut into chunks at line breaks preceded by an even number of
// quotes and the chunks parsed independently; a malformed file fails at its
// first malformation whatever the cut.

// scanErr codes.
const (
	scanOK = iota
	scanUnclosed
	scanAfterQuote
	scanBareQuote
)

var scanMsgs = [...]string{
	scanUnclosed:   "quoted field is not closed",
	scanAfterQuote: `unexpected character after closing quote (write "" for a quote inside a quoted field)`,
	scanBareQuote:  `bare quote in an unquoted field (quote the field and write "" for the quote)`,
}

// special marks the bytes that end an unquoted field or make it malformed.
var special = [256]bool{',': true, '\n': true, '"': true}

// scanField reads the field starting at i (i == end is an empty last field).
// It returns the field's bytes (unescaped into *scratch when it holds ""),
// where the next field or record starts, the terminator (',' for a field
// separator, '\n' for a record end, 0 for the end of data), and on error a
// scan code and the byte offset of the problem.
func scanField(data []byte, i, end int, scratch *[]byte) (val []byte, next int, term byte, code, errPos int) {
	if i >= end {
		return nil, end, 0, scanOK, 0
	}
	if data[i] != '"' {
		j := i
		for j < end && !special[data[j]] {
			j++
		}
		val = data[i:j]
		if j == end {
			if n := len(val); n > 0 && val[n-1] == '\r' {
				val = val[:n-1]
			}
			return val, end, 0, scanOK, 0
		}
		switch data[j] {
		case ',':
			return val, j + 1, ',', scanOK, 0
		case '\n':
			if n := len(val); n > 0 && val[n-1] == '\r' {
				val = val[:n-1]
			}
			return val, j + 1, '\n', scanOK, 0
		}
		return nil, 0, 0, scanBareQuote, j
	}
	// Quoted field.
	j := i + 1
	escaped := false
	var q int
	for {
		k := bytes.IndexByte(data[j:end], '"')
		if k < 0 {
			return nil, 0, 0, scanUnclosed, i
		}
		q = j + k
		if q+1 < end && data[q+1] == '"' {
			escaped = true
			j = q + 2
			continue
		}
		break
	}
	val = data[i+1 : q]
	if escaped {
		s := (*scratch)[:0]
		for p := 0; p < len(val); p++ {
			s = append(s, val[p])
			if val[p] == '"' {
				p++ // skip the second quote of ""
			}
		}
		*scratch = s
		val = s
	}
	p := q + 1
	switch {
	case p == end:
		return val, end, 0, scanOK, 0
	case data[p] == ',':
		return val, p + 1, ',', scanOK, 0
	case data[p] == '\n':
		return val, p + 1, '\n', scanOK, 0
	case data[p] == '\r' && p+1 < end && data[p+1] == '\n':
		return val, p + 2, '\n', scanOK, 0
	case data[p] == '\r' && p+1 == end:
		return val, end, 0, scanOK, 0
	}
	return nil, 0, 0, scanAfterQuote, p
}

// skipBlank skips blank lines ("\n" or "\r\n") starting at i.
func skipBlank(data []byte, i, end int) int {
	for i < end {
		switch {
		case data[i] == '\n':
			i++
		case data[i] == '\r' && i+1 < end && data[i+1] == '\n':
			i += 2
		case data[i] == '\r' && i+1 == end:
			i++
		default:
			return i
		}
	}
	return i
}

// countFields counts the fields of the record starting at i (for ragged-row
// messages); it stops at the first malformation.
func countFields(data []byte, i, end int) int {
	var scratch []byte
	n := 0
	for {
		_, next, term, code, _ := scanField(data, i, end, &scratch)
		if code != scanOK {
			return n + 1
		}
		n++
		if term != ',' {
			return n
		}
		i = next
	}
}

// chunkBounds cuts data[start:end] into about n pieces at record boundaries
// (line breaks preceded by an even number of quotes). The result holds the
// piece starts followed by end.
func chunkBounds(data []byte, start, end, n int) []int {
	bounds := []int{start}
	if n <= 1 {
		return append(bounds, end)
	}
	size := (end - start) / n
	prev := start
	for k := 1; k < n; k++ {
		p := start + k*size
		if p <= prev {
			continue
		}
		parity := bytes.Count(data[prev:p], []byte{'"'}) & 1
		j := p
		for ; j < end; j++ {
			c := data[j]
			if c == '"' {
				parity ^= 1
			} else if c == '\n' && parity == 0 {
				break
			}
		}
		if j >= end-1 {
			break
		}
		prev = j + 1
		bounds = append(bounds, prev)
	}
	return append(bounds, end)
}

// colChunk is one column of one chunk after the first pass.
type colChunk struct {
	state Kind     // Unknown while every value so far is missing
	vals  []uint64 // int64 or float64 bits, or 0/1, one per row (0 when missing)
	nulls []int32  // chunk-local rows that are missing
	// Filled by the string pass.
	offs []int32 // len rows+1
	buf  []byte
}

// chunk is one piece of the file and what the passes made of it.
type chunk struct {
	start, end int
	rows       int
	cols       []colChunk
	err        *csvError // first problem, by position
}

// csvError is a problem found while parsing, located by byte offset and
// chunk-local row; readCSV turns it into a *FileError or *ColumnError.
type csvError struct {
	pos    int // byte offset in the data
	row    int // chunk-local 0-based data row
	col    int // column index, -1 when the problem is the record
	value  string
	code   int // scan code, or 0 with err set
	fields int // for ragged rows
	err    error
}

// nullSet decides which field texts are missing values.
type nullSet struct {
	def bool // the default set {"", "NA"}
	set map[string]struct{}
}

func (ns *nullSet) is(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	if ns.def {
		return len(b) == 2 && b[0] == 'N' && b[1] == 'A'
	}
	_, ok := ns.set[string(b)]
	return ok
}

// parseChunk is the first pass over one chunk: it splits records and fields,
// checks the field count, and parses each column as the narrowest of int64,
// float64 and bool that holds every value so far, falling back to string
// (whose text a second pass collects). A column with fixed[j] != Unknown is
// parsed as that kind, and a value that does not parse is an error.
func parseChunk(c *chunk, data []byte, ncol int, fixed []Kind, nulls *nullSet) {
	end := c.end
	// Rows are at most the line breaks, and a row of ncol fields takes at
	// least ncol bytes (a header of many columns over blank lines must not
	// reserve columns × lines).
	est := min(bytes.Count(data[c.start:end], []byte{'\n'}), (end-c.start)/ncol) + 1
	c.cols = make([]colChunk, ncol)
	for j := range c.cols {
		cc := &c.cols[j]
		cc.state = fixed[j]
		if cc.state != String {
			cc.vals = make([]uint64, 0, est)
		}
	}
	var scratch []byte
	i := c.start
	row := 0
	for {
		i = skipBlank(data, i, end)
		if i >= end {
			break
		}
		rowStart := i
		for j := 0; ; j++ {
			if j >= ncol {
				c.err = &csvError{pos: rowStart, row: row, col: -1, fields: countFields(data, rowStart, end), err: ErrRagged}
				c.rows = row
				return
			}
			cc := &c.cols[j]
			// Fast path: a number read straight from the text, for a column
			// that is numeric so far.
			term, next, done := byte(0), 0, false
			if cc.state == Float || cc.state == Int {
				var u uint64
				var p int
				var ok bool
				if cc.state == Float {
					var x float64
					x, p, ok = fastFloat(data[:end], i)
					u = math.Float64bits(x)
				} else {
					var x int64
					x, p, ok = fastInt(data[:end], i)
					u = uint64(x)
				}
				if ok {
					switch {
					case p == end:
						term, next, done = 0, end, true
					case data[p] == ',':
						term, next, done = ',', p+1, true
					case data[p] == '\n':
						term, next, done = '\n', p+1, true
					case data[p] == '\r' && p+1 < end && data[p+1] == '\n':
						term, next, done = '\n', p+2, true
					case data[p] == '\r' && p+1 == end:
						term, next, done = 0, end, true
					}
					if done {
						cc.vals = append(cc.vals, u)
					}
				}
			}
			if !done {
				val, nxt, trm, code, errPos := scanField(data, i, end, &scratch)
				if code != scanOK {
					c.err = &csvError{pos: errPos, row: row, col: -1, code: code}
					c.rows = row
					return
				}
				term, next = trm, nxt
				if term != ',' && j+1 != ncol {
					// A short row, reported below.
				} else if nulls.is(val) {
					if cc.state != String {
						cc.vals = append(cc.vals, 0)
					}
					cc.nulls = append(cc.nulls, int32(row))
				} else if !cc.add(val, fixed[j] != Unknown) {
					c.err = &csvError{pos: i, row: row, col: j, value: string(val), err: ErrParse}
					c.rows = row
					return
				}
			}
			if term != ',' && j+1 != ncol {
				c.err = &csvError{pos: rowStart, row: row, col: -1, fields: countFields(data, rowStart, end), err: ErrRagged}
				c.rows = row
				return
			}
			i = next
			if term != ',' {
				break
			}
		}
		row++
	}
	c.rows = row
}

// add appends one present value, widening the column's kind as needed. With
// fixed set the kind never changes and add reports whether v parsed.
func (cc *colChunk) add(v []byte, fixed bool) bool {
	switch cc.state {
	case Int:
		if x, ok := parseInt64(v); ok {
			cc.vals = append(cc.vals, uint64(x))
			return true
		}
		if fixed {
			return false
		}
		if x, ok := parseFloat64(v); ok {
			for k, u := range cc.vals {
				cc.vals[k] = math.Float64bits(float64(int64(u)))
			}
			cc.state = Float
			cc.vals = append(cc.vals, math.Float64bits(x))
			return true
		}
		cc.toString()
		return true
	case Float:
		if x, ok := parseFloat64(v); ok {
			cc.vals = append(cc.vals, math.Float64bits(x))
			return true
		}
		if fixed {
			return false
		}
		cc.toString()
		return true
	case Bool:
		if x, ok := parseBoolBytes(v); ok {
			var u uint64
			if x {
				u = 1
			}
			cc.vals = append(cc.vals, u)
			return true
		}
		if fixed {
			return false
		}
		cc.toString()
		return true
	case Timestamp: // only ever fixed by ReadOptions.Types
		x, ok := ParseTime(bytesString(v))
		if ok {
			cc.vals = append(cc.vals, uint64(x))
		}
		return ok
	case String:
		return true
	}
	// Unknown: the first present value decides.
	if _, ok := parseInt64(v); ok {
		cc.state = Int
	} else if _, ok := parseFloat64(v); ok {
		cc.state = Float
	} else if _, ok := parseBoolBytes(v); ok {
		cc.state = Bool
	} else {
		cc.toString()
		return true
	}
	return cc.add(v, false)
}

func (cc *colChunk) toString() {
	cc.state = String
	cc.vals = nil
}

// joinKind is the narrowest kind that holds values of kinds a and b.
func joinKind(a, b Kind) Kind {
	switch {
	case a == b:
		return a
	case a == Unknown:
		return b
	case b == Unknown:
		return a
	case (a == Int && b == Float) || (a == Float && b == Int):
		return Float
	}
	return String
}

// collectStrings is the second pass over a chunk: it gathers the text of
// the columns with want[j] set. The first pass has already checked the
// chunk's structure.
func collectStrings(c *chunk, data []byte, want []bool, nulls *nullSet) {
	for j, w := range want {
		if w {
			cc := &c.cols[j]
			cc.offs = make([]int32, 1, c.rows+1)
			cc.nulls = cc.nulls[:0]
			cc.vals = nil
		}
	}
	var scratch []byte
	i := c.start
	for row := 0; row < c.rows; row++ {
		i = skipBlank(data, i, c.end)
		for j := 0; ; j++ {
			val, next, term, _, _ := scanField(data, i, c.end, &scratch)
			if want[j] {
				cc := &c.cols[j]
				if nulls.is(val) {
					cc.nulls = append(cc.nulls, int32(row))
				} else {
					if !utf8.Valid(val) {
						c.err = &csvError{pos: i, row: row, col: j, value: string(val), err: errUTF8}
						return
					}
					cc.buf = append(cc.buf, val...)
				}
				if len(cc.buf) > maxStringBytes {
					c.err = &csvError{pos: i, row: row, col: j, err: errTooBig}
					return
				}
				cc.offs = append(cc.offs, int32(len(cc.buf)))
			}
			i = next
			if term != ',' {
				break
			}
		}
	}
}
