package hpo_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/sibylml/sibyl/hpo"
	"github.com/sibylml/sibyl/hpo/bench"
	"github.com/stretchr/testify/require"
)

type yardstick struct {
	TPEMedian  float64   `json:"optuna_tpe_median_best_at_100"`
	RandomBest []float64 `json:"optuna_random_best_at_100"`
}

func loadYardstick(t *testing.T) map[string]yardstick {
	raw, err := os.ReadFile("testdata/yardstick.json")
	require.NoError(t, err)
	var y map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &y))
	out := map[string]yardstick{}
	for k, v := range y {
		var ys yardstick
		if json.Unmarshal(v, &ys) == nil && ys.TPEMedian != 0 {
			out[k] = ys
		}
	}
	return out
}

// bestAt100 runs one 100-trial study per seed and returns the best values.
func bestAt100(t *testing.T, f bench.Function, seeds []uint64, sampler func(uint64) hpo.Sampler) []float64 {
	var out []float64
	for _, seed := range seeds {
		s, err := hpo.NewStudy(context.Background(), hpo.Config{Sampler: sampler(seed)})
		require.NoError(t, err)
		require.NoError(t, s.Optimize(context.Background(), f.Objective(), 100))
		b, err := s.Best(context.Background())
		require.NoError(t, err)
		out = append(out, b.Value)
	}
	return out
}

func seedRange(lo, hi int) []uint64 {
	var s []uint64
	for i := lo; i < hi; i++ {
		s = append(s, uint64(i))
	}
	return s
}

// TestTPEYardstick is the acceptance bar of the reference cases: over seeds
// 0..19 × 100 trials, the default TPE's median best value is at most Optuna
// 3.1 TPE's. It is deterministic (seeded). With -short only branin runs.
func TestTPEYardstick(t *testing.T) {
	ys := loadYardstick(t)
	names := []string{"branin", "hartmann6", "rosenbrock4", "ackley5", "mixed"}
	if testing.Short() {
		names = []string{"branin"}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			f, err := bench.Lookup(name)
			require.NoError(t, err)
			best := bestAt100(t, f, seedRange(0, 20), func(s uint64) hpo.Sampler { return &hpo.TPE{Seed: s} })
			slices.Sort(best)
			med := hpo.Percentile(best, 50)
			t.Logf("%s: median best@100 %.6g, Optuna TPE %.6g", name, med, ys[name].TPEMedian)
			require.LessOrEqualf(t, med, ys[name].TPEMedian, "TPE median best@100 on %s vs Optuna's", name)
		})
	}
}

// mannWhitneyP is the two-sided p-value of the Mann–Whitney U test (normal
// approximation, no ties expected for continuous values).
func mannWhitneyP(a, b []float64) float64 {
	n1, n2 := float64(len(a)), float64(len(b))
	u := 0.0
	for _, x := range a {
		for _, y := range b {
			switch {
			case x > y:
				u++
			case x == y:
				u += 0.5
			}
		}
	}
	mu := n1 * n2 / 2
	sd := math.Sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
	z := math.Abs(u-mu) / sd
	return math.Erfc(z / math.Sqrt2)
}

// TestRandomLikeOptuna compares our random search's best@100 over 40 seeds
// with Optuna RandomSampler's 20 (different random streams, same
// distribution): the Mann–Whitney test must not reject at the 1% level.
func TestRandomLikeOptuna(t *testing.T) {
	ys := loadYardstick(t)
	names := []string{"branin", "hartmann6", "rosenbrock4", "ackley5", "mixed"}
	if testing.Short() {
		names = names[:2]
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			f, err := bench.Lookup(name)
			require.NoError(t, err)
			ours := bestAt100(t, f, seedRange(100, 140), func(s uint64) hpo.Sampler { return hpo.Random{Seed: s} })
			p := mannWhitneyP(ours, ys[name].RandomBest)
			t.Logf("%s: Mann–Whitney p = %.3g", name, p)
			require.Greaterf(t, p, 0.01, "random search on %s differs from Optuna's (p=%.3g)", name, p)
		})
	}
	t.Run("test detects a difference", func(t *testing.T) {
		f, err := bench.Lookup("branin")
		require.NoError(t, err)
		tpe := bestAt100(t, f, seedRange(0, 20), func(s uint64) hpo.Sampler { return &hpo.TPE{Seed: s} })
		require.Less(t, mannWhitneyP(tpe, ys["branin"].RandomBest), 0.01, "TPE vs random must differ")
	})
}

func TestRandomUniform(t *testing.T) {
	// The categorical and int draws are uniform: chi-square over 3000 draws.
	h := &hpo.History{}
	cat := hpo.Param{Name: "c", Type: hpo.CategoricalParam, Choices: []string{"a", "b", "c"}}
	in := hpo.Param{Name: "n", Type: hpo.IntParam, Low: 1, High: 10, Step: 1}
	counts := map[string][]float64{"c": make([]float64, 3), "n": make([]float64, 10)}
	r := hpo.Random{Seed: 5}
	for i := range 3000 {
		h.Number = i
		counts["c"][int(r.Sample(h, cat))]++
		counts["n"][int(r.Sample(h, in))-1]++
	}
	for name, c := range counts {
		exp := 3000 / float64(len(c))
		chi := 0.0
		for _, o := range c {
			chi += (o - exp) * (o - exp) / exp
		}
		// 99.9% quantiles: χ²(2) 13.8, χ²(9) 27.9.
		limit := map[string]float64{"c": 13.8, "n": 27.9}[name]
		require.Lessf(t, chi, limit, "Random %s counts %v", name, c)
	}
}
