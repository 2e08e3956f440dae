package churn

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// condExp is E_t(n, S) of ContribRow's doc, by direct recursion.
func condExp(t *tree, n uint32, x []float64, in []bool) float64 {
	if li := t.leafIndex[n]; li >= 0 {
		return t.leaves[li]
	}
	nd := &t.nodes[n]
	if in[nd.Feature] {
		return condExp(t, t.step(n, x), x, in)
	}
	fl, fr := t.fractions(n)
	return fl*condExp(t, nd.Left, x, in) + fr*condExp(t, nd.Right, x, in)
}

// bruteShapley enumerates every subset S of the features:
//
//	φ_j = Σ_{S ⊆ F∖{j}} |S|!(M-|S|-1)!/M! · (v(S∪{j}) - v(S))
func bruteShapley(m *Model, x []float64) []float64 {
	nf := m.NumFeatures()
	v := func(mask int) float64 {
		in := make([]bool, nf)
		for j := range nf {
			in[j] = mask&(1<<j) != 0
		}
		s := m.baseMargin
		for i := range m.trees {
			s += condExp(&m.trees[i], 0, x, in)
		}
		return s
	}
	fact := func(k int) float64 {
		f := 1.0
		for i := 2; i <= k; i++ {
			f *= float64(i)
		}
		return f
	}
	phi := make([]float64, nf)
	for j := range nf {
		for mask := 0; mask < 1<<nf; mask++ {
			if mask&(1<<j) != 0 {
				continue
			}
			k := 0
			for b := mask; b != 0; b &= b - 1 {
				k++
			}
			w := fact(k) * fact(nf-k-1) / fact(nf)
			phi[j] += w * (v(mask|1<<j) - v(mask))
		}
	}
	return phi
}

func TestContribBruteForce(t *testing.T) {
	d := synthChurn(3000, 10, 9)
	d.Features = d.Features[:6]
	x := make([]float64, 0, 3000*6)
	for r := range 3000 {
		x = append(x, d.X[r*10:r*10+6]...)
	}
	d.X = x
	nrows := 40
	if testing.Short() {
		nrows = 10
	}
	for _, cfg := range []Config{
		{Rounds: 3, MaxDepth: 4},
		{Rounds: 2, MaxDepth: 6, Eta: 0.5},
		{Rounds: 2, GrowPolicy: "lossguide", MaxLeaves: 12, MaxDepth: -1},
	} {
		m, err := cfg.Fit(context.Background(), d, nil)
		require.NoError(t, err)
		for r := 0; r < nrows; r++ {
			row := d.X[r*6 : (r+1)*6]
			got := m.ContribRow(nil, row)
			want := bruteShapley(m, row)
			for j := range want {
				require.InDeltaf(t, want[j], got[j], 1e-9, "ContribRow(%+v, row %d)[%d] vs brute force", cfg, r, j)
			}
			sum := 0.0
			for _, c := range got {
				sum += c
			}
			require.InDeltaf(t, m.MarginRow(row), sum, 1e-9, "ContribRow(row %d) sum vs margin", r)
		}
	}
}

func TestContribSumsToMargin(t *testing.T) {
	train, test := loadMLC(t)
	cfg, rows := Config{Rounds: 30, Eta: 0.1}, test.NumRows()
	if testing.Short() {
		cfg.Rounds, rows = 8, 100
	}
	m, err := cfg.Fit(context.Background(), train, nil)
	require.NoError(t, err)
	nf := m.NumFeatures()
	c := m.ContribDense(nil, test.X[:rows*nf])
	margins := m.MarginDense(nil, test.X[:rows*nf])
	for r := range rows {
		sum := 0.0
		for _, v := range c[r*(nf+1) : (r+1)*(nf+1)] {
			sum += v
		}
		require.InDeltaf(t, margins[r], sum, 1e-9, "ContribDense(mlc_churn test row %d) sum vs margin", r)
	}
	t.Run("missing", func(t *testing.T) {
		row := make([]float64, nf)
		for j := range row {
			row[j] = math.NaN()
		}
		got := m.ContribRow(nil, row)
		sum := 0.0
		for _, v := range got {
			sum += v
		}
		require.InDelta(t, m.MarginRow(row), sum, 1e-9, "ContribRow(all missing) sum vs margin")
	})
	t.Run("imported", func(t *testing.T) {
		mi := loadImported(t)
		got := mi.ContribRow(nil, test.X[:nf])
		sum, want := 0.0, mi.baseMargin
		for _, v := range got {
			sum += v
		}
		for i := range mi.trees {
			tr := &mi.trees[i]
			want += tr.leaves[tr.leaf(test.X[:nf])]
		}
		require.InDelta(t, want, sum, 1e-9, "ContribRow(imported model) sum vs float64 margin")
	})
}

func TestImportance(t *testing.T) {
	m := loadImported(t)
	imp := m.Importance()
	require.NotEmpty(t, imp)
	total := 0
	for i, f := range imp {
		total += f.Weight
		require.InDeltaf(t, f.TotalGain/float64(f.Weight), f.Gain, 1e-12, "Importance()[%d].Gain", i)
		if i > 0 {
			require.GreaterOrEqualf(t, imp[i-1].TotalGain, f.TotalGain, "Importance() order at %d", i)
		}
	}
	splits := 0
	for i := range m.trees {
		splits += len(m.trees[i].nodes) - len(m.trees[i].leaves)
	}
	require.Equal(t, splits, total, "Importance() weights add up to the number of splits")
	require.Equal(t, "total_day_minutes", imp[0].Feature, "most important feature of the XGBoost mlc_churn model")
}
