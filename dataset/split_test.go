package dataset

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// labelFrame has n rows with label "a" for rows where i%4 == 0 and "b"
// otherwise, and x = i.
func labelFrame(t *testing.T, mem memory.Allocator, n int) *Frame {
	t.Helper()
	x := make([]float64, n)
	y := make([]string, n)
	for i := range x {
		x[i] = float64(i)
		y[i] = "b"
		if i%4 == 0 {
			y[i] = "a"
		}
	}
	var b Builder
	b.Allocator = mem
	f, err := b.Float64("x", x).String("y", y).Frame()
	require.NoError(t, err, "Builder.Frame")
	return f
}

func requirePartition(t *testing.T, n int, what string, parts ...[]int) {
	t.Helper()
	var all []int
	for _, p := range parts {
		require.Truef(t, sort.IntsAreSorted(p), "%s: rows not ascending", what)
		all = append(all, p...)
	}
	sort.Ints(all)
	require.Lenf(t, all, n, "%s: rows", what)
	for i, r := range all {
		require.Equalf(t, i, r, "%s: row %d missing or repeated", what, i)
	}
}

func TestSplitRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	f := labelFrame(t, mem, 100)
	defer f.Release()
	t.Run("random", func(t *testing.T) {
		train, test, err := Split{Seed: 7}.Rows(f)
		require.NoError(t, err, "Split{}.Rows")
		require.Len(t, test, 25, "Split{}.Rows test size (ceil 0.25·100)")
		requirePartition(t, 100, "Split{}.Rows", train, test)
		train2, test2, _ := Split{Seed: 7}.Rows(f)
		require.Equal(t, test, test2, "Split{Seed: 7}.Rows is deterministic")
		require.Equal(t, train, train2, "Split{Seed: 7}.Rows is deterministic")
		_, test3, _ := Split{Seed: 8}.Rows(f)
		require.NotEqual(t, test, test3, "Split.Rows with another seed")
	})
	t.Run("ceil", func(t *testing.T) {
		_, test, err := Split{TestFraction: 0.333}.Rows(f)
		require.NoError(t, err, "Split{0.333}.Rows")
		require.Len(t, test, 34, "Split{0.333}.Rows test size")
	})
	t.Run("stratified", func(t *testing.T) {
		train, test, err := Split{TestFraction: 0.2, Stratify: "y", Seed: 1}.Rows(f)
		require.NoError(t, err, "Split{Stratify}.Rows")
		requirePartition(t, 100, "Split{Stratify}.Rows", train, test)
		a := 0
		for _, r := range test {
			if r%4 == 0 {
				a++
			}
		}
		require.Len(t, test, 20, "Split{Stratify}.Rows test size")
		require.Equal(t, 5, a, "Split{Stratify}.Rows label a in test (0.2·25)")
	})
	bad := []struct {
		name string
		s    Split
		err  error
	}{
		{"fraction 1", Split{TestFraction: 1}, ErrSplit},
		{"fraction negative", Split{TestFraction: -0.1}, ErrSplit},
		{"fraction tiny", Split{TestFraction: 0.995}, ErrSplit},
		{"no label", Split{Stratify: "nope"}, ErrNoColumn},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tc.s.Rows(f)
			require.ErrorIsf(t, err, tc.err, "Split%+v.Rows", tc.s)
		})
	}
	t.Run("missing label", func(t *testing.T) {
		g, err := ReadCSV(t.Context(), stringsReader("y\na\n\nb\nNA\n"), "t.csv", &ReadOptions{Allocator: mem})
		require.NoError(t, err, "ReadCSV")
		defer g.Release()
		_, _, err = Split{Stratify: "y"}.Rows(g)
		require.ErrorIs(t, err, ErrNulls, "Split{Stratify}.Rows with a missing label")
	})
	t.Run("one row", func(t *testing.T) {
		g := labelFrame(t, mem, 1)
		defer g.Release()
		_, _, err := Split{}.Rows(g)
		require.ErrorIs(t, err, ErrSplit, "Split{}.Rows of one row")
	})
}

