package forecast

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// extraCase is one entry of testdata/arima/extra/extra.json, written by
// make_extra.R (R 4.2.2, forecast 8.20) beside it.
type extraCase struct {
	Data    []*float64           `json:"data"`
	Period  int                  `json:"period"`
	Coef    map[string]float64   `json:"coef"`
	SE      map[string]float64   `json:"se"`
	Sigma2  float64              `json:"sigma2"`
	LogLik  float64              `json:"loglik"`
	AIC     *float64             `json:"aic"`
	AICc    *float64             `json:"aicc"`
	BIC     *float64             `json:"bic"`
	Mean    []float64            `json:"mean"`
	Lower80 []float64            `json:"lower80"`
	Lower95 []float64            `json:"lower95"`
	Upper80 []float64            `json:"upper80"`
	Upper95 []float64            `json:"upper95"`
	Fitted  []*float64           `json:"fitted"`
	Label   string               `json:"label"`
	Xreg    map[string][]float64 `json:"xreg"`
	NewXreg map[string][]float64 `json:"newxreg"`
}

func loadExtra(t *testing.T) map[string]extraCase {
	t.Helper()
	b, err := os.ReadFile("testdata/arima/extra/extra.json")
	require.NoError(t, err)
	var m map[string]extraCase
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

func (c extraCase) series() []float64 {
	y := make([]float64, len(c.Data))
	for i, v := range c.Data {
		y[i] = math.NaN()
		if v != nil {
			y[i] = *v
		}
	}
	return y
}

func checkExtra(t *testing.T, name string, m *ARIMAModel, want extraCase, fc Forecast) {
	t.Helper()
	require.Len(t, m.Coef, len(want.Coef), "%s: coefficients %v", name, m.Names)
	for i, nm := range m.Names {
		w, ok := want.Coef[nm]
		require.True(t, ok, "%s: unexpected coefficient %s", name, nm)
		require.LessOrEqualf(t, relErr(m.Coef[i], w), 1e-4, "%s: coef %s = %.10g, R %.10g", name, nm, m.Coef[i], w)
		require.LessOrEqualf(t, relErr(m.SE[i], want.SE[nm]), 1e-2, "%s: se %s", name, nm)
	}
	require.InDeltaf(t, want.LogLik, m.LogLik, 1e-6, "%s: loglik", name)
	if want.AIC != nil {
		require.InDeltaf(t, *want.AIC, m.AIC, 1e-6, "%s: aic", name)
		require.InDeltaf(t, *want.AICc, m.AICc, 1e-6, "%s: aicc", name)
		require.InDeltaf(t, *want.BIC, m.BIC, 1e-6, "%s: bic", name)
	} else {
		require.True(t, math.IsNaN(m.AIC), "%s: CSS has no AIC", name)
	}
	require.LessOrEqualf(t, relErr(m.Sigma2, want.Sigma2), 1e-4, "%s: sigma2", name)
	for h, w := range want.Mean {
		require.LessOrEqualf(t, relErr(fc.Mean[h], w), 1e-4, "%s: mean[%d] %v vs %v", name, h, fc.Mean[h], w)
		require.LessOrEqualf(t, relErr(fc.Lower[0][h], want.Lower80[h]), 1e-3, "%s: lower80[%d]", name, h)
		require.LessOrEqualf(t, relErr(fc.Lower[1][h], want.Lower95[h]), 1e-3, "%s: lower95[%d]", name, h)
		require.LessOrEqualf(t, relErr(fc.Upper[0][h], want.Upper80[h]), 1e-3, "%s: upper80[%d]", name, h)
		require.LessOrEqualf(t, relErr(fc.Upper[1][h], want.Upper95[h]), 1e-3, "%s: upper95[%d]", name, h)
	}
	for i, w := range want.Fitted {
		if w == nil {
			require.True(t, math.IsNaN(m.Fitted[i]), "%s: fitted[%d] missing", name, i)
			continue
		}
		require.LessOrEqualf(t, relErr(m.Fitted[i], *w), 1e-4, "%s: fitted[%d]", name, i)
	}
}

func TestARIMAExtraCases(t *testing.T) {
	t.Parallel()
	cases := loadExtra(t)
	ctx := context.Background()
	specs := []struct {
		name string
		cfg  ARIMA
		h    int
	}{
		{"www_missing_111_ml", ARIMA{Order: [3]int{1, 1, 1}, Estimation: ML}, 10},
		{"www_missing_111_cssml", ARIMA{Order: [3]int{1, 1, 1}}, 10},
		{"www_css_210", ARIMA{Order: [3]int{2, 1, 0}, Estimation: CSS}, 10},
		{"nile_drift_d0", ARIMA{Order: [3]int{1, 0, 0}, Drift: true, Estimation: ML}, 10},
		{"ap_boxcox_biasadj", ARIMA{Order: [3]int{0, 1, 1}, Seasonal: [3]int{0, 1, 1}, Period: 12, BoxCox: true, Lambda: 0.3, BiasAdj: true, Estimation: ML}, 12},
		{"ap_sar_100_100", ARIMA{Order: [3]int{1, 1, 0}, Seasonal: [3]int{1, 1, 0}, Period: 12, Estimation: ML}, 12},
		{"bench_s0018_111_210_exact", ARIMA{Order: [3]int{1, 1, 1}, Seasonal: [3]int{2, 1, 0}, Period: 12, ExactInit: true}, 24},
	}
	for _, sp := range specs {
		t.Run(sp.name, func(t *testing.T) {
			c := cases[sp.name]
			m, err := sp.cfg.Fit(ctx, c.series())
			require.NoError(t, err, "ARIMA.Fit(%s)", sp.name)
			fc, err := m.Forecast(sp.h, nil)
			require.NoError(t, err)
			checkExtra(t, sp.name, m, c, fc)
		})
	}
	t.Run("lh_xreg_101", func(t *testing.T) {
		c := cases["lh_xreg_101"]
		cfg := ARIMA{Order: [3]int{1, 0, 1}, Estimation: ML, XregNames: []string{"a", "b"}}
		m, err := cfg.FitXreg(ctx, c.series(), [][]float64{c.Xreg["a"], c.Xreg["b"]})
		require.NoError(t, err, "ARIMA.FitXreg")
		require.Equal(t, "Regression with ARIMA(1,0,1) errors", m.String())
		_, err = m.Forecast(5, nil)
		require.ErrorIs(t, err, ErrBadConfig, "Forecast without future regressors")
		fc, err := m.ForecastXreg(5, nil, [][]float64{c.NewXreg["a"], c.NewXreg["b"]})
		require.NoError(t, err)
		checkExtra(t, "lh_xreg_101", m, c, fc)
	})
	for _, name := range []string{"usaccdeaths_auto", "wwwusage_auto", "lakehuron_auto", "bench_s0006_auto", "ldeaths_auto", "nottem_auto", "JohnsonJohnson_auto"} {
		t.Run(name, func(t *testing.T) {
			c := cases[name]
			m, err := AutoARIMA{Period: c.Period}.Fit(ctx, c.series())
			require.NoError(t, err, "AutoARIMA.Fit(%s)", name)
			require.Equal(t, c.Label, m.String(), "%s: selected model", name)
			h := 10
			if c.Period > 1 {
				h = 2 * c.Period
			}
			fc, err := m.Forecast(h, nil)
			require.NoError(t, err)
			checkExtra(t, name, m, c, fc)
		})
	}
}

// TestARIMAExactInitFallback: on series 18 of benchmarks/forecast the
// default (AS 154) fit of ARIMA(1,1,1)(2,1,0)[12] turns non-finite; the fit
// is redone from the exact start and is then R's SSinit = "Rossignol2011"
// fit.
func TestARIMAExactInitFallback(t *testing.T) {
	t.Parallel()
	c := loadExtra(t)["bench_s0018_111_210_exact"]
	cfg := ARIMA{Order: [3]int{1, 1, 1}, Seasonal: [3]int{2, 1, 0}, Period: 12}
	m, err := cfg.Fit(context.Background(), c.series())
	require.NoError(t, err, "ARIMA(1,1,1)(2,1,0)[12].Fit on bench_s0018")
	require.True(t, m.ExactInit, "the fit says it used the exact start")
	fc, err := m.Forecast(24, nil)
	require.NoError(t, err)
	checkExtra(t, "bench_s0018_111_210_exact (fallback)", m, c, fc)
}

func TestARIMAUpdate(t *testing.T) {
	t.Parallel()
	_, y := loadCase(t, "wwwusage_arima_111")
	ctx := context.Background()
	cfg := ARIMA{Order: [3]int{1, 1, 1}, Estimation: ML}
	m, err := cfg.Fit(ctx, y[:90])
	require.NoError(t, err)
	u, err := m.Update(y[90:])
	require.NoError(t, err, "Update")
	require.Len(t, u.Residuals, 100)
	require.Equal(t, m.Coef, u.Coef, "Update keeps the coefficients")
	// The same coefficients filtered over the whole series from scratch.
	phi, theta := expandARMA(m.spec(), m.Coef, nil, nil)
	ss, err := newSSModel(phi, theta, differencingPoly(1, 0, 1), 1e6)
	require.NoError(t, err)
	ss.filter(y, true, nil)
	want := make([]float64, 8)
	vr := make([]float64, 8)
	ss.forecast(8, want, vr)
	fc, err := u.Forecast(8, nil)
	require.NoError(t, err)
	for h := range want {
		require.InDelta(t, want[h], fc.Mean[h], 1e-8*math.Abs(want[h]), "Update forecast[%d]", h)
	}
	// Two updates equal one.
	u1, err := m.Update(y[90:95])
	require.NoError(t, err)
	u2, err := u1.Update(y[95:])
	require.NoError(t, err)
	fc2, err := u2.Forecast(8, nil)
	require.NoError(t, err)
	require.InDeltaSlice(t, fc.Mean, fc2.Mean, 1e-9, "Update in two steps")
	// The original model is unchanged.
	fc0, err := m.Forecast(3, nil)
	require.NoError(t, err)
	m2, _ := cfg.Fit(ctx, y[:90])
	fc0b, _ := m2.Forecast(3, nil)
	require.Equal(t, fc0b.Mean, fc0.Mean, "Update must not change the original model")
	// A missing new observation is skipped by the filter.
	withNA := append([]float64(nil), y[90:]...)
	withNA[3] = math.NaN()
	un, err := m.Update(withNA)
	require.NoError(t, err)
	require.True(t, math.IsNaN(un.Residuals[93]))
}

func TestARIMAJSONRoundTrip(t *testing.T) {
	t.Parallel()
	cases := loadExtra(t)
	ctx := context.Background()
	c := cases["ap_boxcox_biasadj"]
	m, err := ARIMA{Order: [3]int{0, 1, 1}, Seasonal: [3]int{0, 1, 1}, Period: 12, BoxCox: true, Lambda: 0.3, BiasAdj: true}.Fit(ctx, c.series())
	require.NoError(t, err)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var back ARIMAModel
	require.NoError(t, json.Unmarshal(b, &back))
	f1, _ := m.Forecast(12, nil)
	f2, err := back.Forecast(12, nil)
	require.NoError(t, err)
	require.Equal(t, f1, f2, "forecast after a JSON round trip")
	require.Equal(t, m.String(), back.String())
	require.Equal(t, m.LogLik, back.LogLik)
	var bad ARIMAModel
	require.ErrorIs(t, json.Unmarshal([]byte(`{"kind":"x"}`), &bad), ErrFormat)
	require.ErrorIs(t, json.Unmarshal([]byte(`{"kind":"forecast.ARIMAModel","format":1,"coef":[1],"names":[]}`), &bad), ErrFormat)
}

func TestARIMABadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, y := loadCase(t, "wwwusage_arima_111")
	nan := math.NaN()
	cases := []struct {
		name string
		cfg  ARIMA
		y    []float64
		want error
	}{
		{"empty", ARIMA{Order: [3]int{1, 0, 0}}, nil, ErrAllMissing},
		{"all missing", ARIMA{Order: [3]int{1, 0, 0}}, []float64{nan, nan, nan}, ErrAllMissing},
		{"too short for differencing", ARIMA{Order: [3]int{0, 1, 1}, Seasonal: [3]int{0, 1, 1}, Period: 12}, y[:12], ErrTooShort},
		{"seasonal order with period 1", ARIMA{Order: [3]int{0, 1, 1}, Seasonal: [3]int{0, 1, 1}, Period: 1}, y, ErrBadConfig},
		{"negative order", ARIMA{Order: [3]int{-1, 0, 0}}, y, ErrBadConfig},
		{"log of zero", ARIMA{Order: [3]int{0, 1, 1}, BoxCox: true}, []float64{1, 2, 0, 3, 4, 5}, ErrNonPositive},
		{"box-cox of negative", ARIMA{Order: [3]int{0, 1, 1}, BoxCox: true, Lambda: 0.5}, []float64{1, 2, -3, 3, 4, 5}, ErrNonPositive},
		{"infinite value", ARIMA{Order: [3]int{1, 0, 0}}, []float64{1, 2, math.Inf(1), 3}, ErrBadConfig},
		{"one observation", ARIMA{Order: [3]int{0, 1, 0}}, []float64{5}, ErrTooShort},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := tc.cfg.Fit(ctx, tc.y)
			require.Error(t, err, "ARIMA.Fit(%s)", tc.name)
			require.Nil(t, m)
			require.True(t, errors.Is(err, tc.want), "ARIMA.Fit(%s) = %v, want %v", tc.name, err, tc.want)
		})
	}
	t.Run("non-stationary CSS start", func(t *testing.T) {
		// A trending series under a stationary AR model: CSS finds an
		// explosive AR coefficient, which CSS-ML refuses as R does.
		tr := make([]float64, 60)
		for i := range tr {
			tr[i] = math.Exp(0.1 * float64(i))
		}
		_, err := ARIMA{Order: [3]int{1, 0, 0}, NoMean: true}.Fit(ctx, tr)
		require.ErrorIs(t, err, ErrNotStationary, "ARIMA.Fit(explosive)")
	})
	t.Run("bad forecast arguments", func(t *testing.T) {
		m, err := ARIMA{Order: [3]int{1, 1, 1}}.Fit(ctx, y)
		require.NoError(t, err)
		_, err = m.Forecast(0, nil)
		require.ErrorIs(t, err, ErrBadConfig, "Forecast(h=0)")
		_, err = m.Forecast(5, []float64{100})
		require.ErrorIs(t, err, ErrBadConfig, "Forecast(level=100)")
	})
	t.Run("auto all missing", func(t *testing.T) {
		_, err := AutoARIMA{}.Fit(ctx, []float64{nan, nan})
		require.ErrorIs(t, err, ErrAllMissing)
	})
	t.Run("auto constant series", func(t *testing.T) {
		m, err := AutoARIMA{}.Fit(ctx, []float64{3, 3, 3, 3, 3, 3})
		require.NoError(t, err)
		fc, err := m.Forecast(3, nil)
		require.NoError(t, err)
		require.InDeltaSlice(t, []float64{3, 3, 3}, fc.Mean, 1e-12)
	})
}
