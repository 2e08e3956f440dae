package dataset

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Take returns a new Frame holding the given rows of f, in the order given
// (a row may appear more than once): the one copy that materialises a split.
// A row outside [0, NumRows) returns an error wrapping ErrRow. Columns of
// fixed-width, boolean and string types are supported; others return an
// error wrapping ErrType.
func (f *Frame) Take(rows []int) (*Frame, error) {
	n := f.NumRows()
	for k, r := range rows {
		if r < 0 || r >= n {
			return nil, wrapf(ErrRow, "rows[%d] = %d, frame has %d rows", k, r, n)
		}
	}
	ncol := int(f.rec.NumCols())
	cols := make([]arrow.Array, ncol)
	defer releaseAll(cols)
	for j := 0; j < ncol; j++ {
		var err error
		if cols[j], err = takeArray(f.mem, f.rec.Column(j), rows); err != nil {
			return nil, &ColumnError{Source: f.source, Column: f.rec.ColumnName(j), Err: err}
		}
	}
	rec := array.NewRecordBatch(f.rec.Schema(), cols, int64(len(rows)))
	defer rec.Release()
	return newFrame(rec, f.source, f.mem), nil
}

func takeArray(mem memory.Allocator, col arrow.Array, rows []int) (arrow.Array, error) {
	m := len(rows)
	var validity *memory.Buffer
	nulls := 0
	if col.NullN() > 0 {
		validity = memory.NewResizableBuffer(mem)
		defer validity.Release()
		validity.Resize(int(bitutil.BytesForBits(int64(m))))
		bits := validity.Bytes()
		for k := range bits {
			bits[k] = 0
		}
		for k, r := range rows {
			if col.IsValid(r) {
				bitutil.SetBit(bits, k)
			} else {
				nulls++
			}
		}
	}
	dt := col.DataType()
	switch a := col.(type) {
	case *array.Boolean:
		buf := memory.NewResizableBuffer(mem)
		defer buf.Release()
		buf.Resize(int(bitutil.BytesForBits(int64(m))))
		bits := buf.Bytes()
		for k := range bits {
			bits[k] = 0
		}
		for k, r := range rows {
			if a.Value(r) {
				bitutil.SetBit(bits, k)
			}
		}
		data := array.NewData(dt, m, []*memory.Buffer{validity, buf}, nil, nulls, 0)
		defer data.Release()
		return array.MakeFromData(data), nil
	case *array.String:
		b := array.NewStringBuilder(mem)
		defer b.Release()
		b.Reserve(m)
		for _, r := range rows {
			if a.IsNull(r) {
				b.AppendNull()
			} else {
				b.Append(a.Value(r))
			}
		}
		return b.NewArray(), nil
	case *array.LargeString:
		b := array.NewLargeStringBuilder(mem)
		defer b.Release()
		for _, r := range rows {
			if a.IsNull(r) {
				b.AppendNull()
			} else {
				b.Append(a.Value(r))
			}
		}
		return b.NewArray(), nil
	}
	fw, ok := dt.(arrow.FixedWidthDataType)
	if !ok || dt.ID() == arrow.DICTIONARY || fw.BitWidth()%8 != 0 || len(col.Data().Buffers()) != 2 {
		return nil, wrapf(ErrType, "cannot take rows of a %s column", dt)
	}
	w := fw.BitWidth() / 8
	src := col.Data().Buffers()[1].Bytes()[col.Data().Offset()*w:]
	buf := memory.NewResizableBuffer(mem)
	defer buf.Release()
	buf.Resize(m * w)
	dst := buf.Bytes()
	if w == 8 {
		s8 := arrow.Uint64Traits.CastFromBytes(src)
		d8 := arrow.Uint64Traits.CastFromBytes(dst)[:m]
		for k, r := range rows {
			d8[k] = s8[r]
		}
	} else {
		for k, r := range rows {
			copy(dst[k*w:(k+1)*w], src[r*w:(r+1)*w])
		}
	}
	data := array.NewData(dt, m, []*memory.Buffer{validity, buf}, nil, nulls, 0)
	defer data.Release()
	return array.MakeFromData(data), nil
}
