package forecast

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// etsCase is the subset of a reference case's expected.json (R forecast
// 8.20, see testdata/ets/README.md) the ETS tests use.
type etsCase struct {
	Period        int    `json:"period"`
	Model         string `json:"model"`
	Damped        bool   `json:"damped"`
	Label         string `json:"label"`
	SelectedModel string `json:"selected_model"`
	Params        struct {
		Alpha, Beta, Gamma, Phi *float64
	} `json:"params"`
	InitialStates struct {
		L float64   `json:"l"`
		B *float64  `json:"b"`
		S []float64 `json:"s"`
	} `json:"initial_states"`
	FinalStates map[string]float64 `json:"final_states"`
	Sigma2      float64            `json:"sigma2"`
	LogLik      float64            `json:"loglik"`
	LogLikGauss float64            `json:"loglik_full_gaussian"`
	AIC         float64            `json:"aic"`
	AICc        float64            `json:"aicc"`
	BIC         float64            `json:"bic"`
	MSE         float64            `json:"mse"`
	AMSE        float64            `json:"amse"`
	NParamsIC   int                `json:"n_params_ic"`
	Horizon     int                `json:"horizon"`
	Forecast    etsCaseForecast    `json:"forecast"`
	Point       []float64          `json:"point_forecast"`
	Fitted10    []float64          `json:"fitted_first10"`
	Resid10     []float64          `json:"residuals_first10"`
	Simulated   *etsCaseForecast   `json:"forecast_simulated"`
	Candidates  map[string]struct {
		AICc, AIC, BIC, LogLik float64
	} `json:"candidates"`
}

type etsCaseForecast struct {
	Mean  []float64            `json:"mean"`
	Lower map[string][]float64 `json:"lower"`
	Upper map[string][]float64 `json:"upper"`
}

func etsLoadCase(t *testing.T, name string) (y []float64, c etsCase) {
	t.Helper()
	dir := filepath.Join("testdata", "ets", name)
	f, err := os.Open(filepath.Join(dir, "data.csv"))
	require.NoErrorf(t, err, "open %s data", name)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoErrorf(t, err, "read %s data", name)
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[1], 64)
		require.NoErrorf(t, err, "parse %s data", name)
		y = append(y, v)
	}
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	require.NoErrorf(t, err, "read %s expected", name)
	require.NoErrorf(t, json.Unmarshal(b, &c), "decode %s expected", name)
	return y, c
}

// etsRel asserts |got-want| <= tol*max(|want|, 1e-8) elementwise.
func etsRel(t *testing.T, want, got, tol float64, what string) {
	t.Helper()
	scale := math.Max(math.Abs(want), 1e-8)
	require.LessOrEqualf(t, math.Abs(got-want), tol*scale, "%s: want %.12g got %.12g", what, want, got)
}

func etsRelSlice(t *testing.T, want, got []float64, tol float64, what string) {
	t.Helper()
	require.Lenf(t, got, len(want), "%s length", what)
	for i := range want {
		etsRel(t, want[i], got[i], tol, what+"["+strconv.Itoa(i)+"]")
	}
}

