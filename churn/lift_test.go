package churn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sibylml/sibyl/metrics"
)

func TestLiftTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 1003
	y, p := make([]float64, n), make([]float64, n)
	for i := range n {
		p[i] = math.Round(rng.Float64()*50) / 50 // many ties
		if rng.Float64() < p[i] {
			y[i] = 1
		}
	}
	rows, err := LiftTable(y, p, 10)
	require.NoError(t, err, "LiftTable")
	require.Len(t, rows, 10)
	var cust, churn, pos, exp, sp float64
	for i := range n {
		pos += y[i]
		sp += p[i]
	}
	for g, r := range rows {
		cust += r.Customers
		churn += r.Churners
		exp += r.Expected
		require.InDelta(t, float64(n)/10, r.Customers, 1e-9, "decile %d size", g+1)
		l, err := metrics.LiftAt(y, p, nil, float64(g+1)/10)
		require.NoError(t, err)
		require.InDelta(t, l.Gain, r.Gain, 1e-12, "decile %d gain against metrics.LiftAt", g+1)
		require.InDelta(t, l.Lift, r.CumLift, 1e-9, "decile %d cumulative lift against metrics.LiftAt", g+1)
		if g > 0 {
			require.LessOrEqual(t, r.MaxScore, rows[g-1].MinScore, "deciles ordered by score")
		}
	}
	require.InDelta(t, float64(n), cust, 1e-9)
	require.InDelta(t, pos, churn, 1e-9)
	require.InDelta(t, sp, exp, 1e-9)
	require.InDelta(t, 1, rows[9].Gain, 1e-12)
	t.Run("row order does not matter", func(t *testing.T) {
		perm := rng.Perm(n)
		y2, p2 := make([]float64, n), make([]float64, n)
		for i, j := range perm {
			y2[i], p2[i] = y[j], p[j]
		}
		rows2, err := LiftTable(y2, p2, 10)
		require.NoError(t, err)
		for g := range rows {
			require.InDelta(t, rows[g].Churners, rows2[g].Churners, 1e-9, "decile %d churners after a permutation", g+1)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		_, err := LiftTable(y[:5], p, 10)
		require.ErrorIs(t, err, ErrScore, "lengths")
		_, err = LiftTable(y, p, 0)
		require.ErrorIs(t, err, ErrScore, "0 groups")
		_, err = LiftTable([]float64{1, 0}, []float64{1, 0}, 3)
		require.ErrorIs(t, err, ErrScore, "more groups than rows")
		_, err = LiftTable([]float64{1, 0}, []float64{math.NaN(), 0}, 2)
		require.ErrorIs(t, err, ErrScore, "NaN score")
		_, err = LiftTable([]float64{2, 0}, []float64{1, 0}, 2)
		require.ErrorIs(t, err, ErrScore, "label 2")
		rows, err := LiftTable([]float64{0, 0}, []float64{1, 0}, 2)
		require.NoError(t, err, "no churners")
		require.True(t, math.IsNaN(rows[0].Lift), "lift undefined without churners")
	})
}

func TestExpectedChurners(t *testing.T) {
	got, err := ExpectedChurners([]float64{0.1, 0.9, 0.5, 0.7}, 2)
	require.NoError(t, err)
	require.InDelta(t, 1.6, got, 1e-12, "top 2 of 0.1, 0.9, 0.5, 0.7")
	got, err = ExpectedChurners([]float64{0.1, 0.9}, 10)
	require.NoError(t, err)
	require.InDelta(t, 1.0, got, 1e-12, "k beyond n")
	_, err = ExpectedChurners([]float64{1.5}, 1)
	require.ErrorIs(t, err, ErrScore)
	_, err = ExpectedChurners([]float64{math.NaN()}, 1)
	require.ErrorIs(t, err, ErrScore)
}
