package hpo

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func ftWith(state State, vals map[int]float64) FrozenTrial {
	return FrozenTrial{State: state, Intermediate: vals}
}

func TestMedianHand(t *testing.T) {
	done := []FrozenTrial{}
	for i := range 5 {
		done = append(done, ftWith(Complete, map[int]float64{0: float64(i), 1: float64(i) / 2}))
	}
	m := Median{}
	t.Run("startup", func(t *testing.T) {
		require.False(t, m.Prune(done[:4], Minimize, ftWith(Running, map[int]float64{0: 100})), "Median.Prune with 4 complete")
	})
	t.Run("worse than median", func(t *testing.T) {
		// Values at step 0: 0..4, median 2.
		require.True(t, m.Prune(done, Minimize, ftWith(Running, map[int]float64{0: 2.5})), "2.5 > median 2")
		require.False(t, m.Prune(done, Minimize, ftWith(Running, map[int]float64{0: 2})), "2 is not > median 2")
		require.True(t, m.Prune(done, Maximize, ftWith(Running, map[int]float64{0: 1.5})), "maximise: 1.5 < 2")
	})
	t.Run("best so far", func(t *testing.T) {
		// At step 1 the median is 1; the trial's best so far is 0.5.
		require.False(t, m.Prune(done, Minimize, ftWith(Running, map[int]float64{0: 0.5, 1: 3})), "best-so-far 0.5 < median 1")
	})
	t.Run("pruned trials excluded", func(t *testing.T) {
		more := append(slices.Clone(done), ftWith(Pruned, map[int]float64{0: -100}), ftWith(Pruned, map[int]float64{0: -100}))
		require.True(t, m.Prune(more, Minimize, ftWith(Running, map[int]float64{0: 2.5})), "pruned trials do not move the median")
	})
	t.Run("nan", func(t *testing.T) {
		require.True(t, m.Prune(done, Minimize, ftWith(Running, map[int]float64{0: math.NaN()})), "all-NaN trial is pruned")
	})
	t.Run("no values at step", func(t *testing.T) {
		require.False(t, m.Prune(done, Minimize, ftWith(Running, map[int]float64{7: 99})), "no complete trial reported step 7")
	})
}

func TestSuccessiveHalvingHand(t *testing.T) {
	sh := SuccessiveHalving{MinResource: 1, ReductionFactor: 2}
	var others []FrozenTrial
	for i := range 4 {
		others = append(others, ftWith(Complete, map[int]float64{1: float64(i), 2: float64(i)}))
	}
	// Rung 0 at step 1: competing {0,1,2,3,v}; keep the best ⌊5/2⌋ = 2.
	require.False(t, sh.Prune(others, Minimize, ftWith(Running, map[int]float64{1: 0.5})), "0.5 is second best of 5")
	require.True(t, sh.Prune(others, Minimize, ftWith(Running, map[int]float64{1: 1.5})), "1.5 is third of 5")
	require.False(t, sh.Prune(nil, Minimize, ftWith(Running, map[int]float64{1: 9})), "alone on its rung")
	require.False(t, sh.Prune(others, Minimize, ftWith(Running, map[int]float64{1: 0.5, 2: 0.5, 3: 9})), "step 3 is between rungs")
}

// pruningObjective is the learning curve of shared/reference/hpo/pruning.
func pruningObjective(ctx context.Context, t *Trial) (float64, error) {
	lr, err := t.FloatLog("lr", 1e-4, 1)
	if err != nil {
		return 0, err
	}
	mom, err := t.Float("momentum", 0, 1)
	if err != nil {
		return 0, err
	}
	l := math.Log10(lr) + 2
	a := 0.05 + 0.1*l*l + 0.5*(mom-0.9)*(mom-0.9)
	r := 0.3 * math.Sqrt(lr)
	loss := 0.0
	for step := 1; step <= 50; step++ {
		loss = a + (1-a)*math.Exp(-r*float64(step))
		t.Report(step, loss)
		if t.ShouldPrune() {
			return loss, ErrPruned
		}
	}
	return loss, nil
}

// TestMedianPruningCase runs the reference pruning case (100 trials, seeds
// 0..9, MedianPruner defaults) and checks our figures against Optuna's
// distribution over the seeds: the samplers' random streams differ from
// numpy's, so single seeds cannot match, but the median over seeds must
// fall inside Optuna's [min, max] range and near its median.
func TestMedianPruningCase(t *testing.T) {
	raw, err := os.ReadFile("testdata/pruning_expected.json")
	require.NoError(t, err)
	var ref map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &ref))
	type stats struct{ Median, Min, Max float64 }
	for _, tc := range []struct {
		name    string
		sampler func(seed uint64) Sampler
	}{
		{"random", func(seed uint64) Sampler { return Random{Seed: seed} }},
		{"tpe", func(seed uint64) Sampler { return OptunaTPE(seed) }},
	} {
		if testing.Short() && tc.name == "tpe" {
			continue // -short (run with -race): the random sampler's case only
		}
		t.Run(tc.name, func(t *testing.T) {
			var want struct {
				Summary map[string]stats `json:"summary"`
			}
			require.NoError(t, json.Unmarshal(ref[tc.name], &want))
			var pruned, best, steps []float64
			for seed := range uint64(10) {
				s, err := NewStudy(context.Background(), Config{Sampler: tc.sampler(seed), Pruner: Median{}})
				require.NoError(t, err)
				require.NoError(t, s.Optimize(context.Background(), pruningObjective, 100))
				ts, err := s.Trials(context.Background())
				require.NoError(t, err)
				np, total := 0, 0
				for _, tr := range ts {
					if tr.State == Pruned {
						np++
					}
					total += len(tr.Intermediate)
				}
				b, err := s.Best(context.Background())
				require.NoError(t, err)
				pruned = append(pruned, float64(np))
				best = append(best, b.Value)
				steps = append(steps, float64(total))
			}
			for _, c := range []struct {
				key string
				got []float64
				tol float64
			}{{"n_pruned", pruned, 0.15}, {"best_value", best, 0.1}, {"total_steps", steps, 0.3}} {
				slices.Sort(c.got)
				med := Percentile(c.got, 50)
				w := want.Summary[c.key]
				t.Logf("%s %s: median %.5g (optuna %.5g [%.5g, %.5g])", tc.name, c.key, med, w.Median, w.Min, w.Max)
				require.GreaterOrEqualf(t, med, w.Min, "%s %s median", tc.name, c.key)
				require.LessOrEqualf(t, med, w.Max, "%s %s median", tc.name, c.key)
				require.InDeltaf(t, w.Median, med, c.tol*w.Median, "%s %s median vs Optuna's", tc.name, c.key)
			}
		})
	}
}
