package dataset

import (
	"math"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// ParseTime reads a timestamp as Unix nanoseconds: RFC 3339 with an
// optional fraction of up to nine digits and a zone (Z or ±hh:mm; the
// offset is applied), or a plain date YYYY-MM-DD (midnight UTC). ok is false
// for anything else, including out-of-range dates and instants outside the
// years 1678-2261 that int64 nanoseconds cover.
func ParseTime(s string) (ns int64, ok bool) {
	var t time.Time
	var err error
	if len(s) == 10 {
		t, err = time.Parse(time.DateOnly, s)
	} else {
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	if err != nil {
		return 0, false
	}
	if t.Year() < 1678 || t.Year() > 2261 {
		return 0, false
	}
	return t.UnixNano(), true
}

// epochSeconds converts seconds since 1970 to nanoseconds, rejecting NaN,
// infinities and values outside int64 nanoseconds.
func epochSeconds(x float64) (int64, bool) {
	ns := math.Round(x * 1e9)
	if math.IsNaN(ns) || ns < -9.2e18 || ns > 9.2e18 {
		return 0, false
	}
	return int64(ns), true
}

// timesOf reads column name as Unix nanoseconds: an Arrow timestamp or date
// column, numbers as seconds since 1970, or text by ParseTime. ok[i] is
// false where row i is missing or does not parse; text[i] then holds the
// offending text ("" when missing).
func (f *Frame) timesOf(name string) (ns []int64, ok []bool, text func(i int) string, err error) {
	col, err := f.column(name)
	if err != nil {
		return nil, nil, nil, err
	}
	n := col.Len()
	ns = make([]int64, n)
	ok = make([]bool, n)
	text = func(i int) string {
		if col.IsNull(i) {
			return ""
		}
		return col.ValueStr(i)
	}
	switch a := col.(type) {
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		mul := int64(unit.Multiplier() / time.Nanosecond)
		for i := range ns {
			if a.IsValid(i) {
				v := int64(a.Value(i))
				if mul > 1 && (v > math.MaxInt64/mul || v < math.MinInt64/mul) {
					continue
				}
				ns[i], ok[i] = v*mul, true
			}
		}
	case *array.Date32:
		for i := range ns {
			if a.IsValid(i) {
				ns[i], ok[i] = int64(a.Value(i))*86400e9, true
			}
		}
	case *array.Date64:
		for i := range ns {
			if a.IsValid(i) {
				ns[i], ok[i] = int64(a.Value(i))*1e6, true
			}
		}
	case *array.String:
		for i := range ns {
			if a.IsValid(i) {
				ns[i], ok[i] = ParseTime(a.Value(i))
			}
		}
	case *array.LargeString:
		for i := range ns {
			if a.IsValid(i) {
				ns[i], ok[i] = ParseTime(a.Value(i))
			}
		}
	default:
		secs, err := f.AppendFloat64s(nil, name)
		if err != nil {
			return nil, nil, nil, colErr(f.source, name, 0, "", wrapf(ErrType, "is %s, not a time", col.DataType()))
		}
		for i, x := range secs {
			ns[i], ok[i] = epochSeconds(x)
		}
	}
	return ns, ok, text, nil
}

// TimeSplit splits f's rows by the time in column name: before holds the
// rows strictly before cutoff, after those at or after it, both ascending.
// The column may be an Arrow timestamp or date, numbers (seconds since
// 1970) or text that ParseTime reads. A missing or unreadable time is a
// *ColumnError wrapping ErrParse.
func TimeSplit(f *Frame, name string, cutoff time.Time) (before, after []int, err error) {
	ns, ok, text, err := f.timesOf(name)
	if err != nil {
		return nil, nil, err
	}
	cut := cutoff.UnixNano()
	for i, t := range ns {
		if !ok[i] {
			return nil, nil, colErr(f.source, name, i+1, text(i), wrapf(ErrParse, "not a time"))
		}
		if t < cut {
			before = append(before, i)
		} else {
			after = append(after, i)
		}
	}
	return before, after, nil
}
