package tune

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/hpo"
	"github.com/stretchr/testify/require"
)

func churnSynth(n int, seed uint64) *churn.Data {
	rng := rand.New(rand.NewPCG(seed, 2))
	d := &churn.Data{Features: []string{"a", "b", "noise"}}
	for range n {
		a, b, z := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
		d.X = append(d.X, a, b, z)
		p := 1 / (1 + math.Exp(-(1.5*a - b*b + 0.5)))
		y := 0.0
		if rng.Float64() < p {
			y = 1
		}
		d.Label = append(d.Label, y)
	}
	return d
}

func TestChurnTuner(t *testing.T) {
	ctx := context.Background()
	obj, err := Churn{MaxRounds: 40, EarlyStopping: 5}.Objective(churnSynth(400, 1))
	require.NoError(t, err)
	s, err := hpo.NewStudy(ctx, hpo.Config{Sampler: &hpo.TPE{Seed: 1}, Pruner: hpo.Median{StartupTrials: 3}})
	require.NoError(t, err)
	require.NoError(t, s.Optimize(ctx, obj, 10))
	ts, err := s.Trials(ctx)
	require.NoError(t, err)
	complete := 0
	for _, tr := range ts {
		require.NotEqualf(t, hpo.Failed, tr.State, "trial %d: %s", tr.Number, tr.Err)
		if tr.State == hpo.Complete {
			complete++
		}
	}
	require.GreaterOrEqual(t, complete, 3)
	best, err := s.Best(ctx)
	require.NoError(t, err)
	require.Less(t, best.Value, 0.6, "cross-validated log loss of the best trial")
	require.Len(t, best.Params, 6)

	_, err = Churn{}.Objective(churnSynth(4, 1))
	require.ErrorIs(t, err, ErrData, "too few rows")
}