func etsCheckFit(t *testing.T, name string, m *ETSModel, c etsCase) {
	t.Helper()
	const parTol, fcTol, piTol = 1e-4, 1e-4, 1e-3
	require.Equalf(t, c.Label, m.Label(), "%s Label", name)
	p := m.Params()
	etsRel(t, *c.Params.Alpha, p.Alpha, parTol, name+" alpha")
	if c.Params.Beta != nil {
		etsRel(t, *c.Params.Beta, p.Beta, parTol, name+" beta")
	} else {
		require.Truef(t, math.IsNaN(p.Beta), "%s beta absent", name)
	}
	if c.Params.Gamma != nil {
		etsRel(t, *c.Params.Gamma, p.Gamma, parTol, name+" gamma")
	}
	if c.Params.Phi != nil {
		etsRel(t, *c.Params.Phi, p.Phi, parTol, name+" phi")
	}
	init := m.InitialStates()
	etsRel(t, c.InitialStates.L, init.Level, parTol, name+" initial level")
	if c.InitialStates.B != nil {
		etsRel(t, *c.InitialStates.B, init.Slope, parTol, name+" initial slope")
	}
	etsRelSlice(t, c.InitialStates.S, init.Season, parTol, name+" initial season")
	fin := m.FinalStates()
	etsRel(t, c.FinalStates["l"], fin.Level, parTol, name+" final level")
	for i, s := range fin.Season {
		etsRel(t, c.FinalStates["s"+strconv.Itoa(i+1)], s, parTol, name+" final s"+strconv.Itoa(i+1))
	}
	etsRel(t, c.LogLik, m.LogLik(), parTol, name+" loglik")
	etsRel(t, c.LogLikGauss, m.LogLikGaussian(), parTol, name+" loglik_full_gaussian")
	etsRel(t, c.AIC, m.AIC(), parTol, name+" aic")
	etsRel(t, c.AICc, m.AICc(), parTol, name+" aicc")
	etsRel(t, c.BIC, m.BIC(), parTol, name+" bic")
	etsRel(t, c.Sigma2, m.Sigma2(), parTol, name+" sigma2")
	etsRel(t, c.MSE, m.MSE(), parTol, name+" mse")
	etsRel(t, c.AMSE, m.AMSE(), parTol, name+" amse")
	require.Equalf(t, c.NParamsIC, m.NumParams(), "%s NumParams", name)
	etsRelSlice(t, c.Fitted10, m.Fitted(nil)[:10], fcTol, name+" fitted")
	etsRelSlice(t, c.Resid10, m.Residuals(nil)[:10], 1e-3, name+" residuals")

	pf, err := m.PointForecast(nil, c.Horizon)
	require.NoErrorf(t, err, "%s PointForecast", name)
	etsRelSlice(t, c.Point, pf, fcTol, name+" point forecast")
	fc, err := m.Forecast(c.Horizon, []float64{80, 95})
	require.NoErrorf(t, err, "%s Forecast", name)
	etsRelSlice(t, c.Forecast.Mean, fc.Mean, fcTol, name+" forecast mean")
	for i, lv := range []string{"80", "95"} {
		etsRelSlice(t, c.Forecast.Lower[lv], fc.Lower[i], piTol, name+" lower "+lv)
		etsRelSlice(t, c.Forecast.Upper[lv], fc.Upper[i], piTol, name+" upper "+lv)
	}
}

func TestETSFitReference(t *testing.T) {
	t.Parallel()
	t.Run("airpassengers_ets_mam", func(t *testing.T) {
		t.Parallel()
		y, c := etsLoadCase(t, "airpassengers_ets_mam")
		m, err := ETS{Model: c.Model, Damped: DampedFalse, Period: c.Period}.Fit(context.Background(), y)
		require.NoError(t, err, "ETS.Fit(airpassengers, MAM)")
		etsCheckFit(t, "ETS.Fit(airpassengers, MAM)", m, c)
		require.Equal(t, ETSIntervalClass3, m.IntervalMethod(), "IntervalMethod(MAM)")
		// Class 3: the distribution mean exceeds the point forecast for h > m.
		require.Greater(t, c.Forecast.Mean[20], c.Point[20], "reference class-3 mean")

		// Simulated intervals: different random numbers from R's, so
		// only Monte-Carlo agreement (~1%) is expected; 3% is asserted.
		sim, err := m.ForecastSimulated(c.Horizon, []float64{80, 95}, 5000, 1)
		require.NoError(t, err, "ForecastSimulated(MAM)")
		etsRelSlice(t, c.Simulated.Mean, sim.Mean, 1e-4, "ForecastSimulated(MAM) mean")
		for i, lv := range []string{"80", "95"} {
			etsRelSlice(t, c.Simulated.Lower[lv], sim.Lower[i], 0.03, "ForecastSimulated(MAM) lower "+lv)
			etsRelSlice(t, c.Simulated.Upper[lv], sim.Upper[i], 0.03, "ForecastSimulated(MAM) upper "+lv)
		}
		again, err := m.ForecastSimulated(c.Horizon, []float64{80, 95}, 5000, 1)
		require.NoError(t, err, "ForecastSimulated(MAM) again")
		require.Equal(t, sim, again, "ForecastSimulated is reproducible for a seed")
	})
	t.Run("usaccdeaths_ets_auto", func(t *testing.T) {
		t.Parallel()
		y, c := etsLoadCase(t, "usaccdeaths_ets_auto")
		m, err := ETS{Model: "ZZZ", Period: c.Period}.Fit(context.Background(), y)
		require.NoError(t, err, "ETS.Fit(usaccdeaths, ZZZ)")
		require.Equal(t, c.SelectedModel, m.Code(), "auto-ETS(usaccdeaths) selected model")
		etsCheckFit(t, "ETS.Fit(usaccdeaths, ZZZ)", m, c)
		require.Equal(t, ETSIntervalClass1, m.IntervalMethod(), "IntervalMethod(ANA)")
		cands := m.Candidates()
		require.Len(t, cands, len(c.Candidates), "auto-ETS(usaccdeaths) candidates")
		for _, cd := range cands {
			want, ok := c.Candidates[cd.Label]
			require.Truef(t, ok, "candidate %s not in R's list", cd.Label)
			etsRel(t, want.AICc, cd.AICc, 1e-4, "candidate "+cd.Label+" aicc")
			etsRel(t, want.LogLik, cd.LogLik, 1e-4, "candidate "+cd.Label+" loglik")
		}
	})
}

func TestETSBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	seasonal := make([]float64, 40)
	for i := range seasonal {
		seasonal[i] = 10 + float64(i%12) + 0.1*float64(i)
	}
	withZero := append([]float64(nil), seasonal...)
	withZero[5] = 0
	withNaN := append([]float64(nil), seasonal...)
	withNaN[7] = math.NaN()
	cases := []struct {
		name string
		spec ETS
		y    []float64
		want error
	}{
		{"multiplicative error with a zero", ETS{Model: "MNN", Period: 1}, withZero, ErrETSData},
		{"multiplicative season with a zero", ETS{Model: "MNM", Period: 12}, withZero, ErrETSData},
		{"seasonal with period 1", ETS{Model: "ANA", Period: 1}, seasonal, ErrETSSpec},
		{"seasonal with under two seasons", ETS{Model: "AAA", Period: 12}, seasonal[:20], ErrETSData},
		{"non-finite value", ETS{Model: "ANN"}, withNaN, ErrETSData},
		{"empty series", ETS{}, nil, ErrETSData},
		{"bad model string", ETS{Model: "XYZ"}, seasonal, ErrETSSpec},
		{"forbidden combination", ETS{Model: "ANM", Period: 12}, seasonal, ErrETSSpec},
		{"damped without trend", ETS{Model: "ANN", Damped: DampedTrue}, seasonal, ErrETSSpec},
		{"too few observations", ETS{Model: "AAN"}, seasonal[:1], ErrETSData},
		{"negative period", ETS{Period: -1}, seasonal, ErrETSSpec},
		{"bad criterion", ETS{IC: "hqic"}, seasonal, ErrETSSpec},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := tc.spec.Fit(ctx, tc.y)
			require.Errorf(t, err, "ETS%+v.Fit(%s)", tc.spec, tc.name)
			require.Nilf(t, m, "ETS%+v.Fit(%s) model", tc.spec, tc.name)
			require.Truef(t, errors.Is(err, tc.want), "ETS.Fit(%s) error %v is not %v", tc.name, err, tc.want)
		})
	}
	t.Run("constant series", func(t *testing.T) {
		t.Parallel()
		// R's ets(y) on a constant series returns SES with alpha 0.99999.
		y := make([]float64, 30)
		for i := range y {
			y[i] = 5
		}
		m, err := ETS{}.Fit(ctx, y)
		require.NoError(t, err, "ETS.Fit(constant)")
		require.Equal(t, "ETS(A,N,N)", m.Label(), "ETS.Fit(constant) label")
		require.Truef(t, math.IsNaN(m.LogLik()) && math.IsNaN(m.AICc()), "ETS.Fit(constant) loglik %v aicc %v: R reports none", m.LogLik(), m.AICc())
		require.Zero(t, m.Sigma2(), "ETS.Fit(constant) sigma2")
		fc, err := m.Forecast(5, []float64{95})
		require.NoError(t, err, "Forecast(constant)")
		for i, v := range fc.Mean {
			require.InDeltaf(t, 5, v, 1e-9, "Forecast(constant).Mean[%d]", i)
			require.InDeltaf(t, 5, fc.Lower[0][i], 1e-9, "Forecast(constant).Lower[%d]", i)
		}
	})
	t.Run("optimiser fails on a forced constant model", func(t *testing.T) {
		t.Parallel()
		// With an explicit model the constant series gives a perfect fit whose
		// criterion is clamped; the fit must not report NaN.
		y := make([]float64, 30)
		for i := range y {
			y[i] = 5
		}
		m, err := ETS{Model: "AAN"}.Fit(ctx, y)
		if err != nil {
			require.ErrorIs(t, err, ErrETSFit, "ETS.Fit(constant, AAN)")
			return
		}
		fc, err := m.Forecast(3, []float64{95})
		require.NoError(t, err, "Forecast(constant, AAN)")
		for i, v := range fc.Mean {
			require.Falsef(t, math.IsNaN(v), "Forecast(constant, AAN).Mean[%d] is NaN", i)
		}
	})
	t.Run("bad horizon and level", func(t *testing.T) {
		t.Parallel()
		y, _ := etsLoadCase(t, "usaccdeaths_ets_auto")
		m, err := ETS{Model: "ANN"}.Fit(ctx, y)
		require.NoError(t, err, "ETS.Fit(usaccdeaths, ANN)")
		_, err = m.Forecast(0, []float64{95})
		require.ErrorIs(t, err, ErrETSSpec, "Forecast(h=0)")
		_, err = m.Forecast(3, []float64{100})
		require.ErrorIs(t, err, ErrETSSpec, "Forecast(level=100)")
	})
	t.Run("canceled context", func(t *testing.T) {
		t.Parallel()
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := ETS{Period: 12}.Fit(cctx, seasonal)
		require.ErrorIs(t, err, context.Canceled, "ETS.Fit(canceled)")
	})
}

