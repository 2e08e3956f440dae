package forecast

import (
	"context"
	"math"
	"os"
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

// TestAutoARIMAApproximation checks the approximate search (CSS fits with
// an offset criterion, then CSS-ML refits in criterion order), which R uses
// by default when n > 150 or m > 12. Values from R 4.2.2 / forecast 8.20,
// computed locally:
//
//	auto.arima(sunspot.year)   ARIMA(2,1,3)             AICc 2406.49540803344
//
// (auto.arima(co2), ARIMA(1,1,1)(1,1,2)[12] with AICc 180.96518735805, is
// matched too, to 3e-8, but takes seconds and is left to the CLI check.)
func TestAutoARIMAApproximation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file   string
		period int
		label  string
		aicc   float64
	}{
		{"sunspot_year.csv", 1, "ARIMA(2,1,3)", 2406.49540803344},
	} {
		t.Run(tc.file, func(t *testing.T) {
			y := readColumn(t, "testdata/arima/extra/"+tc.file)
			m, err := AutoARIMA{Period: tc.period}.Fit(context.Background(), y)
			require.NoError(t, err, "AutoARIMA.Fit(%s)", tc.file)
			require.Equal(t, tc.label, m.String(), "selection on %s", tc.file)
			require.InDelta(t, tc.aicc, m.AICc, 1e-6, "AICc on %s", tc.file)
		})
	}
}

func readColumn(t *testing.T, path string) []float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var y []float64
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		v, err := strconv.ParseFloat(strings.TrimSpace(line), 64)
		require.NoError(t, err, "%s: %q", path, line)
		y = append(y, v)
	}
	return y
}
