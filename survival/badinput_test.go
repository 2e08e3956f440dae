package survival

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCoxBadInput(t *testing.T) {
	t.Parallel()
	base := func() CoxData {
		return CoxData{
			Names: []string{"a", "b"},
			X:     [][]float64{{1, 2, 3, 4, 5, 6}, {0.5, -1, 2, 0, 1, 3}},
			Time:  []float64{1, 2, 3, 4, 5, 6},
			Event: []float64{1, 0, 1, 1, 0, 1},
		}
	}
	cases := []struct {
		name string
		edit func(d *CoxData)
		cfg  Cox
		want error
	}{
		{"no events", func(d *CoxData) { d.Event = []float64{0, 0, 0, 0, 0, 0} }, Cox{}, ErrNoEvents},
		{"negative time", func(d *CoxData) { d.Time = []float64{1, -2, 3, 4, 5, 6} }, Cox{}, ErrTime},
		{"NaN time", func(d *CoxData) { d.Time = []float64{1, math.NaN(), 3, 4, 5, 6} }, Cox{}, ErrTime},
		{"infinite time", func(d *CoxData) { d.Time = []float64{1, math.Inf(1), 3, 4, 5, 6} }, Cox{}, ErrTime},
		{"event 2", func(d *CoxData) { d.Event = []float64{1, 2, 1, 1, 0, 1} }, Cox{}, ErrEvent},
		{"NaN covariate", func(d *CoxData) { d.X[1] = []float64{0.5, math.NaN(), 2, 0, 1, 3} }, Cox{}, ErrCovariate},
		{"constant covariate", func(d *CoxData) { d.X[1] = []float64{2, 2, 2, 2, 2, 2} }, Cox{}, ErrConstant},
		{"collinear covariate", func(d *CoxData) {
			d.X = append(d.X, []float64{2, 0, 7, 4, 7, 12}) // a + 2b
			d.Names = append(d.Names, "c")
		}, Cox{}, ErrCollinear},
		{"start after stop", func(d *CoxData) { d.Start = []float64{0, 0, 5, 0, 0, 0} }, Cox{}, ErrTime},
		{"zero weight", func(d *CoxData) { d.Weights = []float64{1, 0, 1, 1, 1, 1} }, Cox{}, ErrWeight},
		{"length mismatch", func(d *CoxData) { d.Event = d.Event[:5] }, Cox{}, ErrInput},
		{"no covariates", func(d *CoxData) { d.X, d.Names = nil, nil }, Cox{}, ErrInput},
		{"bad ties", func(d *CoxData) {}, Cox{Ties: "exact"}, ErrInput},
		{"negative ridge", func(d *CoxData) {}, Cox{Ridge: -1}, ErrInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := base()
			tc.edit(&d)
			m, err := tc.cfg.Fit(context.Background(), d)
			require.Nilf(t, m, "Cox.Fit(%s) model", tc.name)
			require.Truef(t, errors.Is(err, tc.want), "Cox.Fit(%s): got %v, want %v", tc.name, err, tc.want)
		})
	}
	t.Run("error names the row", func(t *testing.T) {
		d := base()
		d.Time[3] = -1
		_, err := Cox{}.Fit(context.Background(), d)
		var de *DataError
		require.Truef(t, errors.As(err, &de), "Cox.Fit(negative time): %v is not a *DataError", err)
		require.Equal(t, 3, de.Row, "Cox.Fit(negative time) row")
		require.Equal(t, "time", de.Field, "Cox.Fit(negative time) field")
	})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Cox{}.Fit(ctx, base())
		require.ErrorIsf(t, err, context.Canceled, "Cox.Fit(cancelled)")
	})
	t.Run("inputs not modified", func(t *testing.T) {
		d := base()
		x0 := append([]float64(nil), d.X[0]...)
		t0 := append([]float64(nil), d.Time...)
		_, err := Cox{}.Fit(context.Background(), d)
		require.NoError(t, err, "Cox.Fit(base)")
		require.Equal(t, x0, d.X[0], "Cox.Fit modified X")
		require.Equal(t, t0, d.Time, "Cox.Fit modified Time")
	})
	t.Run("non-convergence is a warning, coefficients finite", func(t *testing.T) {
		m, err := Cox{MaxIter: 1}.Fit(context.Background(), base())
		require.NoError(t, err, "Cox.Fit(MaxIter 1)")
		require.Equal(t, []string{"Ran out of iterations and did not converge"}, m.Warnings, "Cox.Fit(MaxIter 1).Warnings")
		require.Truef(t, allFinite(m.Coef, m.SE), "Cox.Fit(MaxIter 1) coefficients %v", m.Coef)
	})
}

func TestCoxWorkersDeterministic(t *testing.T) {
	t.Parallel()
	n := 20000 // five fixed chunks of chunkRows
	if testing.Short() {
		n = 9000
	}
	d := synthCox(n, 4, 7)
	var ref *CoxModel
	for _, w := range []int{1, 2, 3, 8} {
		m, err := Cox{Workers: w}.Fit(context.Background(), d)
		require.NoErrorf(t, err, "Cox.Fit(workers=%d)", w)
		if ref == nil {
			ref = m
			continue
		}
		require.Equalf(t, ref.Coef, m.Coef, "Cox.Fit(workers=%d).Coef differs from workers=1", w)
		require.Equalf(t, ref.Var, m.Var, "Cox.Fit(workers=%d).Var differs from workers=1", w)
		require.Equalf(t, ref.Loglik, m.Loglik, "Cox.Fit(workers=%d).Loglik differs from workers=1", w)
	}
}

func TestConcordanceSegments(t *testing.T) {
	t.Parallel()
	d := synthCox(6000, 3, 11)
	m, err := Cox{}.Fit(context.Background(), d)
	require.NoError(t, err, "Cox.Fit(synth)")
	cp, beta, err := m.refit(&d)
	require.NoError(t, err, "refit")
	cp.eval(beta, &coxEval{})
	serial := cp.concordance(cp.eta, nil)
	for _, seg := range []int{500, 1777} {
		for _, w := range []int{1, 2, 3} {
			cp.segRows, cp.workers = seg, w
			got := cp.concordance(cp.eta, nil)
			require.Equalf(t, serial.Concordant, got.Concordant, "concordance(seg=%d, workers=%d).Concordant", seg, w)
			require.Equalf(t, serial.Discordant, got.Discordant, "concordance(seg=%d, workers=%d).Discordant", seg, w)
			require.Equalf(t, serial.TiedY, got.TiedY, "concordance(seg=%d, workers=%d).TiedY", seg, w)
			require.InDeltaf(t, serial.SE, got.SE, 1e-12, "concordance(seg=%d, workers=%d).SE", seg, w)
		}
	}
}
