package dataset

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Kind is the logical type of a column as sibyl sees it.
type Kind uint8

// The column kinds. Arrow integer types of any width are Int, floating types
// are Float, and string-like types (including dictionaries of strings) are String.
const (
	Unknown Kind = iota
	Float
	Int
	Bool
	String
	Timestamp
)

func (k Kind) String() string {
	switch k {
	case Float:
		return "float"
	case Int:
		return "int"
	case Bool:
		return "bool"
	case String:
		return "string"
	case Timestamp:
		return "timestamp"
	}
	return "unknown"
}

// Frame is a table held in one Arrow record batch, so every column is one
// contiguous array. A Frame owns one reference to its batch; call Release when
// done. Slices returned by Float64s alias the batch's memory and are valid
// until Release.
type Frame struct {
	rec    arrow.RecordBatch
	source string
	index  map[string]int
	mem    memory.Allocator // for frames derived from this one
}

// NewFrame wraps rec, retaining it; source names where it came from (a file
// name, or empty) and is used in error messages.
func NewFrame(rec arrow.RecordBatch, source string) *Frame {
	return newFrame(rec, source, memory.DefaultAllocator)
}

func newFrame(rec arrow.RecordBatch, source string, mem memory.Allocator) *Frame {
	rec.Retain()
	idx := make(map[string]int, rec.NumCols())
	for i := 0; i < int(rec.NumCols()); i++ {
		name := rec.ColumnName(i)
		if _, dup := idx[name]; !dup {
			idx[name] = i
		}
	}
	return &Frame{rec: rec, source: source, index: idx, mem: mem}
}

// Release gives back the Frame's reference to its record batch.
func (f *Frame) Release() {
	if f.rec != nil {
		f.rec.Release()
		f.rec = nil
	}
}

// RecordBatch returns the underlying batch, borrowed: Retain it to keep it
// beyond the Frame's Release.
func (f *Frame) RecordBatch() arrow.RecordBatch { return f.rec }

// Source is the name the Frame was read from, or empty.
func (f *Frame) Source() string { return f.source }

// NumRows is the number of rows.
func (f *Frame) NumRows() int { return int(f.rec.NumRows()) }

// Names returns the column names in order.
func (f *Frame) Names() []string {
	n := int(f.rec.NumCols())
	out := make([]string, n)
	for i := range out {
		out[i] = f.rec.ColumnName(i)
	}
	return out
}

// Has reports whether the Frame has a column called name.
func (f *Frame) Has(name string) bool { _, ok := f.index[name]; return ok }

func (f *Frame) column(name string) (arrow.Array, error) {
	i, ok := f.index[name]
	if !ok {
		return nil, colErr(f.source, name, 0, "", ErrNoColumn)
	}
	return f.rec.Column(i), nil
}

// Kind returns the logical type of the named column.
func (f *Frame) Kind(name string) (Kind, error) {
	col, err := f.column(name)
	if err != nil {
		return Unknown, err
	}
	return kindOf(col.DataType()), nil
}

func kindOf(dt arrow.DataType) Kind {
	switch dt.ID() {
	case arrow.FLOAT16, arrow.FLOAT32, arrow.FLOAT64:
		return Float
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
		arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64:
		return Int
	case arrow.BOOL:
		return Bool
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return String
	case arrow.DICTIONARY:
		if kindOf(dt.(*arrow.DictionaryType).ValueType) == String {
			return String
		}
	case arrow.TIMESTAMP, arrow.DATE32, arrow.DATE64:
		return Timestamp
	}
	return Unknown
}

// NullCount returns how many values of the named column are missing.
func (f *Frame) NullCount(name string) (int, error) {
	col, err := f.column(name)
	if err != nil {
		return 0, err
	}
	return col.NullN(), nil
}

// Float64s returns the named column as a slice that aliases the Arrow memory,
// without copying. It succeeds only for a float64 column with no missing
// values; otherwise it returns a *ColumnError wrapping ErrType or ErrNulls
// (use AppendFloat64s for a converting copy). The slice must not be modified
// and is valid until the Frame is released.
func (f *Frame) Float64s(name string) ([]float64, error) {
	col, err := f.column(name)
	if err != nil {
		return nil, err
	}
	arr, ok := col.(*array.Float64)
	if !ok {
		return nil, colErr(f.source, name, 0, "", wrapf(ErrType, "is %s, not float64", col.DataType()))
	}
	if arr.NullN() > 0 {
		return nil, colErr(f.source, name, firstNull(arr)+1, "", ErrNulls)
	}
	return arr.Float64Values(), nil
}

func firstNull(a arrow.Array) int {
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			return i
		}
	}
	return -1
}