func TestKFold(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	f := labelFrame(t, mem, 10)
	defer f.Release()
	t.Run("plain", func(t *testing.T) {
		folds, err := KFold{K: 3}.Folds(f)
		require.NoError(t, err, "KFold{3}.Folds")
		// sklearn KFold(3).split(range(10)): test [0..3], [4..6], [7..9].
		require.Equal(t, []int{0, 1, 2, 3}, folds[0].Test, "KFold{3} fold 0")
		require.Equal(t, []int{4, 5, 6}, folds[1].Test, "KFold{3} fold 1")
		require.Equal(t, []int{7, 8, 9}, folds[2].Test, "KFold{3} fold 2")
		for q, fd := range folds {
			requirePartition(t, 10, "KFold{3} fold "+string(rune('0'+q)), fd.Train, fd.Test)
		}
	})
	t.Run("stratified like sklearn", func(t *testing.T) {
		// y = a b b b a b b b a b. Expected test folds from scikit-learn
		// 1.2.1: [list(te) for _, te in StratifiedKFold(k).split(y, y)].
		folds, err := KFold{K: 2, Stratify: "y"}.Folds(f)
		require.NoError(t, err, "KFold{2, y}.Folds")
		require.Equal(t, []int{0, 1, 2, 3, 4}, folds[0].Test, "KFold{2, y} fold 0")
		require.Equal(t, []int{5, 6, 7, 8, 9}, folds[1].Test, "KFold{2, y} fold 1")
		folds, err = KFold{K: 3, Stratify: "y"}.Folds(f)
		require.NoError(t, err, "KFold{3, y}.Folds")
		require.Equal(t, []int{0, 1, 2, 3}, folds[0].Test, "KFold{3, y} fold 0")
		require.Equal(t, []int{4, 5, 6}, folds[1].Test, "KFold{3, y} fold 1")
		require.Equal(t, []int{7, 8, 9}, folds[2].Test, "KFold{3, y} fold 2")
	})
	t.Run("stratified three labels like sklearn", func(t *testing.T) {
		// scikit-learn 1.2.1: StratifiedKFold(4).split(y, y) for this y.
		y := strings.Split("cabcbbacabcccbabcab", "")
		var b Builder
		b.Allocator = mem
		g, err := b.String("y", y).Frame()
		require.NoError(t, err, "Builder.Frame")
		defer g.Release()
		folds, err := KFold{K: 4, Stratify: "y"}.Folds(g)
		require.NoError(t, err, "KFold{4, y}.Folds")
		want := [][]int{{0, 1, 2, 3, 4}, {5, 6, 7, 9, 10}, {8, 11, 12, 13, 15}, {14, 16, 17, 18}}
		for q, w := range want {
			require.Equalf(t, w, folds[q].Test, "KFold{4, y} fold %d", q)
		}
	})
	t.Run("shuffled", func(t *testing.T) {
		for _, strat := range []string{"", "y"} {
			k := KFold{K: 3, Stratify: strat, Shuffle: true, Seed: 3}
			folds, err := k.Folds(f)
			require.NoErrorf(t, err, "%+v.Folds", k)
			again, _ := k.Folds(f)
			require.Equalf(t, folds, again, "%+v.Folds is deterministic", k)
			var tests [][]int
			for _, fd := range folds {
				requirePartition(t, 10, "shuffled fold", fd.Train, fd.Test)
				tests = append(tests, fd.Test)
			}
			requirePartition(t, 10, "shuffled test sets", tests...)
		}
	})
	bad := []KFold{{K: 1}, {K: 11}, {K: 8, Stratify: "y"}, {Stratify: "nope"}}
	for _, k := range bad {
		_, err := k.Folds(f)
		require.Errorf(t, err, "%+v.Folds", k)
	}
}

func TestTake(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	f := mixedFrame(t, mem)
	defer f.Release()
	g, err := f.Take([]int{3, 0, 3})
	require.NoError(t, err, "Take(3, 0, 3)")
	defer g.Release()
	require.Equal(t, [][]string{
		{"x:float", "<NA>", "1.5", "<NA>"},
		{"n:int", "9223372036854775807", "1", "9223372036854775807"},
		{"s:string", "line\nbreak", "a", "line\nbreak"},
		{"ok:bool", "true", "true", "true"},
	}, frameText(t, g), "Take(3, 0, 3)")
	_, err = f.Take([]int{4})
	require.ErrorIs(t, err, ErrRow, "Take(4) of 4 rows")
	_, err = f.Take([]int{-1})
	require.ErrorIs(t, err, ErrRow, "Take(-1)")
	e, err := f.Take(nil)
	require.NoError(t, err, "Take(nil)")
	require.Equal(t, 0, e.NumRows(), "Take(nil).NumRows")
	e.Release()
}

func TestTimeSplit(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	text := "t,d,s\n2024-01-01T00:00:00Z,2023-12-31,1704067199\n2024-01-02T10:00:00+02:00,2024-01-01,1704067200\n2023-06-01T00:00:00.5Z,2024-01-02,1704067200.5\n"
	f, err := ReadCSV(t.Context(), stringsReader(text), "t.csv", &ReadOptions{Allocator: mem})
	require.NoError(t, err, "ReadCSV")
	defer f.Release()
	cut := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, col := range []string{"t", "d", "s"} {
		before, after, err := TimeSplit(f, col, cut)
		require.NoErrorf(t, err, "TimeSplit(%s)", col)
		want := map[string][2][]int{"t": {{2}, {0, 1}}, "d": {{0}, {1, 2}}, "s": {{0}, {1, 2}}}[col]
		require.Equalf(t, want[0], before, "TimeSplit(%s) before", col)
		require.Equalf(t, want[1], after, "TimeSplit(%s) after", col)
	}
	g, err := ReadCSV(t.Context(), stringsReader("t\n2024-01-01\nyesterday\n"), "t.csv", &ReadOptions{Allocator: mem})
	require.NoError(t, err, "ReadCSV")
	defer g.Release()
	_, _, err = TimeSplit(g, "t", cut)
	var ce *ColumnError
	require.ErrorAs(t, err, &ce, "TimeSplit(bad time)")
	require.Equal(t, 2, ce.Row, "TimeSplit(bad time) row")
	require.Equal(t, "yesterday", ce.Value, "TimeSplit(bad time) value")
	_, _, err = TimeSplit(g, "nope", cut)
	require.ErrorIs(t, err, ErrNoColumn, "TimeSplit(nope)")
}
