package dataset

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

func TestConcat(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	f := mixedFrame(t, mem)
	defer f.Release()
	g, err := Concat(f, f)
	require.NoError(t, err, "Concat(f, f)")
	defer g.Release()
	require.Equal(t, 8, g.NumRows(), "Concat(f, f).NumRows")
	want := frameText(t, f)
	for j := range want {
		want[j] = append(want[j], want[j][1:]...)
	}
	require.Equal(t, want, frameText(t, g), "Concat(f, f)")

	sel, err := f.Select("n", "x")
	require.NoError(t, err, "Select")
	defer sel.Release()
	_, err = Concat(f, sel)
	require.ErrorIs(t, err, ErrNoColumn, "Concat(f, fewer columns)")
	sw, err := f.Select("n", "x", "s", "ok")
	require.NoError(t, err, "Select")
	defer sw.Release()
	_, err = Concat(f, sw)
	require.ErrorIs(t, err, ErrNoColumn, "Concat(f, reordered)")
	var b Builder
	b.Allocator = mem
	other, err := b.String("x", []string{"a"}).Int64("n", []int64{1}).String("s", []string{"s"}).Bool("ok", []bool{true}).Frame()
	require.NoError(t, err, "Builder.Frame")
	defer other.Release()
	_, err = Concat(f, other)
	require.ErrorIs(t, err, ErrType, "Concat(f, x as string)")
	_, err = Concat()
	require.ErrorIs(t, err, ErrEmpty, "Concat()")
}

func TestInt64sTimes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	f, err := ReadCSV(t.Context(), stringsReader("n,m,t,u\n1,1,2024-01-01,2024-01-01\n2,,1970-01-02T00:00:00Z,\n"), "t.csv", &ReadOptions{Allocator: mem})
	require.NoError(t, err, "ReadCSV")
	defer f.Release()
	n, err := f.Int64s("n")
	require.NoError(t, err, "Int64s(n)")
	require.Equal(t, []int64{1, 2}, n, "Int64s(n)")
	_, err = f.Int64s("m")
	require.ErrorIs(t, err, ErrNulls, "Int64s(m with a missing value)")
	_, err = f.Int64s("t")
	require.ErrorIs(t, err, ErrType, "Int64s(text)")
	ts, err := f.Times("t")
	require.NoError(t, err, "Times(t)")
	require.Equal(t, []int64{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano(), 86400e9}, ts, "Times(t)")
	_, err = f.Times("u")
	require.ErrorIs(t, err, ErrNulls, "Times(u with a missing value)")
	g, err := ReadCSV(t.Context(), stringsReader("t\n2024-01-01\n1970-01-02T00:00:00Z\n"), "t.csv",
		&ReadOptions{Allocator: mem, Types: map[string]Kind{"t": Timestamp}})
	require.NoError(t, err, "ReadCSV(t as Timestamp)")
	defer g.Release()
	ts2, err := g.Times("t")
	require.NoError(t, err, "Times(timestamp column)")
	require.Equal(t, ts, ts2, "Times(timestamp column) = Times(text column)")
	secs, err := f.Times("n")
	require.NoError(t, err, "Times(n as epoch seconds)")
	require.Equal(t, []int64{1e9, 2e9}, secs, "Times(n)")
}