// AppendFloat64s appends the named column to dst, converted to float64, and
// returns the extended slice. Integer, floating and boolean (true = 1)
// columns are accepted; a missing value becomes NaN. Other kinds return a
// *ColumnError wrapping ErrType.
func (f *Frame) AppendFloat64s(dst []float64, name string) ([]float64, error) {
	col, err := f.column(name)
	if err != nil {
		return dst, err
	}
	n := col.Len()
	start := len(dst)
	dst = grow(dst, n)
	out := dst[start:]
	switch a := col.(type) {
	case *array.Float64:
		copy(out, a.Float64Values())
	case *array.Float32:
		for i, v := range a.Float32Values() {
			out[i] = float64(v)
		}
	case *array.Int64:
		for i, v := range a.Int64Values() {
			out[i] = float64(v)
		}
	case *array.Int32:
		for i, v := range a.Int32Values() {
			out[i] = float64(v)
		}
	case *array.Int16:
		for i, v := range a.Int16Values() {
			out[i] = float64(v)
		}
	case *array.Int8:
		for i, v := range a.Int8Values() {
			out[i] = float64(v)
		}
	case *array.Uint64:
		for i, v := range a.Uint64Values() {
			out[i] = float64(v)
		}
	case *array.Uint32:
		for i, v := range a.Uint32Values() {
			out[i] = float64(v)
		}
	case *array.Uint16:
		for i, v := range a.Uint16Values() {
			out[i] = float64(v)
		}
	case *array.Uint8:
		for i, v := range a.Uint8Values() {
			out[i] = float64(v)
		}
	case *array.Boolean:
		for i := range out {
			if a.Value(i) {
				out[i] = 1
			} else {
				out[i] = 0
			}
		}
	default:
		return dst[:start], f.notNumeric(name, col)
	}
	if col.NullN() > 0 {
		for i := range out {
			if col.IsNull(i) {
				out[i] = math.NaN()
			}
		}
	}
	return dst, nil
}

// AppendStrings appends the named column's values as text to dst. Strings
// are taken as they are, numbers are formatted so they round-trip, and a
// missing value becomes the empty string. The strings of a string column
// share the Frame's Arrow memory, without a copy each: with the default Go
// allocator they stay valid after Release; with an allocator that frees
// memory explicitly, use strings.Clone on those kept longer.
func (f *Frame) AppendStrings(dst []string, name string) ([]string, error) {
	col, err := f.column(name)
	if err != nil {
		return dst, err
	}
	n := col.Len()
	dst = slices.Grow(dst, n)
	switch a := col.(type) {
	case *array.String:
		for i := 0; i < n; i++ {
			dst = append(dst, a.Value(i))
		}
	case *array.LargeString:
		for i := 0; i < n; i++ {
			dst = append(dst, a.Value(i))
		}
	case *array.Int64:
		for i, v := range a.Int64Values() {
			if a.IsNull(i) {
				dst = append(dst, "")
			} else {
				dst = append(dst, strconv.FormatInt(v, 10))
			}
		}
	case *array.Float64:
		for i, v := range a.Float64Values() {
			if a.IsNull(i) {
				dst = append(dst, "")
			} else {
				dst = append(dst, strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
	case *array.Boolean:
		for i := 0; i < n; i++ {
			if a.IsNull(i) {
				dst = append(dst, "")
			} else {
				dst = append(dst, strconv.FormatBool(a.Value(i)))
			}
		}
	default:
		for i := 0; i < n; i++ {
			if col.IsNull(i) {
				dst = append(dst, "")
			} else {
				dst = append(dst, col.ValueStr(i))
			}
		}
	}
	return dst, nil
}

// Codes returns the named column as integer codes into levels, the distinct
// values as text in order of first appearance; a missing value has code -1.
func (f *Frame) Codes(name string) (codes []int32, levels []string, err error) {
	col, err := f.column(name)
	if err != nil {
		return nil, nil, err
	}
	var value func(i int) string
	if a, ok := col.(*array.String); ok {
		value = a.Value // no copy: the map keeps only the levels, cloned below
	} else {
		vals, err := f.AppendStrings(nil, name)
		if err != nil {
			return nil, nil, err
		}
		value = func(i int) string { return vals[i] }
	}
	codes = make([]int32, col.Len())
	seen := make(map[string]int32)
	for i := range codes {
		if col.IsNull(i) {
			codes[i] = -1
			continue
		}
		v := value(i)
		c, ok := seen[v]
		if !ok {
			c = int32(len(levels))
			v = strings.Clone(v)
			seen[v] = c
			levels = append(levels, v)
		}
		codes[i] = c
	}
	return codes, levels, nil
}

// Validity returns a copy of the named column's validity as one bool per row
// (true = present).
func (f *Frame) Validity(name string) ([]bool, error) {
	col, err := f.column(name)
	if err != nil {
		return nil, err
	}
	out := make([]bool, col.Len())
	for i := range out {
		out[i] = col.IsValid(i)
	}
	return out, nil
}

func grow(s []float64, n int) []float64 {
	if cap(s)-len(s) >= n {
		return s[:len(s)+n]
	}
	out := make([]float64, len(s)+n, len(s)+n+len(s)/4)
	copy(out, s)
	return out
}

// notNumeric is the error for a column that AppendFloat64s cannot convert.
// For a text column it names the first present value that is not a number,
// with its row, so the user sees which cell to fix.
func (f *Frame) notNumeric(name string, col arrow.Array) error {
	if kindOf(col.DataType()) == String {
		vals, _ := f.AppendStrings(nil, name)
		for i, v := range vals {
			if col.IsNull(i) {
				continue
			}
			if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
				return colErr(f.source, name, i+1, v, wrapf(ErrType, "not a number"))
			}
		}
	}
	return colErr(f.source, name, 0, "", wrapf(ErrType, "is %s, not numeric", col.DataType()))
}
