package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
)

// ARIMA specifies a seasonal ARIMA(p,d,q)(P,D,Q)[m] model with an optional
// mean or drift, regression with ARIMA errors and a Box-Cox transform, as R's
// forecast::Arima fits it:
//
//	φ(B) Φ(B^m) (1-B)^d (1-B^m)^D (y_t - μ - δt - Σ β_k x_kt) = θ(B) Θ(B^m) ε_t,	ε_t ~ N(0, σ²)
//
// The mean μ (only when d = D = 0) is the series mean, not the constant
// c = μ(1-Σφ); the drift δ (only when d + D = 1) is the slope per step.
// The zero value is the white-noise model with a mean, estimated by CSS-ML.
//
// References:
//
//	Box, G.E.P., Jenkins, G.M., Reinsel, G.C. and Ljung, G.M. (2015). Time
//	Series Analysis: Forecasting and Control, 5th ed. Wiley.
//	Gardner, G., Harvey, A.C. and Phillips, G.D.A. (1980). Algorithm AS 154.
//	Applied Statistics 29(3), 311-322.
//	Hyndman, R.J. and Khandakar, Y. (2008). Automatic time series
//	forecasting: the forecast package for R. J. Stat. Softw. 27(3).
type ARIMA struct {
	Order    [3]int `json:"order"`    // p, d, q
	Seasonal [3]int `json:"seasonal"` // P, D, Q; needs Period > 1 when non-zero
	Period   int    `json:"period"`   // m; zero or one means non-seasonal

	NoMean bool `json:"no_mean"` // drop the mean (R include.mean = FALSE); used only when d = D = 0
	Drift  bool `json:"drift"`   // add a drift (slope on t = 1..n); ignored when d + D ≥ 2, as R does

	Estimation  Estimation `json:"estimation"`   // zero means CSS-ML, R's default
	NoTransform bool       `json:"no_transform"` // R transform.pars = FALSE
	Kappa       float64    `json:"kappa"`        // diffuse prior variance of the differencing states (units of σ²); zero means 1e6
	// ExactInit starts the Kalman filter from the exact stationary
	// covariance of the ARMA states (R's SSinit = "Rossignol2011" gives the
	// same fit) instead of R's default AS 154 (SSinit = "Gardner1980"),
	// whose rounding errors reach 1e-4 for long AR polynomials with an MA
	// term. With the default, a fit whose likelihood AS 154 makes
	// non-finite (R's arima stops there with "non-finite finite-difference
	// value") is redone with the exact start; ARIMAModel.ExactInit says so.
	ExactInit bool `json:"exact_init,omitempty"`

	BoxCox  bool    `json:"box_cox"` // fit on the Box-Cox transform with parameter Lambda (0 = log)
	Lambda  float64 `json:"lambda"`
	BiasAdj bool    `json:"bias_adj"` // back-transformed point forecasts are means rather than medians

	// XregNames names the regression columns given to FitXreg (default
	// xreg1, xreg2, …, or xreg for one column).
	XregNames []string `json:"xreg_names,omitempty"`
}

// ARIMAModel is a fitted ARIMA model. It is immutable and safe for
// concurrent use.
type ARIMAModel struct {
	cfg ARIMA

	// Names lists the coefficients: ar1…, ma1…, sar1…, sma1…, then intercept,
	// drift and the regression columns.
	Names []string
	Coef  []float64
	SE    []float64 // NaN when the Hessian-based variance is negative

	Sigma2 float64 // forecast::Arima's Σe²/(n* - k), used for intervals
	// ExactInit reports a fit started from the exact stationary covariance
	// (asked for, or after R's AS 154 start made the likelihood non-finite).
	ExactInit bool
	Sigma2MLE float64 // stats::arima's ML estimate Σv²/F / n_used
	LogLik    float64
	AIC       float64
	AICc      float64
	BIC       float64
	NObs      int  // observations used by the likelihood (n - d - mD, missing excluded)
	NStar     int  // n* = n - d - mD over the observed span
	NPar      int  // estimated coefficients + 1 (σ²)
	Converged bool // the optimiser stopped before its iteration limit

	// Residuals are the standardised innovations v_t/√(F_t/σ²) on the
	// transformed scale (NaN where y is missing); Fitted = y - residuals on
	// the original scale.
	Residuals []float64
	Fitted    []float64

	varCoef []float64
	nfree   int
	n       int // series length
	ss      *ssModel
	ncxreg  int // regression columns (including intercept/drift)
	userX   int // user regression columns
	mean    bool
	drift   bool
	css     bool
}

