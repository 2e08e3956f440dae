package forecast

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// baselineFC is one forecast of testdata/ets/baseline_cases.json (R 4.2.2,
// forecast 8.20, produced by baseline_cases.R).
type baselineFC struct {
	Mean    []float64 `json:"mean"`
	Lower80 []float64 `json:"lower80"`
	Lower95 []float64 `json:"lower95"`
	Upper80 []float64 `json:"upper80"`
	Upper95 []float64 `json:"upper95"`
	Alpha   float64   `json:"alpha"`
	Drift   float64   `json:"drift"`
	Sigma2  float64   `json:"sigma2"`
}

type baselineSeries struct {
	Y       []float64   `json:"y"`
	Period  int         `json:"period"`
	Horizon int         `json:"horizon"`
	Naive   baselineFC  `json:"naive"`
	SNaive  *baselineFC `json:"snaive"`
	Drift   baselineFC  `json:"drift"`
	Mean    baselineFC  `json:"mean"`
	Theta   baselineFC  `json:"theta"`
}

func baselineLoad(t *testing.T) (map[string]baselineSeries, json.RawMessage) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "ets", "baseline_cases.json"))
	require.NoError(t, err, "read baseline_cases.json")
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &raw), "decode baseline_cases.json")
	out := map[string]baselineSeries{}
	for k, v := range raw {
		if k == "tscv" {
			continue
		}
		var s baselineSeries
		require.NoErrorf(t, json.Unmarshal(v, &s), "decode %s", k)
		out[k] = s
	}
	return out, raw["tscv"]
}

func baselineCheck(t *testing.T, want baselineFC, got Forecast, what string) {
	t.Helper()
	etsRelSlice(t, want.Mean, got.Mean, 1e-4, what+" mean")
	etsRelSlice(t, want.Lower80, got.Lower[0], 1e-3, what+" lower 80")
	etsRelSlice(t, want.Lower95, got.Lower[1], 1e-3, what+" lower 95")
	etsRelSlice(t, want.Upper80, got.Upper[0], 1e-3, what+" upper 80")
	etsRelSlice(t, want.Upper95, got.Upper[1], 1e-3, what+" upper 95")
}

func TestBaselineReference(t *testing.T) {
	t.Parallel()
	cases, _ := baselineLoad(t)
	lv := []float64{80, 95}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			for _, tc := range []struct {
				spec Baseline
				want *baselineFC
			}{
				{Baseline{Kind: BaselineNaive}, &c.Naive},
				{Baseline{Kind: BaselineSeasonalNaive, Period: c.Period}, c.SNaive},
				{Baseline{Kind: BaselineDrift}, &c.Drift},
				{Baseline{Kind: BaselineMean}, &c.Mean},
			} {
				if tc.want == nil || len(tc.want.Mean) == 0 {
					continue
				}
				what := tc.spec.Kind.String() + "(" + name + ")"
				m, err := tc.spec.Fit(ctx, c.Y)
				require.NoErrorf(t, err, "Baseline.Fit %s", what)
				fc, err := m.Forecast(c.Horizon, lv)
				require.NoErrorf(t, err, "Baseline.Forecast %s", what)
				baselineCheck(t, *tc.want, fc, what)
			}
			th, err := Theta{Period: c.Period}.Fit(ctx, c.Y)
			require.NoErrorf(t, err, "Theta.Fit(%s)", name)
			etsRel(t, c.Theta.Alpha, th.Alpha(), 1e-4, "Theta("+name+") alpha")
			etsRel(t, c.Theta.Drift, th.Drift(), 1e-6, "Theta("+name+") drift")
			etsRel(t, c.Theta.Sigma2, th.Sigma2(), 1e-4, "Theta("+name+") sigma2")
			fc, err := th.Forecast(c.Horizon, lv)
			require.NoErrorf(t, err, "Theta.Forecast(%s)", name)
			baselineCheck(t, c.Theta, fc, "Theta("+name+")")
		})
	}
}

func TestBaselineBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("snaive too short", func(t *testing.T) {
		t.Parallel()
		_, err := Baseline{Kind: BaselineSeasonalNaive, Period: 12}.Fit(ctx, []float64{1, 2, 3})
		require.ErrorIs(t, err, ErrETSData, "Baseline(snaive).Fit(3 values)")
	})
	t.Run("snaive without period", func(t *testing.T) {
		t.Parallel()
		_, err := Baseline{Kind: BaselineSeasonalNaive}.Fit(ctx, []float64{1, 2, 3})
		require.ErrorIs(t, err, ErrETSSpec, "Baseline(snaive, period 0).Fit")
	})
	t.Run("NaN", func(t *testing.T) {
		t.Parallel()
		_, err := Baseline{}.Fit(ctx, []float64{1, 2, nanValue()})
		require.ErrorIs(t, err, ErrETSData, "Baseline.Fit(NaN)")
		_, err = Theta{}.Fit(ctx, []float64{1, 2, nanValue()})
		require.ErrorIs(t, err, ErrETSData, "Theta.Fit(NaN)")
	})
	t.Run("empty", func(t *testing.T) {
		t.Parallel()
		_, err := Baseline{Kind: BaselineMean}.Fit(ctx, nil)
		require.ErrorIs(t, err, ErrETSData, "Baseline(mean).Fit(nil)")
	})
	t.Run("student t quantile", func(t *testing.T) {
		t.Parallel()
		// qt(0.025, df) from R.
		require.InDelta(t, -12.7062047361747, studentTQuantile(0.025, 1), 1e-9, "qt(0.025, 1)")
		require.InDelta(t, -2.22813885198627, studentTQuantile(0.025, 10), 1e-9, "qt(0.025, 10)")
		require.InDelta(t, -1.28749974506, studentTQuantile(0.1, 143), 1e-9, "qt(0.1, 143)")
	})
}

func nanValue() float64 { var z float64; return z / z }
