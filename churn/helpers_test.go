package churn

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// readCSV reads a numeric CSV file (header row; empty field = NaN) and
// returns the header and the values row by row.
func readCSV(t *testing.T, path string) ([]string, [][]float64) {
	t.Helper()
	f, err := os.Open(path)
	require.NoErrorf(t, err, "open %s", path)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoErrorf(t, err, "read %s", path)
	rows := make([][]float64, len(recs)-1)
	for i, rec := range recs[1:] {
		rows[i] = make([]float64, len(rec))
		for j, s := range rec {
			if s == "" {
				rows[i][j] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			require.NoErrorf(t, err, "%s row %d col %d", path, i+1, j)
			rows[i][j] = v
		}
	}
	return recs[0], rows
}

// splitXY splits rows whose last column is the label into a row-major
// feature matrix and the labels.
func splitXY(rows [][]float64) (x, y []float64, nf int) {
	nf = len(rows[0]) - 1
	x = make([]float64, 0, len(rows)*nf)
	y = make([]float64, len(rows))
	for i, r := range rows {
		x = append(x, r[:nf]...)
		y[i] = r[nf]
	}
	return x, y, nf
}
