package tune

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sibylml/sibyl/hpo"
	"github.com/sibylml/sibyl/survival"
	"github.com/stretchr/testify/require"
)

// synth draws n rows with p covariates of which the first 2 matter.
func synth(n, p int, seed uint64) survival.CoxData {
	rng := rand.New(rand.NewPCG(seed, 1))
	d := survival.CoxData{Time: make([]float64, n), Event: make([]float64, n), X: make([][]float64, p)}
	for j := range p {
		d.Names = append(d.Names, "x"+string(rune('a'+j)))
		d.X[j] = make([]float64, n)
		for i := range n {
			d.X[j][i] = rng.NormFloat64()
		}
	}
	for i := range n {
		eta := 0.8*d.X[0][i] - 0.5*d.X[1][i]
		ev := rng.ExpFloat64() / math.Exp(eta)
		cens := rng.ExpFloat64() * 1.5
		d.Time[i] = math.Min(ev, cens)
		if ev <= cens {
			d.Event[i] = 1
		}
	}
	return d
}

func TestHarrellC(t *testing.T) {
	// Pairs (i,j) with t_i < t_j and δ_i = 1: (0,1), (0,2), (0,3), (2,3).
	time := []float64{1, 2, 3, 4}
	event := []float64{1, 0, 1, 0}
	require.Equal(t, 1.0, harrellC(time, event, []float64{4, 3, 2, 1}), "perfect ranking")
	require.Equal(t, 0.0, harrellC(time, event, []float64{1, 2, 3, 4}), "reversed ranking")
	require.Equal(t, 0.5, harrellC(time, event, []float64{1, 1, 1, 1}), "all tied")
	require.Equal(t, 0.75, harrellC(time, event, []float64{4, 3, 1, 2}), "three of four")
}

func TestCoxRidge(t *testing.T) {
	ctx := context.Background()
	d := synth(200, 12, 3)
	theta, study, err := CoxRidge{Seed: 1}.Tune(ctx, d, hpo.Config{Sampler: &hpo.TPE{Seed: 2}, Pruner: hpo.Median{}}, 15)
	require.NoError(t, err)
	require.True(t, theta >= 1e-4 && theta <= 1e3, "tuned θ %g in range", theta)
	best, err := study.Best(ctx)
	require.NoError(t, err)
	require.Greater(t, best.Value, 0.6, "cross-validated C of the tuned model")
	ts, err := study.Trials(ctx)
	require.NoError(t, err)
	require.Len(t, ts, 15)

	_, err = CoxRidge{}.Objective(synth(6, 2, 1))
	require.ErrorIs(t, err, ErrData, "too few rows for 5 folds")
	bad := synth(50, 2, 1)
	bad.Event = bad.Event[:10]
	_, err = CoxRidge{}.Objective(bad)
	require.ErrorIs(t, err, ErrData, "event length mismatch")
}