// Fit estimates the model on y (NaN marks a missing value).
func (c ARIMA) Fit(ctx context.Context, y []float64) (*ARIMAModel, error) {
	return c.FitXreg(ctx, y, nil)
}

// FitXreg estimates a regression with ARIMA errors; xreg[j] is the j-th
// regressor, of the same length as y.
func (c ARIMA) FitXreg(ctx context.Context, y []float64, xreg [][]float64) (*ARIMAModel, error) {
	a, err := c.spec()
	if err != nil {
		return nil, err
	}
	n := len(y)
	for j, col := range xreg {
		if len(col) != n {
			return nil, fmt.Errorf("%w: regressor %d has %d values, the series %d", ErrBadConfig, j+1, len(col), n)
		}
	}
	observed := 0
	for _, v := range y {
		if !math.IsNaN(v) {
			observed++
			if math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: infinite value in the series", ErrBadConfig)
			}
		}
	}
	if n == 0 || observed == 0 {
		return nil, ErrAllMissing
	}
	if n <= a.d+a.sd*a.m {
		return nil, fmt.Errorf("%w: %d observations for %d differences", ErrTooShort, n, a.d+a.sd*a.m)
	}
	x := y
	if c.BoxCox {
		x, err = boxCoxSeries(y, c.Lambda)
		if err != nil {
			return nil, err
		}
	}
	cols, names, mean, drift := c.regressors(a, n, xreg)
	kappa := c.Kappa
	if kappa == 0 {
		kappa = 1e6
	}
	init := stateInit{kappa: kappa, exact: c.ExactInit}
	fit, err := fitStatsArima(ctx, x, a, cols, names, c.Estimation, !c.NoTransform, init, nil, false)
	if err != nil && !init.exact && errors.Is(err, errOptimNonFinite) {
		init.exact = true
		fit, err = fitStatsArima(ctx, x, a, cols, names, c.Estimation, !c.NoTransform, init, nil, false)
	}
	if err != nil {
		return nil, err
	}
	m := newARIMAModel(c, a, fit, x, y)
	m.ExactInit = init.exact
	m.mean, m.drift, m.userX = mean, drift, len(xreg)
	return m, nil
}

// spec validates the orders.
func (c ARIMA) spec() (armaSpec, error) {
	for i, v := range append(c.Order[:], c.Seasonal[:]...) {
		if v < 0 {
			return armaSpec{}, fmt.Errorf("%w: negative order %d at position %d", ErrBadConfig, v, i+1)
		}
	}
	m := c.Period
	if m < 0 {
		return armaSpec{}, fmt.Errorf("%w: negative period %d", ErrBadConfig, m)
	}
	seasonal := c.Seasonal[0]+c.Seasonal[1]+c.Seasonal[2] > 0
	if m <= 1 {
		if seasonal {
			return armaSpec{}, fmt.Errorf("%w: seasonal order (%d,%d,%d) needs a period above 1, got %d",
				ErrBadConfig, c.Seasonal[0], c.Seasonal[1], c.Seasonal[2], m)
		}
		m = 1
	}
	if c.Order[0]+m*c.Seasonal[0] > 350 || c.Order[2]+m*c.Seasonal[2] > 350 {
		return armaSpec{}, fmt.Errorf("%w: maximum supported lag is 350", ErrBadConfig)
	}
	if !seasonal && m > 1 {
		m = 1
	}
	if c.BoxCox && (math.IsNaN(c.Lambda) || math.IsInf(c.Lambda, 0)) {
		return armaSpec{}, fmt.Errorf("%w: Box-Cox lambda %v", ErrBadConfig, c.Lambda)
	}
	if c.Kappa < 0 || math.IsNaN(c.Kappa) {
		return armaSpec{}, fmt.Errorf("%w: kappa %v", ErrBadConfig, c.Kappa)
	}
	a := armaSpec{p: c.Order[0], q: c.Order[2], sp: c.Seasonal[0], sq: c.Seasonal[2], m: m, d: c.Order[1], sd: c.Seasonal[1]}
	if a.m == 1 {
		a.sp, a.sq, a.sd = 0, 0, 0
	}
	return a, nil
}

