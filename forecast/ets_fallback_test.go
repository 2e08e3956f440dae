package forecast

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// fallbackCase is one entry of testdata/ets/fallback_cases.json.
type fallbackCase struct {
	Series    string    `json:"series"`
	Y         []float64 `json:"y"`
	Period    int       `json:"period"`
	ModelArg  string    `json:"model_arg"`
	DampedArg string    `json:"damped_arg"`
	Horizon   int       `json:"horizon"`
	Model     string    `json:"model"`
	Damped    bool      `json:"damped"`
	Params    struct {
		Alpha, Beta, Gamma *float64
	} `json:"params"`
	Sigma2  float64   `json:"sigma2"`
	Mean    []float64 `json:"mean"`
	Lower80 []float64 `json:"lower80"`
	Lower95 []float64 `json:"lower95"`
	Upper80 []float64 `json:"upper80"`
	Upper95 []float64 `json:"upper95"`
}

// TestETSHoltWintersFallback checks R's HoltWintersZZ fallback for series
// too short for the state-space fit (n <= #parameters + 4) against
// forecast::ets (testdata/ets/fallback_cases.R).
func TestETSHoltWintersFallback(t *testing.T) {
	raw, err := os.ReadFile("testdata/ets/fallback_cases.json")
	require.NoError(t, err, "read fallback_cases.json")
	var cases []fallbackCase
	require.NoError(t, json.Unmarshal(raw, &cases), "decode fallback_cases.json")
	require.NotEmpty(t, cases)
	near := func(t *testing.T, what string, got, want, tol float64) {
		t.Helper()
		if want == 0 {
			require.InDeltaf(t, want, got, 1e-8, "%s", what)
			return
		}
		require.LessOrEqualf(t, math.Abs(got-want)/math.Abs(want), tol, "%s: got %v want %v", what, got, want)
	}
	for _, tc := range cases {
		name := fmt.Sprintf("%s/%s/damped=%s", tc.Series, tc.ModelArg, tc.DampedArg)
		t.Run(name, func(t *testing.T) {
			spec := ETS{Model: tc.ModelArg, Period: tc.Period}
			switch tc.DampedArg {
			case "true":
				spec.Damped = DampedTrue
			case "false":
				spec.Damped = DampedFalse
			}
			m, err := spec.Fit(context.Background(), tc.Y)
			require.NoErrorf(t, err, "ETS%+v.Fit(%s)", spec, tc.Series)
			_, _, _, damped := m.Components()
			require.Equalf(t, tc.Model, m.Code(), "ETS.Fit(%s) model", name)
			require.Equalf(t, tc.Damped, damped, "ETS.Fit(%s) damped", name)
			require.Truef(t, math.IsNaN(m.LogLik()), "ETS.Fit(%s): R reports no likelihood for the fallback", name)
			p := m.Params()
			near(t, name+" alpha", p.Alpha, *tc.Params.Alpha, 1e-4)
			if tc.Params.Beta != nil {
				near(t, name+" beta", p.Beta, *tc.Params.Beta, 1e-4)
			}
			if tc.Params.Gamma != nil {
				near(t, name+" gamma", p.Gamma, *tc.Params.Gamma, 1e-4)
			}
			near(t, name+" sigma2", m.Sigma2(), tc.Sigma2, 1e-4)
			fc, err := m.Forecast(tc.Horizon, []float64{80, 95})
			require.NoErrorf(t, err, "Forecast(%s)", name)
			for i := range tc.Mean {
				near(t, fmt.Sprintf("%s mean[%d]", name, i), fc.Mean[i], tc.Mean[i], 1e-4)
				near(t, fmt.Sprintf("%s lower80[%d]", name, i), fc.Lower[0][i], tc.Lower80[i], 1e-3)
				near(t, fmt.Sprintf("%s lower95[%d]", name, i), fc.Lower[1][i], tc.Lower95[i], 1e-3)
				near(t, fmt.Sprintf("%s upper80[%d]", name, i), fc.Upper[0][i], tc.Upper80[i], 1e-3)
				near(t, fmt.Sprintf("%s upper95[%d]", name, i), fc.Upper[1][i], tc.Upper95[i], 1e-3)
			}
		})
	}
}

func TestETSHoltWintersFallbackJSON(t *testing.T) {
	y := []float64{30.2, 22.1, 25.3, 40.4, 32.0, 23.9, 27.1, 43.2}
	m, err := ETS{Model: "MAM", Period: 4}.Fit(context.Background(), y)
	require.NoError(t, err, "ETS{MAM}.Fit(q8)")
	b, err := json.Marshal(m)
	require.NoError(t, err, "json.Marshal(fallback ETS model)")
	var back ETSModel
	require.NoError(t, json.Unmarshal(b, &back), "json.Unmarshal(fallback ETS model)")
	p1, p2 := m.Params(), back.Params()
	require.Equal(t, []float64{p1.Alpha, p1.Beta, p1.Gamma}, []float64{p2.Alpha, p2.Beta, p2.Gamma}, "fallback ETS round trip params")
	require.Equal(t, m.Sigma2(), back.Sigma2(), "fallback ETS round trip sigma2")
	f1, err := m.PointForecast(nil, 8)
	require.NoError(t, err)
	f2, err := back.PointForecast(nil, 8)
	require.NoError(t, err)
	require.Equal(t, f1, f2, "fallback ETS round trip forecasts")
}

func TestETSHoltWintersFallbackUpdate(t *testing.T) {
	y := []float64{30.2, 22.1, 25.3, 40.4, 32.0, 23.9, 27.1, 43.2, 33.5, 25.0}
	full, err := ETS{Model: "AAA", Period: 4}.Fit(context.Background(), y)
	require.NoError(t, err, "ETS{AAA}.Fit(10 quarters)")
	part, err := ETS{Model: "AAA", Period: 4}.Fit(context.Background(), y[:8])
	require.NoError(t, err, "ETS{AAA}.Fit(8 quarters)")
	up, err := part.Update(y[8:])
	require.NoError(t, err, "Update(fallback model)")
	require.Equal(t, part.Params().Alpha, up.Params().Alpha, "Update keeps alpha")
	require.Equal(t, part.Params().Beta, up.Params().Beta, "Update keeps beta")
	require.Equal(t, 10, up.NumObs(), "Update NumObs")
	require.True(t, math.IsNaN(up.LogLik()), "Update of the fallback has no likelihood")
	// At the full fit's own parameters Update reproduces its states.
	same, err := full.Update(nil)
	require.NoError(t, err, "Update(nil)")
	require.Equal(t, full.FinalStates(), same.FinalStates(), "Update(nil) final states")
	require.Equal(t, full.Sigma2(), same.Sigma2(), "Update(nil) sigma2")
}
