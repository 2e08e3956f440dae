package survival

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// readCSV reads a numeric CSV from testdata (empty field = NaN) into columns.
func readCSV(t *testing.T, name string) map[string][]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoErrorf(t, err, "open %s", name)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoErrorf(t, err, "read %s", name)
	cols := map[string][]float64{}
	for _, r := range rows[1:] {
		for j, h := range rows[0] {
			v := math.NaN()
			if r[j] != "" {
				if f, err := strconv.ParseFloat(r[j], 64); err == nil {
					v = f
				}
			}
			cols[h] = append(cols[h], v)
		}
	}
	return cols
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoErrorf(t, err, "read %s", name)
	require.NoErrorf(t, json.Unmarshal(b, v), "decode %s", name)
}

// nf is a JSON number that may be null (NaN).
type nf float64

func (x *nf) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = nf(math.NaN())
		return nil
	}
	var f float64
	err := json.Unmarshal(b, &f)
	*x = nf(f)
	return err
}

func fl(x []nf) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// relErr is |got-want|/max(|want|, tiny); NaN matches NaN only.
func relErr(want, got float64) float64 {
	if math.IsNaN(want) || math.IsNaN(got) {
		if math.IsNaN(want) && math.IsNaN(got) {
			return 0
		}
		return math.Inf(1)
	}
	if want == got {
		return 0
	}
	d := math.Abs(want - got)
	if math.Abs(want) < 1e-12 {
		return d
	}
	return d / math.Abs(want)
}

// requireClose asserts every element agrees to tol relative and returns the
// largest relative error seen.
func requireClose(t *testing.T, want, got []float64, tol float64, what string) float64 {
	t.Helper()
	require.Lenf(t, got, len(want), "%s: length", what)
	worst := 0.0
	for i := range want {
		e := relErr(want[i], got[i])
		require.LessOrEqualf(t, e, tol, "%s[%d]: want %v got %v", what, i, want[i], got[i])
		worst = math.Max(worst, e)
	}
	return worst
}

// readCSVText reads one column of a testdata CSV as text.
func readCSVText(t *testing.T, name, col string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoErrorf(t, err, "open %s", name)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoErrorf(t, err, "read %s", name)
	j := -1
	for k, h := range rows[0] {
		if h == col {
			j = k
		}
	}
	require.GreaterOrEqualf(t, j, 0, "%s: no column %s", name, col)
	out := make([]string, 0, len(rows)-1)
	for _, r := range rows[1:] {
		out = append(out, r[j])
	}
	return out
}
