package dataset

import (
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

func TestSample(t *testing.T) {
	cases := []struct {
		name      string
		rows      int
		cols      int
		first     string // first column
		nullCol   string // a column with missing values, or ""
		nullCount int
	}{
		{"lung", 228, 7, "time", "wt.loss", 14},
		{"veteran", 137, 8, "time", "", 0},
		{"airpassengers", 144, 2, "t", "", 0},
		{"usaccdeaths", 72, 2, "t", "", 0},
		{"mlc_churn_train", 4000, 72, "state_AK", "", 0},
		{"mlc_churn_test", 1000, 72, "state_AK", "", 0},
		{"journey", 4017, 4, "user_id", "value", 3590},
	}
	require.Equal(t, len(cases), len(SampleNames()), "SampleNames() length")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			f, err := readSample(tc.name, &ReadOptions{Allocator: mem})
			require.NoErrorf(t, err, "Sample(%q)", tc.name)
			defer f.Release()
			require.Equalf(t, tc.rows, f.NumRows(), "Sample(%q).NumRows", tc.name)
			require.Lenf(t, f.Names(), tc.cols, "Sample(%q).Names", tc.name)
			require.Equalf(t, tc.first, f.Names()[0], "Sample(%q) first column", tc.name)
			if tc.nullCol != "" {
				n, err := f.NullCount(tc.nullCol)
				require.NoErrorf(t, err, "Sample(%q).NullCount(%q)", tc.name, tc.nullCol)
				require.Equalf(t, tc.nullCount, n, "Sample(%q).NullCount(%q)", tc.name, tc.nullCol)
			}
		})
	}
	t.Run("public", func(t *testing.T) {
		f, err := Sample("airpassengers")
		require.NoError(t, err, "Sample(airpassengers)")
		defer f.Release()
		y, err := f.AppendFloat64s(nil, "y")
		require.NoError(t, err, "Sample(airpassengers).AppendFloat64s(y)")
		// AirPassengers starts 112, 118, 132 and ends 432 (R datasets).
		require.Equal(t, []float64{112, 118, 132}, y[:3], "airpassengers y[:3]")
		require.Equal(t, 432.0, y[143], "airpassengers y[143]")
	})
	t.Run("unknown", func(t *testing.T) {
		f, err := Sample("iris")
		require.Nil(t, f, "Sample(iris)")
		require.Truef(t, errors.Is(err, ErrNoSample), "Sample(iris) error %v is not ErrNoSample", err)
	})
}