// regressors builds the intercept/drift/user columns and their names.
func (c ARIMA) regressors(a armaSpec, n int, xreg [][]float64) ([][]float64, []string, bool, bool) {
	nd := a.d + a.sd
	drift := c.Drift && nd <= 1
	mean := !c.NoMean && nd == 0
	var cols [][]float64
	var names []string
	if mean {
		one := make([]float64, n)
		for i := range one {
			one[i] = 1
		}
		cols = append(cols, one)
		names = append(names, "intercept")
	}
	if drift {
		t := make([]float64, n)
		for i := range t {
			t[i] = float64(i + 1)
		}
		cols = append(cols, t)
		names = append(names, "drift")
	}
	for j, col := range xreg {
		cols = append(cols, col)
		switch {
		case j < len(c.XregNames):
			names = append(names, c.XregNames[j])
		case len(xreg) == 1:
			names = append(names, "xreg")
		default:
			names = append(names, fmt.Sprintf("xreg%d", j+1))
		}
	}
	return cols, names, mean, drift
}

// newARIMAModel adds forecast::Arima's extras to a stats::arima fit: n*,
// AICc and BIC on n*, and the residual variance Σe²/(n* - k + 1) with
// k = estimated coefficients + 1.
func newARIMAModel(c ARIMA, a armaSpec, fit *arimaFit, x, y []float64) *ARIMAModel {
	c.Period = a.m
	m := &ARIMAModel{
		cfg: c, Names: fit.names, Coef: fit.coef, Sigma2MLE: fit.sigma2, LogLik: fit.loglik,
		AIC: fit.aic, NObs: fit.nused, Converged: fit.converged, Residuals: fit.resid,
		varCoef: fit.varCoef, nfree: fit.nfree, n: len(x), ss: fit.ss, ncxreg: fit.ncxreg,
		css: c.Estimation == CSS,
	}
	m.SE = make([]float64, len(fit.coef))
	for i := range m.SE {
		m.SE[i] = math.NaN()
	}
	if fit.varCoef != nil {
		for i := 0; i < fit.nfree; i++ {
			m.SE[i] = math.Sqrt(fit.varCoef[i*fit.nfree+i])
		}
	}
	first, last := -1, -1
	for i, r := range fit.resid {
		if !math.IsNaN(r) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	cnt := 0
	ssr := 0.0
	if first >= 0 {
		for i := first; i <= last; i++ {
			if !math.IsNaN(fit.resid[i]) {
				cnt++
			}
		}
	}
	for _, r := range fit.resid {
		if !math.IsNaN(r) {
			ssr += r * r
		}
	}
	m.NStar = cnt - a.d - a.sd*a.m
	m.NPar = fit.nfree + 1
	k := float64(m.NPar)
	ns := float64(m.NStar)
	m.AICc = m.AIC + 2*k*(ns/(ns-k-1)-1)
	m.BIC = m.AIC + k*(math.Log(ns)-2)
	m.Sigma2 = ssr / (ns - k + 1)
	m.Fitted = make([]float64, len(x))
	for i := range x {
		m.Fitted[i] = x[i] - fit.resid[i]
	}
	if c.BoxCox {
		for i, v := range m.Fitted {
			m.Fitted[i] = invBoxCox(v, c.Lambda, c.BiasAdj, m.Sigma2)
		}
	}
	return m
}

// Config returns the specification the model was fitted with.
func (m *ARIMAModel) Config() ARIMA { return m.cfg }

// Spec returns the orders (p, d, q), (P, D, Q) and the period.
func (m *ARIMAModel) Spec() (order, seasonal [3]int, period int) {
	s := m.spec()
	return [3]int{s.p, s.d, s.q}, [3]int{s.sp, s.sd, s.sq}, s.m
}

func (m *ARIMAModel) spec() armaSpec {
	c := m.cfg
	a := armaSpec{p: c.Order[0], q: c.Order[2], sp: c.Seasonal[0], sq: c.Seasonal[2], m: c.Period, d: c.Order[1], sd: c.Seasonal[1]}
	if a.m <= 1 {
		a.m, a.sp, a.sq, a.sd = 1, 0, 0, 0
	}
	return a
}

// HasMean reports whether the model has an intercept.
func (m *ARIMAModel) HasMean() bool { return m.mean }

// HasDrift reports whether the model has a drift.
func (m *ARIMAModel) HasDrift() bool { return m.drift }

// VarCoef returns the covariance matrix of the estimated coefficients
// (row-major, in the order of Names).
func (m *ARIMAModel) VarCoef() []float64 { return append([]float64(nil), m.varCoef...) }

// String is forecast's arima.string, e.g. "ARIMA(0,1,1)(0,1,1)[12]" or
// "ARIMA(1,1,0) with drift".
func (m *ARIMAModel) String() string {
	a := m.spec()
	var b strings.Builder
	fmt.Fprintf(&b, "ARIMA(%d,%d,%d)", a.p, a.d, a.q)
	if a.m > 1 && a.sp+a.sd+a.sq > 0 {
		fmt.Fprintf(&b, "(%d,%d,%d)[%d]", a.sp, a.sd, a.sq, a.m)
	}
	switch {
	case m.userX > 0:
		return "Regression with " + b.String() + " errors"
	case m.drift:
		b.WriteString(" with drift")
	case m.mean:
		b.WriteString(" with non-zero mean")
	case a.d == 0 && a.sd == 0:
		b.WriteString(" with zero mean")
	}
	return b.String()
}

// Forecast returns h point forecasts with prediction intervals at levels
// (percent, e.g. 80 and 95; nil means 80 and 95), as forecast.Arima:
//
//	ŷ_{n+h} ± z_{(1+level)/2} √(σ² F_{n+h})
//
// with σ² = Sigma2 and F the Kalman prediction variance. A model with
// regressors other than the drift needs ForecastXreg.
func (m *ARIMAModel) Forecast(h int, levels []float64) (Forecast, error) {
	if m.userX > 0 {
		return Forecast{}, fmt.Errorf("%w: the model has %d regressors: use ForecastXreg", ErrBadConfig, m.userX)
	}
	return m.ForecastXreg(h, levels, nil)
}

// ForecastXreg is Forecast for a regression with ARIMA errors: newXreg[j]
// holds the h future values of regressor j.
func (m *ARIMAModel) ForecastXreg(h int, levels []float64, newXreg [][]float64) (Forecast, error) {
	if h <= 0 {
		return Forecast{}, fmt.Errorf("%w: horizon %d", ErrBadConfig, h)
	}
	if levels == nil {
		levels = []float64{80, 95}
	}
	for _, l := range levels {
		if !(l > 0 && l < 100) {
			return Forecast{}, fmt.Errorf("%w: interval level %v outside (0, 100)", ErrBadConfig, l)
		}
	}
	if len(newXreg) != m.userX {
		return Forecast{}, fmt.Errorf("%w: %d future regressors for a model with %d", ErrBadConfig, len(newXreg), m.userX)
	}
	for j, col := range newXreg {
		if len(col) != h {
			return Forecast{}, fmt.Errorf("%w: future regressor %d has %d values, horizon %d", ErrBadConfig, j+1, len(col), h)
		}
	}
	mean := make([]float64, h)
	vr := make([]float64, h)
	m.ss.forecast(h, mean, vr)
	narma := m.spec().narma()
	for t := 0; t < h; t++ {
		k := narma
		if m.mean {
			mean[t] += m.Coef[k]
			k++
		}
		if m.drift {
			mean[t] += m.Coef[k] * float64(m.n+t+1)
			k++
		}
		for j := range newXreg {
			mean[t] += m.Coef[k+j] * newXreg[j][t]
		}
	}
	se := make([]float64, h)
	for t := range se {
		se[t] = math.Sqrt(vr[t] * m.Sigma2)
	}
	f := Forecast{Mean: mean, Levels: append([]float64(nil), levels...)}
	for _, l := range levels {
		z := normalQuantile(0.5 * (1 + l/100))
		lo := make([]float64, h)
		hi := make([]float64, h)
		for t := range lo {
			lo[t] = mean[t] - z*se[t]
			hi[t] = mean[t] + z*se[t]
		}
		f.Lower = append(f.Lower, lo)
		f.Upper = append(f.Upper, hi)
	}
	if m.cfg.BoxCox {
		lam := m.cfg.Lambda
		for t := range f.Mean {
			f.Mean[t] = invBoxCox(f.Mean[t], lam, m.cfg.BiasAdj, se[t]*se[t])
		}
		for i := range f.Lower {
			for t := range f.Lower[i] {
				f.Lower[i][t] = invBoxCox(f.Lower[i][t], lam, false, 0)
				f.Upper[i][t] = invBoxCox(f.Upper[i][t], lam, false, 0)
			}
		}
	}
	for t, v := range f.Mean {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Forecast{}, fmt.Errorf("%w: non-finite forecast at step %d", ErrFit, t+1)
		}
	}
	return f, nil
}

// StdErrors returns the standard errors of the h-step forecasts on the
// transformed scale, √(σ² F_{n+h}).
func (m *ARIMAModel) StdErrors(h int) []float64 {
	mean := make([]float64, h)
	vr := make([]float64, h)
	m.ss.forecast(h, mean, vr)
	for t := range vr {
		vr[t] = math.Sqrt(vr[t] * m.Sigma2)
	}
	return vr
}

// normalQuantile is the standard normal quantile function.
func normalQuantile(p float64) float64 {
	return math.Sqrt2 * math.Erfinv(2*p-1)
}
