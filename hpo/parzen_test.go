package hpo

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestParzenAgainstOptuna compares the Parzen estimator's means, bandwidths,
// weights and log densities with Optuna 3.1.0's _ParzenEstimator on the same
// observations (testdata/parzen_optuna.py wrote testdata/parzen_optuna.json).
func TestParzenAgainstOptuna(t *testing.T) {
	raw, err := os.ReadFile("testdata/parzen_optuna.json")
	require.NoError(t, err)
	var cases [][]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &cases))
	spaces := map[string][]Param{
		"float": {{Name: "x", Type: FloatParam, Low: 0, High: 10}},
		"int":   {{Name: "n", Type: IntParam, Low: 1, High: 10, Step: 1}},
		"log":   {{Name: "lr", Type: FloatParam, Low: 1e-5, High: 1, Log: true}},
		"cat":   {{Name: "o", Type: CategoricalParam, Choices: []string{"a", "b", "c"}}},
		"ramp":  {{Name: "x", Type: FloatParam, Low: -5, High: 10}},
		"mv":    {{Name: "x", Type: FloatParam, Low: 0, High: 10}, {Name: "o", Type: CategoricalParam, Choices: []string{"a", "b"}}},
	}
	obs := map[string][][]float64{
		"float": {{1, 2.5, 7}},
		"int":   {{2, 3, 9, 9}},
		"log":   {{1e-4, 1e-2}},
		"cat":   {{0, 2, 2}},
		"mv":    {{1, 2.5, 7}, {0, 1, 1}},
	}
	for _, c := range cases {
		var name string
		require.NoError(t, json.Unmarshal(c[0], &name))
		t.Run(name, func(t *testing.T) {
			var mus, sigmas, weights, want []float64
			require.NoError(t, json.Unmarshal(c[1], &mus))
			require.NoError(t, json.Unmarshal(c[2], &sigmas))
			require.NoError(t, json.Unmarshal(c[3], &weights))
			require.NoError(t, json.Unmarshal(c[5], &want))
			space := spaces[name]
			o := obs[name]
			if name == "ramp" {
				o = [][]float64{mus[:len(mus)]}
			}
			pz := newParzen(o, space, parzenOptions{priorWeight: 1, magicClip: true, multivariate: name == "mv"})
			for i, w := range weights {
				require.InDeltaf(t, w, pz.w[i], 1e-12, "newParzen(%s).w[%d]", name, i)
			}
			if space[0].Type != CategoricalParam {
				if name != "ramp" {
					for i, m := range mus {
						require.InDeltaf(t, m, pz.dims[0].mus[i], 1e-12, "newParzen(%s).mus[%d]", name, i)
					}
				}
				for i, s := range sigmas {
					require.InDeltaf(t, s, pz.dims[0].sigmas[i], 1e-12, "newParzen(%s).sigmas[%d]", name, i)
				}
			}
			tr := make([][]float64, len(space))
			if name == "mv" {
				var pts [][]float64
				require.NoError(t, json.Unmarshal(c[4], &pts))
				for _, pt := range pts {
					tr[0] = append(tr[0], pt[0])
					tr[1] = append(tr[1], pt[1])
				}
			} else {
				var pts []float64
				require.NoError(t, json.Unmarshal(c[4], &pts))
				for _, x := range pts {
					tr[0] = append(tr[0], space[0].toTransformed(x))
				}
			}
			got := pz.logPDF(make([]float64, len(want)), tr)
			for i := range want {
				require.InDeltaf(t, want[i], got[i], 1e-9*math.Max(1, math.Abs(want[i])), "parzen(%s).logPDF point %d", name, i)
			}
		})
	}
}

// TestParzenHandComputed checks one univariate estimator by hand:
// observations {2, 6} in [0, 10] plus the prior N(5, 10), weights 1/3 each.
// Sorted means 2, 5, 6 with ends 0 and 10 give gaps; the extremes take their
// inner gap (consider_endpoints off): σ = (3, max(3, 1), 1) → clipped below
// at 10/min(100, 4) = 2.5 → (3, ·, 2.5); the prior's σ is 10.
func TestParzenHandComputed(t *testing.T) {
	t.Run("sigmas", func(t *testing.T) {
		pz := newParzen([][]float64{{2, 6}}, []Param{{Name: "x", Type: FloatParam, Low: 0, High: 10}}, parzenOptions{priorWeight: 1, magicClip: true})
		require.Equal(t, []float64{2, 6, 5}, pz.dims[0].mus, "newParzen mus")
		require.InDeltaSlice(t, []float64{3, 2.5, 10}, pz.dims[0].sigmas, 1e-15, "newParzen sigmas")
		// log p(5) = log Σ_c (1/3) φ((5−μ_c)/σ_c) / (Φ(b_c) − Φ(a_c)), without 1/σ (Optuna 3.1).
		want := 0.0
		for c, mu := range []float64{2, 6, 5} {
			s := []float64{3, 2.5, 10}[c]
			z := (5 - mu) / s
			mass := 0.5*math.Erfc(-(10-mu)/s/math.Sqrt2) - 0.5*math.Erfc(-(0-mu)/s/math.Sqrt2)
			want += math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) / mass / 3
		}
		got := pz.logPDF(make([]float64, 1), [][]float64{{5}})
		require.InDelta(t, math.Log(want), got[0], 1e-12, "parzen.logPDF(5)")
	})
	t.Run("weights ramp", func(t *testing.T) {
		w := defaultWeights(30)
		require.InDelta(t, 1.0/30, w[0], 1e-15, "defaultWeights(30)[0]")
		require.InDelta(t, 1.0, w[4], 1e-15, "defaultWeights(30)[4]")
		require.InDelta(t, 1.0/30+(1-1.0/30)*0.25, w[1], 1e-15, "defaultWeights(30)[1]")
		require.Equal(t, 1.0, w[29], "defaultWeights(30)[29]")
		require.Len(t, defaultWeights(10), 10, "defaultWeights(10)")
	})
}

func TestTruncnorm(t *testing.T) {
	cases := []struct{ a, b float64 }{{-1, 1}, {-3, 0.5}, {0.2, 4}, {-40, -30}, {30, 40}, {-0.5, 100}}
	for _, c := range cases {
		t.Run("", func(t *testing.T) {
			mass := logGaussMass(c.a, c.b)
			if c.b < 8 && c.a > -8 {
				require.InDeltaf(t, math.Log(ndtr(c.b)-ndtr(c.a)), mass, 1e-12, "logGaussMass(%g, %g)", c.a, c.b)
			}
			for _, q := range []float64{1e-9, 0.1, 0.5, 0.9, 1 - 1e-9} {
				x := truncnormPPF(q, c.a, c.b)
				require.Truef(t, x >= c.a && x <= c.b, "truncnormPPF(%g, %g, %g) = %g outside", q, c.a, c.b, x)
				if c.b < 8 && c.a > -8 {
					got := (ndtr(x) - ndtr(c.a)) / (ndtr(c.b) - ndtr(c.a))
					require.InDeltaf(t, q, got, 1e-9, "CDF(truncnormPPF(%g, %g, %g))", q, c.a, c.b)
				}
			}
		})
	}
}
