package churn

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func loadImported(t *testing.T) *Model {
	t.Helper()
	f, err := os.Open("testdata/xgb_import_mlc/model.json")
	require.NoError(t, err, "open model.json")
	defer f.Close()
	m, err := ImportXGBoost(f)
	require.NoError(t, err, "ImportXGBoost(model.json)")
	return m
}

// TestImportXGBoost checks the imported mlc_churn model against XGBoost
// 1.7.4's own predictions (testdata/xgb_import_mlc, copied from the shared
// reference case): margins bit for bit in float32, probabilities within
// 1e-6, leaf indices exactly.
func TestImportXGBoost(t *testing.T) {
	m := loadImported(t)
	_, test := readCSV(t, "testdata/xgb_import_mlc/test.csv")
	_, preds := readCSV(t, "testdata/xgb_import_mlc/predictions.csv")
	_, leaves := readCSV(t, "testdata/xgb_import_mlc/leaf_indices.csv")
	x, _, nf := splitXY(test)
	t.Run("shape", func(t *testing.T) {
		require.Equal(t, 71, m.NumFeatures(), "NumFeatures")
		require.Equal(t, 50, m.NumTrees(), "NumTrees")
		require.Equal(t, "binary:logistic", m.Objective(), "Objective")
	})
	t.Run("rows", func(t *testing.T) {
		for i := range test {
			row := x[i*nf : (i+1)*nf]
			require.Equalf(t, float32(preds[i][2]), float32(m.MarginRow(row)), "MarginRow(test row %d)", i)
			require.InDeltaf(t, preds[i][3], m.PredictRow(row), 1e-6, "PredictRow(test row %d)", i)
			got := m.LeafRow(nil, row)
			for j, id := range got {
				require.Equalf(t, int32(leaves[i][j]), id, "LeafRow(test row %d) tree %d", i, j)
			}
		}
	})
	t.Run("dense", func(t *testing.T) {
		p := m.PredictDense(nil, x)
		mg := m.MarginDense(nil, x)
		li := m.LeafIndicesDense(nil, x)
		for i := range test {
			require.InDeltaf(t, preds[i][3], p[i], 1e-6, "PredictDense row %d", i)
			require.Equalf(t, float32(preds[i][2]), float32(mg[i]), "MarginDense row %d", i)
			for j := range 50 {
				require.Equalf(t, int32(leaves[i][j]), li[i*50+j], "LeafIndicesDense row %d tree %d", i, j)
			}
		}
	})
	t.Run("missing", func(t *testing.T) {
		// Every feature missing: each tree follows default_left to a leaf; the
		// result must be finite and the same for PredictRow and PredictDense.
		row := make([]float64, nf)
		for i := range row {
			row[i] = math.NaN()
		}
		p := m.PredictRow(row)
		require.False(t, math.IsNaN(p), "PredictRow(all NaN)")
		require.Equal(t, p, m.PredictDense(nil, row)[0], "PredictDense(all NaN)")
	})
}

func TestPredictRowAllocs(t *testing.T) {
	m := loadImported(t)
	row := make([]float64, m.NumFeatures())
	leaves := make([]int32, m.NumTrees())
	t.Run("PredictRow", func(t *testing.T) {
		require.Zero(t, testing.AllocsPerRun(100, func() { m.PredictRow(row) }), "PredictRow allocations")
	})
	t.Run("LeafRow", func(t *testing.T) {
		require.Zero(t, testing.AllocsPerRun(100, func() { m.LeafRow(leaves, row) }), "LeafRow allocations")
	})
}

func TestImportXGBoostErrors(t *testing.T) {
	orig, err := os.ReadFile("testdata/xgb_import_mlc/model.json")
	require.NoError(t, err)
	cases := []struct {
		name string
		edit func(string) string
		want error
	}{
		{"objective", func(s string) string {
			return strings.Replace(s, `"name":"binary:logistic"`, `"name":"multi:softprob"`, 1)
		}, ErrUnsupported},
		{"old version", func(s string) string { return strings.Replace(s, `"version":[1,7,4]`, `"version":[1,6,0]`, 1) }, ErrUnsupported},
		{"future version", func(s string) string { return strings.Replace(s, `"version":[1,7,4]`, `"version":[9,0,0]`, 1) }, ErrUnsupported},
		{"no version", func(s string) string { return strings.Replace(s, `"version":[1,7,4]`, `"versio":[1,7,4]`, 1) }, ErrFormat},
		{"dart", func(s string) string { return strings.Replace(s, `"name":"gbtree"`, `"name":"dart"`, 1) }, ErrUnsupported},
		{"bad child", func(s string) string { return strings.Replace(s, `"left_children":[1,`, `"left_children":[999,`, 1) }, ErrFormat},
		{"cycle", func(s string) string { return strings.Replace(s, `"left_children":[1,`, `"left_children":[0,`, 1) }, ErrFormat},
		{"bad feature", func(s string) string { return strings.Replace(s, `"split_indices":[58,`, `"split_indices":[580,`, 1) }, ErrFormat},
		{"truncated", func(s string) string { return s[:len(s)/2] }, ErrFormat},
		{"not json", func(string) string { return "hello" }, ErrFormat},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.edit(string(orig))
			require.NotEqual(t, string(orig), s, "edit must change the file")
			_, err := ImportXGBoost(strings.NewReader(s))
			require.Errorf(t, err, "ImportXGBoost(%s)", tc.name)
			require.Truef(t, errors.Is(err, tc.want), "ImportXGBoost(%s) = %v, want %v", tc.name, err, tc.want)
		})
	}
}

func TestConcurrentPredict(t *testing.T) {
	m := loadImported(t)
	_, test := readCSV(t, "testdata/xgb_import_mlc/test.csv")
	x, _, nf := splitXY(test)
	want := m.PredictDense(nil, x)
	done := make(chan []float64, 4)
	for g := range 4 {
		go func() {
			out := make([]float64, len(want))
			for i := range out {
				j := (i + g*250) % len(want)
				out[j] = m.PredictRow(x[j*nf : (j+1)*nf])
			}
			done <- out
		}()
	}
	for range 4 {
		got := <-done
		require.Equal(t, want, got, "PredictRow from 4 goroutines vs PredictDense")
	}
}
