package dataset

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Concat stacks the rows of frames, which must have the same column names
// and types in the same order, into a new Frame: the one copy that joins
// files or batches. The result's source is the first frame's. Frames whose
// columns differ return a *ColumnError wrapping ErrType (a type differs) or
// ErrNoColumn (a name differs or is missing).
func Concat(frames ...*Frame) (*Frame, error) {
	if len(frames) == 0 {
		return nil, &FileError{Err: wrapf(ErrEmpty, "Concat of no frames")}
	}
	first := frames[0]
	schema := first.rec.Schema()
	for k, f := range frames[1:] {
		s := f.rec.Schema()
		if s.NumFields() != schema.NumFields() {
			return nil, &FileError{Source: f.source, Err: wrapf(ErrNoColumn, "frame %d has %d columns, frame 0 has %d", k+1, s.NumFields(), schema.NumFields())}
		}
		for j := 0; j < s.NumFields(); j++ {
			a, b := schema.Field(j), s.Field(j)
			if a.Name != b.Name {
				return nil, &ColumnError{Source: f.source, Column: b.Name, Err: wrapf(ErrNoColumn, "frame %d column %d is %q, frame 0 has %q", k+1, j, b.Name, a.Name)}
			}
			if !arrow.TypeEqual(a.Type, b.Type) {
				return nil, &ColumnError{Source: f.source, Column: b.Name, Err: wrapf(ErrType, "frame %d has %s, frame 0 has %s", k+1, b.Type, a.Type)}
			}
		}
	}
	var rows int64
	for _, f := range frames {
		rows += f.rec.NumRows()
	}
	cols := make([]arrow.Array, schema.NumFields())
	defer releaseAll(cols)
	parts := make([]arrow.Array, len(frames))
	for j := range cols {
		for k, f := range frames {
			parts[k] = f.rec.Column(j)
		}
		var err error
		if cols[j], err = concat(parts, schema.Field(j).Type, first.mem); err != nil {
			return nil, &ColumnError{Source: first.source, Column: schema.Field(j).Name, Err: wrapf(ErrType, "%v", err)}
		}
	}
	rec := array.NewRecordBatch(schema, cols, rows)
	defer rec.Release()
	return newFrame(rec, first.source, first.mem), nil
}

// Int64s returns the named column as a slice that aliases the Arrow memory,
// without copying. It succeeds only for an int64 column with no missing
// values; otherwise it returns a *ColumnError wrapping ErrType or ErrNulls.
// The slice must not be modified and is valid until the Frame is released.
func (f *Frame) Int64s(name string) ([]int64, error) {
	col, err := f.column(name)
	if err != nil {
		return nil, err
	}
	arr, ok := col.(*array.Int64)
	if !ok {
		return nil, colErr(f.source, name, 0, "", wrapf(ErrType, "is %s, not int64", col.DataType()))
	}
	if arr.NullN() > 0 {
		return nil, colErr(f.source, name, firstNull(arr)+1, "", ErrNulls)
	}
	return arr.Int64Values(), nil
}

// Times returns the named column as Unix nanoseconds (a new slice): an
// Arrow timestamp or date column, numbers as seconds since 1970, or text
// read by ParseTime. A missing or unreadable time is a *ColumnError
// wrapping ErrNulls or ErrParse that names its row and text.
func (f *Frame) Times(name string) ([]int64, error) {
	ns, ok, text, err := f.timesOf(name)
	if err != nil {
		return nil, err
	}
	for i := range ns {
		if !ok[i] {
			if s := text(i); s != "" {
				return nil, colErr(f.source, name, i+1, s, wrapf(ErrParse, "not a time"))
			}
			return nil, colErr(f.source, name, i+1, "", ErrNulls)
		}
	}
	return ns, nil
}