func TestETSInputNotMutated(t *testing.T) {
	t.Parallel()
	t.Run("usaccdeaths", func(t *testing.T) {
		y, _ := etsLoadCase(t, "usaccdeaths_ets_auto")
		orig := append([]float64(nil), y...)
		_, err := ETS{Model: "MAM", Period: 12}.Fit(context.Background(), y)
		require.NoError(t, err, "ETS.Fit(MAM)")
		require.Equal(t, orig, y, "ETS.Fit must not mutate y")
	})
}

func TestETSJSONRoundTrip(t *testing.T) {
	t.Parallel()
	t.Run("usaccdeaths auto", func(t *testing.T) {
		t.Parallel()
		y, _ := etsLoadCase(t, "usaccdeaths_ets_auto")
		m, err := ETS{Period: 12}.Fit(context.Background(), y)
		require.NoError(t, err, "ETS.Fit")
		b, err := json.Marshal(m)
		require.NoError(t, err, "json.Marshal(ETSModel)")
		var back ETSModel
		require.NoError(t, json.Unmarshal(b, &back), "json.Unmarshal(ETSModel)")
		require.Equal(t, m.Label(), back.Label(), "round trip label")
		require.Equal(t, m.LogLik(), back.LogLik(), "round trip loglik")
		require.Equal(t, m.Sigma2(), back.Sigma2(), "round trip sigma2")
		require.Equal(t, len(m.Candidates()), len(back.Candidates()), "round trip candidates")
		f1, err := m.Forecast(12, []float64{80})
		require.NoError(t, err, "Forecast original")
		f2, err := back.Forecast(12, []float64{80})
		require.NoError(t, err, "Forecast decoded")
		require.Equal(t, f1, f2, "round trip forecast")
	})
	t.Run("bad envelope", func(t *testing.T) {
		t.Parallel()
		var m ETSModel
		require.ErrorIs(t, json.Unmarshal([]byte(`{"kind":"other","format":1}`), &m), ErrETSSpec, "wrong kind")
		require.ErrorIs(t, json.Unmarshal([]byte(`{"kind":"forecast.ETSModel","format":1,"error":"A","trend":"N","season":"N","period":1,"initial_state":[1,2],"n_params":2,"y":[1,2,3]}`), &m), ErrETSSpec, "wrong state length")
		require.Error(t, json.Unmarshal([]byte(`{`), &m), "truncated")
	})
}
