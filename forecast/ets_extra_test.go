package forecast

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// etsExtraCase is one entry of testdata/ets/extra_cases.json, produced by
// testdata/ets/extra_cases.R with R 4.2.2 and forecast 8.20.
type etsExtraCase struct {
	Y        []float64          `json:"y"`
	Period   int                `json:"period"`
	Model    string             `json:"model"`
	Damped   any                `json:"damped"`
	Label    string             `json:"label"`
	Par      map[string]float64 `json:"par"`
	LogLik   float64            `json:"loglik"`
	AICc     float64            `json:"aicc"`
	BIC      float64            `json:"bic"`
	Sigma2   float64            `json:"sigma2"`
	MSE      float64            `json:"mse"`
	Horizon  int                `json:"horizon"`
	Point    []float64          `json:"point_forecast"`
	Analytic bool               `json:"analytic"`
	Mean     []float64          `json:"mean"`
	Lower80  []float64          `json:"lower80"`
	Lower95  []float64          `json:"lower95"`
	Upper80  []float64          `json:"upper80"`
	Upper95  []float64          `json:"upper95"`
}

func TestETSExtraReference(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("testdata", "ets", "extra_cases.json"))
	require.NoError(t, err, "read extra_cases.json")
	var cases map[string]etsExtraCase
	require.NoError(t, json.Unmarshal(b, &cases), "decode extra_cases.json")
	names := make([]string, 0, len(cases))
	for k := range cases {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		c := cases[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			spec := ETS{Model: c.Model, Period: c.Period}
			switch c.Damped {
			case true:
				spec.Damped = DampedTrue
			case false:
				spec.Damped = DampedFalse
			}
			if c.Model[1] == 'M' {
				spec.AllowMultiplicativeTrend = true
			}
			m, err := spec.Fit(context.Background(), c.Y)
			require.NoErrorf(t, err, "ETS%+v.Fit(%s)", spec, name)
			what := "ETS.Fit(" + name + ")"
			require.Equalf(t, c.Label, m.Label(), "%s label", what)
			p := m.Params()
			got := map[string]float64{"alpha": p.Alpha, "beta": p.Beta, "gamma": p.Gamma, "phi": p.Phi}
			init := m.InitialStates()
			got["l"] = init.Level
			got["b"] = init.Slope
			for i, s := range init.Season {
				got["s"+strconv.Itoa(i)] = s
			}
			for k, want := range c.Par {
				g, ok := got[k]
				require.Truef(t, ok, "%s parameter %s", what, k)
				etsRel(t, want, g, 1e-4, what+" "+k)
			}
			etsRel(t, c.LogLik, m.LogLik(), 1e-4, what+" loglik")
			etsRel(t, c.AICc, m.AICc(), 1e-4, what+" aicc")
			etsRel(t, c.BIC, m.BIC(), 1e-4, what+" bic")
			etsRel(t, c.Sigma2, m.Sigma2(), 1e-4, what+" sigma2")
			etsRel(t, c.MSE, m.MSE(), 1e-4, what+" mse")
			pf, err := m.PointForecast(nil, c.Horizon)
			require.NoErrorf(t, err, "%s PointForecast", what)
			if !m.sp.damped {
				// R's point_forecast (etsforecast) has its own damping sum.
				etsRelSlice(t, c.Point, pf, 1e-4, what+" point forecast")
			}
			fc, err := m.Forecast(c.Horizon, []float64{80, 95})
			require.NoErrorf(t, err, "%s Forecast", what)
			if c.Analytic && m.IntervalMethod() != ETSIntervalClass3 {
				etsRelSlice(t, fc.Mean, pf, 1e-9, what+" analytic mean equals PointForecast")
			}
			if !c.Analytic {
				// Simulated: the mean is R's etsforecast; bounds agree only to
				// Monte-Carlo error.
				etsRelSlice(t, c.Point, fc.Mean, 1e-4, what+" simulated mean")
				etsRelSlice(t, c.Lower95, fc.Lower[1], 0.05, what+" simulated lower 95")
				etsRelSlice(t, c.Upper95, fc.Upper[1], 0.05, what+" simulated upper 95")
				return
			}
			etsRelSlice(t, c.Mean, fc.Mean, 1e-4, what+" mean")
			etsRelSlice(t, c.Lower80, fc.Lower[0], 1e-3, what+" lower 80")
			etsRelSlice(t, c.Lower95, fc.Lower[1], 1e-3, what+" lower 95")
			etsRelSlice(t, c.Upper80, fc.Upper[0], 1e-3, what+" upper 80")
			etsRelSlice(t, c.Upper95, fc.Upper[1], 1e-3, what+" upper 95")
		})
	}
}
