package dataset

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Builder assembles a Frame from Go slices, one column per call:
//
//	var b dataset.Builder
//	b.Float64("x", xs)
//	b.Int64("n", ns)
//	b.String("s", ss)
//	f, err := b.Frame()
//
// The slices are copied when Frame is called. A NaN in a float64 column is
// a value, not a missing one; use Float64WithValidity for missing values.
// The zero Builder is ready to use.
type Builder struct {
	// Allocator for the Arrow buffers; nil means memory.DefaultAllocator.
	Allocator memory.Allocator
	// Source names the frame in error messages.
	Source string

	cols []builderCol
}

type builderCol struct {
	name  string
	kind  Kind
	f     []float64
	i     []int64
	s     []string
	b     []bool
	valid []bool // nil: all present
	n     int
}

// Float64 adds a float64 column.
func (b *Builder) Float64(name string, vals []float64) *Builder {
	b.cols = append(b.cols, builderCol{name: name, kind: Float, f: vals, n: len(vals)})
	return b
}

// Float64WithValidity adds a float64 column in which vals[i] is missing
// where valid[i] is false.
func (b *Builder) Float64WithValidity(name string, vals []float64, valid []bool) *Builder {
	b.cols = append(b.cols, builderCol{name: name, kind: Float, f: vals, valid: valid, n: len(vals)})
	return b
}

// Int64 adds an int64 column.
func (b *Builder) Int64(name string, vals []int64) *Builder {
	b.cols = append(b.cols, builderCol{name: name, kind: Int, i: vals, n: len(vals)})
	return b
}

// String adds a string column.
func (b *Builder) String(name string, vals []string) *Builder {
	b.cols = append(b.cols, builderCol{name: name, kind: String, s: vals, n: len(vals)})
	return b
}

// Bool adds a boolean column.
func (b *Builder) Bool(name string, vals []bool) *Builder {
	b.cols = append(b.cols, builderCol{name: name, kind: Bool, b: vals, n: len(vals)})
	return b
}

// Frame builds the Frame. Every column must have the same length and a
// distinct name; otherwise it returns a *ColumnError wrapping ErrRagged or
// ErrDuplicate. The caller owns the Frame and must Release it.
func (b *Builder) Frame() (*Frame, error) {
	mem := b.Allocator
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	if len(b.cols) == 0 {
		return nil, &FileError{Source: b.Source, Err: wrapf(ErrEmpty, "no columns")}
	}
	seen := map[string]bool{}
	for _, c := range b.cols {
		if seen[c.name] {
			return nil, &ColumnError{Source: b.Source, Column: c.name, Err: ErrDuplicate}
		}
		seen[c.name] = true
		if c.n != b.cols[0].n {
			return nil, &ColumnError{Source: b.Source, Column: c.name,
				Err: wrapf(ErrRagged, "%d values, column %q has %d", c.n, b.cols[0].name, b.cols[0].n)}
		}
		if c.valid != nil && len(c.valid) != c.n {
			return nil, &ColumnError{Source: b.Source, Column: c.name,
				Err: wrapf(ErrRagged, "%d values but %d validity flags", c.n, len(c.valid))}
		}
	}
	fields := make([]arrow.Field, len(b.cols))
	arrs := make([]arrow.Array, len(b.cols))
	defer releaseAll(arrs)
	for j, c := range b.cols {
		arrs[j] = c.build(mem)
		fields[j] = arrow.Field{Name: c.name, Type: arrs[j].DataType(), Nullable: true}
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(b.cols[0].n))
	defer rec.Release()
	return newFrame(rec, b.Source, mem), nil
}

func (c *builderCol) build(mem memory.Allocator) arrow.Array {
	switch c.kind {
	case Float:
		bl := array.NewFloat64Builder(mem)
		defer bl.Release()
		bl.AppendValues(c.f, c.valid)
		return bl.NewArray()
	case Int:
		bl := array.NewInt64Builder(mem)
		defer bl.Release()
		bl.AppendValues(c.i, nil)
		return bl.NewArray()
	case Bool:
		bl := array.NewBooleanBuilder(mem)
		defer bl.Release()
		bl.AppendValues(c.b, nil)
		return bl.NewArray()
	default:
		bl := array.NewStringBuilder(mem)
		defer bl.Release()
		bl.AppendValues(c.s, nil)
		return bl.NewArray()
	}
}

// WithFloat64Column returns a new Frame holding f's columns and a float64
// column called name with vals (copied), appended last, or in place of f's
// column of that name if it has one. The columns of f are shared, not
// copied; f stays valid and both frames must be released. This is how batch
// scoring adds its predictions. A NaN in vals is stored as a value.
func (f *Frame) WithFloat64Column(name string, vals []float64) (*Frame, error) {
	if len(vals) != f.NumRows() {
		return nil, &ColumnError{Source: f.source, Column: name,
			Err: wrapf(ErrRagged, "%d values for a frame of %d rows", len(vals), f.NumRows())}
	}
	bl := array.NewFloat64Builder(f.mem)
	bl.AppendValues(vals, nil)
	col := bl.NewArray()
	bl.Release()
	defer col.Release()
	fields := append([]arrow.Field(nil), f.rec.Schema().Fields()...)
	cols := append([]arrow.Array(nil), f.rec.Columns()...)
	field := arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Float64, Nullable: true}
	if j, ok := f.index[name]; ok {
		fields[j], cols[j] = field, col
	} else {
		fields, cols = append(fields, field), append(cols, col)
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, f.rec.NumRows())
	defer rec.Release()
	return newFrame(rec, f.source, f.mem), nil
}

// Select returns a new Frame with the named columns, in that order, sharing
// their memory with f. Both frames must be released.
func (f *Frame) Select(names ...string) (*Frame, error) {
	fields := make([]arrow.Field, len(names))
	cols := make([]arrow.Array, len(names))
	seen := map[string]bool{}
	for k, n := range names {
		j, ok := f.index[n]
		if !ok {
			return nil, colErr(f.source, n, 0, "", ErrNoColumn)
		}
		if seen[n] {
			return nil, &ColumnError{Source: f.source, Column: n, Err: ErrDuplicate}
		}
		seen[n] = true
		fields[k], cols[k] = f.rec.Schema().Field(j), f.rec.Column(j)
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, f.rec.NumRows())
	defer rec.Release()
	return newFrame(rec, f.source, f.mem), nil
}
