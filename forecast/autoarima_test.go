package forecast

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAutoARIMAAirPassengers(t *testing.T) {
	t.Parallel()
	c, y := loadCase(t, "airpassengers_autoarima")
	t.Run("unit roots", func(t *testing.T) {
		// forecast 8.20's seas.heuristic (mstl, s.window = 11), computed
		// locally with R 4.2.2: 0.940672490310218.
		s, err := SeasonalStrength(y, 12)
		require.NoError(t, err, "SeasonalStrength")
		require.InDelta(t, 0.940672490310218, s, 1e-12, "SeasonalStrength(AirPassengers)")
		// The reference case's value is that of stl(s.window = "periodic").
		sp, err := seasonalStrength(y, 12, true)
		require.NoError(t, err, "seasonalStrength periodic")
		require.InDelta(t, c.UnitRoot.Strength, sp, 1e-12, "periodic seasonal strength(AirPassengers)")
		require.Equal(t, c.UnitRoot.NSDiffs, NSDiffs(y, 12, 0), "NSDiffs")
		dy := diffSeries(y, 0, 1, 12)
		require.Equal(t, c.UnitRoot.NDiffs, NDiffs(dy, 0, 0), "NDiffs(diff(y, 12))")
	})
	t.Run("stepwise", func(t *testing.T) {
		var trace []string
		var ics []float64
		cfg := AutoARIMA{Period: 12, Trace: func(m string, ic float64) {
			trace = append(trace, m)
			ics = append(ics, ic)
		}}
		m, err := cfg.Fit(context.Background(), y)
		require.NoError(t, err, "AutoARIMA.Fit(AirPassengers)")
		order, seas, period := m.Spec()
		require.Equal(t, c.Selected.Order, order, "selected order")
		require.Equal(t, [3]int{c.Selected.SeasonalOrder[0], c.Selected.SeasonalOrder[1], c.Selected.SeasonalOrder[2]}, seas, "selected seasonal order")
		require.Equal(t, 12, period)
		require.Equal(t, c.Selected.Label, m.String())
		// The search visits R's candidates in R's order with R's criteria.
		want := c.SearchTrace[:len(c.SearchTrace)-1]
		require.Len(t, trace, len(want), "number of candidates: %v", trace)
		for i, w := range want {
			parts := strings.SplitN(w, ":", 2)
			require.Equal(t, strings.TrimSpace(parts[0]), trace[i], "candidate %d", i)
			wic := strings.TrimSpace(parts[1])
			if wic == "Inf" {
				// R rejects the candidate; sibyl either rejects it too or
				// skipped its Hessian because it could not beat the best
				// model so far: the search takes the same path.
				if !math.IsInf(ics[i], 1) {
					bestSoFar := math.Inf(1)
					for _, v := range ics[:i] {
						bestSoFar = math.Min(bestSoFar, v)
					}
					require.GreaterOrEqual(t, ics[i], bestSoFar, "candidate %d %s: ic %v, R Inf", i, trace[i], ics[i])
				}
				continue
			}
			v, _ := strconv.ParseFloat(wic, 64)
			require.InDelta(t, v, ics[i], 1e-6, "candidate %d %s", i, trace[i])
		}
		checkFit(t, "auto.arima", m, &c, c.Horizon)
	})
}

// TestAutoARIMAExhaustive compares the exhaustive search (R stepwise = FALSE,
// approximation = FALSE) with R 4.2.2 / forecast 8.20, computed locally:
//
//	auto.arima(WWWusage, stepwise=FALSE, approximation=FALSE)  ARIMA(3,1,0)  AICc 512.41951595211117
//	auto.arima(LakeHuron, ...)                                 ARIMA(2,1,1)  AICc 213.50605181735452
func TestAutoARIMAExhaustive(t *testing.T) {
	t.Parallel()
	_, www := loadCase(t, "wwwusage_arima_111")
	cases := loadExtra(t)
	lh := cases["lakehuron_auto"].series()
	for _, tc := range []struct {
		name  string
		y     []float64
		label string
		aicc  float64
	}{
		{"WWWusage", www, "ARIMA(3,1,0)", 512.41951595211117},
		{"LakeHuron", lh, "ARIMA(2,1,1)", 213.50605181735452},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := AutoARIMA{Exhaustive: true, Approximation: ApproxOff}.Fit(context.Background(), tc.y)
			require.NoError(t, err, "AutoARIMA{Exhaustive}.Fit(%s)", tc.name)
			require.Equal(t, tc.label, m.String(), "exhaustive selection on %s", tc.name)
			require.InDelta(t, tc.aicc, m.AICc, 1e-6, "AICc on %s", tc.name)
		})
	}
}
