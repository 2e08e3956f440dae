package survival

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCoxNeverNaNSuccess fits many small random data sets with awkward
// values (huge and tiny covariates, outliers, heavy ties, few events,
// separation) and requires an error or finite results, never a panic.
func TestCoxNeverNaNSuccess(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	scales := []float64{1e-300, 1e-8, 1, 1e8, 1e150, 1e300}
	trials := 300
	if testing.Short() {
		trials = 60
	}
	for trial := range trials {
		n := 2 + rng.IntN(30)
		p := 1 + rng.IntN(3)
		d := CoxData{Time: make([]float64, n), Event: make([]float64, n)}
		for j := range p {
			d.Names = append(d.Names, string(rune('a'+j)))
			col := make([]float64, n)
			s := scales[rng.IntN(len(scales))]
			for i := range col {
				switch rng.IntN(4) {
				case 0:
					col[i] = float64(rng.IntN(2))
				case 1:
					col[i] = rng.NormFloat64() * s
				case 2:
					col[i] = math.Round(rng.NormFloat64())
				default:
					col[i] = float64(i) * s
				}
			}
			d.X = append(d.X, col)
		}
		for i := range n {
			d.Time[i] = float64(1 + rng.IntN(5))
			if rng.IntN(3) > 0 {
				d.Event[i] = 1
			}
		}
		if rng.IntN(4) == 0 {
			d.Weights = make([]float64, n)
			for i := range d.Weights {
				d.Weights[i] = 0.1 + rng.Float64()*3
			}
		}
		if rng.IntN(4) == 0 {
			d.Strata = make([]string, n)
			for i := range d.Strata {
				d.Strata[i] = string(rune('A' + rng.IntN(2)))
			}
		}
		cfg := Cox{Ties: []Ties{Efron, Breslow}[rng.IntN(2)], Robust: rng.IntN(3) == 0}
		if rng.IntN(5) == 0 {
			cfg.Ridge = rng.Float64() * 2
		}
		require.NotPanicsf(t, func() {
			m, err := cfg.Fit(context.Background(), d)
			if err != nil {
				return
			}
			require.Truef(t, allFinite(m.Coef, m.SE, m.RobustSE, m.Var, m.Loglik[:], m.Z, m.P), "Cox.Fit(trial %d) reported non-finite results as success: coef %v se %v", trial, m.Coef, m.SE)
			for _, b := range m.Baseline {
				require.Truef(t, allFinite(b.CumHaz), "Cox.Fit(trial %d) baseline hazard %v", trial, b.CumHaz)
			}
			_, err = m.Residuals(context.Background(), d)
			require.NoErrorf(t, err, "CoxModel.Residuals(trial %d)", trial)
			_, _ = m.ZPH(context.Background(), d) // may refuse (ridge), must not panic
			_, err = m.SurvivalCurves(nil, d.X, d.Strata, []float64{0, 2, 10})
			require.NoErrorf(t, err, "CoxModel.SurvivalCurves(trial %d)", trial)
		}, "Cox.Fit(trial %d)", trial)
	}
}
