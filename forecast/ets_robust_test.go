package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestETSPathologicalInputs fits awkward series with every entry point and
// requires either an error or finite forecasts: never a panic or NaN.
func TestETSPathologicalInputs(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 7))
	mk := func(n int, f func(i int) float64) []float64 {
		y := make([]float64, n)
		for i := range y {
			y[i] = f(i)
		}
		return y
	}
	series := map[string][]float64{
		"huge":          mk(40, func(i int) float64 { return 1e300 * (1 + 0.1*float64(i%12)) }),
		"tiny":          mk(40, func(i int) float64 { return 1e-300 * (1 + 0.1*float64(i%12)) }),
		"alternating":   mk(40, func(i int) float64 { return float64(1 - 2*(i%2)) }),
		"spike":         mk(40, func(i int) float64 { return map[bool]float64{true: 1e6, false: 1}[i == 20] }),
		"zeros":         mk(40, func(i int) float64 { return 0 }),
		"almost const":  mk(40, func(i int) float64 { return 5 + 1e-13*float64(i%3) }),
		"random walk":   mk(40, func(i int) float64 { return float64(i) + 10*rng.NormFloat64() }),
		"exponential":   mk(40, func(i int) float64 { return math.Exp(0.5 * float64(i)) }),
		"seven values":  mk(7, func(i int) float64 { return float64(i*i + 1) }),
		"negative mean": mk(40, func(i int) float64 { return -100 + 5*math.Sin(float64(i)) }),
	}
	specs := []ETS{
		{}, {Period: 12}, {Model: "MAM", Period: 12}, {Model: "MMN", AllowMultiplicativeTrend: true, Damped: DampedTrue},
		{Model: "ZZZ", Period: 4, AllowMultiplicativeTrend: true}, {Model: "AAA", Period: 12, Unrestricted: true},
		{Model: "ANM", Period: 4, Unrestricted: true},
	}
	for name, y := range series {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			for _, spec := range specs {
				m, err := spec.Fit(ctx, y)
				if err != nil {
					require.Nilf(t, m, "ETS%+v.Fit(%s) model with error", spec, name)
					continue
				}
				fc, err := m.Forecast(6, []float64{80, 95})
				if err != nil {
					continue
				}
				for i := range fc.Mean {
					require.Falsef(t, !etsFinite(fc.Mean[i]) || !etsFinite(fc.Lower[1][i]) || !etsFinite(fc.Upper[1][i]),
						"ETS%+v.Fit(%s).Forecast step %d: %v [%v, %v]", spec, name, i+1, fc.Mean[i], fc.Lower[1][i], fc.Upper[1][i])
				}
			}
			for _, b := range []Baseline{{Kind: BaselineNaive}, {Kind: BaselineSeasonalNaive, Period: 4}, {Kind: BaselineDrift}, {Kind: BaselineMean}} {
				m, err := b.Fit(ctx, y)
				if err != nil {
					continue
				}
				fc, err := m.Forecast(3, []float64{95})
				if err == nil {
					require.Falsef(t, !etsFinite(fc.Mean[0]) || !etsFinite(fc.Upper[0][0]), "Baseline%+v(%s) not finite", b, name)
				}
			}
			if th, err := (Theta{Period: 4}).Fit(ctx, y); err == nil {
				if fc, err := th.Forecast(3, []float64{95}); err == nil {
					require.Falsef(t, !etsFinite(fc.Mean[0]) || !etsFinite(fc.Lower[0][0]), "Theta(%s) not finite", name)
				}
			}
			if hw, err := (HoltWinters{Period: 4}).Fit(ctx, y); err == nil {
				if fc, err := hw.Forecast(3, []float64{95}); err == nil {
					require.Falsef(t, !etsFinite(fc.Mean[0]) || !etsFinite(fc.Lower[0][0]), "HoltWinters(%s) not finite", name)
				}
			}
		})
	}
}

func etsFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
