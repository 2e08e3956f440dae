package forecast

import (
	"context"
	"fmt"
	"math"
)

// HoltWinters specifies classic Holt-Winters exponential smoothing as R's
// stats::HoltWinters with a trend and a season. The zero value is additive
// with R's defaults; Period must be at least 2.
//
// With season s of period m, level a and trend b (additive case)
//
//	yhat_t = a_{t-1} + b_{t-1} + s_{t-m}
//	a_t = alpha (y_t - s_{t-m}) + (1-alpha)(a_{t-1} + b_{t-1})
//	b_t = beta (a_t - a_{t-1}) + (1-beta) b_{t-1}
//	s_t = gamma (y_t - a_t) + (1-gamma) s_{t-m}
//
// (multiplicative: y_t / s_{t-m}, y_t / a_t and yhat_t = (a+b) s). Start
// values come from decompose() of the first StartPeriods periods: the
// seasonal figure, and level and slope of a regression of the non-missing
// centred moving average on time. alpha, beta and gamma minimise the sum of
// squared one-step errors from t = m+1 in [0, 1]^3, starting from
// (0.3, 0.1, 0.1). beta is the classic one (not alpha-scaled as in ETS).
//
// R optimises with L-BFGS-B and finite-difference gradients; here a
// Nelder-Mead search on the box-clamped SSE with restarts is used, so
// parameters agree with R's only to the optimiser's tolerance while the
// SSE reached is at least as low.
//
// References:
//
//	Winters, P. R. (1960). Forecasting sales by exponentially weighted
//	moving averages. Management Science 6(3), 324-342.
//	doi:10.1287/mnsc.6.3.324.
//	Holt, C. C. (1957, 2004). Forecasting seasonals and trends by
//	exponentially weighted moving averages. International Journal of
//	Forecasting 20(1), 5-10. doi:10.1016/j.ijforecast.2003.09.015.
type HoltWinters struct {
	// Period is the seasonal period m (at least 2).
	Period int `json:"period"`
	// Multiplicative selects a multiplicative season (R's
	// seasonal = "multiplicative"); false is additive.
	Multiplicative bool `json:"multiplicative"`
	// StartPeriods is the number of periods used for the start values;
	// zero means 2.
	StartPeriods int `json:"start_periods"`
}

// HoltWintersModel is a fitted Holt-Winters model; immutable and safe for
// concurrent use.
type HoltWintersModel struct {
	m                  int
	mult               bool
	alpha, beta, gamma float64
	l0, b0             float64
	s0                 []float64
	a, b               float64   // final level and trend
	s                  []float64 // final seasonal, s[0] for step 1
	sse                float64
	fitted             []float64 // from t = m+1
	resid              []float64
}

// hwStart holds the start values and the series.
type hwStart struct {
	y         []float64
	m         int
	mult      bool
	l0, b0    float64
	s0        []float64
	startTime int // 1-based index of the first forecast (m + 1)
	seasonBuf []float64
}

func (c HoltWinters) start(y []float64) (*hwStart, error) {
	m := c.Period
	if m < 2 {
		return nil, fmt.Errorf("%w: Holt-Winters period %d (need at least 2 for a season)", ErrETSSpec, m)
	}
	sp := c.StartPeriods
	if sp == 0 {
		sp = 2
	}
	if sp < 2 {
		return nil, fmt.Errorf("%w: Holt-Winters start periods %d (need at least 2)", ErrETSSpec, sp)
	}
	n := len(y)
	if n < sp*m || n <= m+1 {
		return nil, fmt.Errorf("%w: Holt-Winters needs at least %d observations (%d periods of %d), have %d", ErrETSData, max(sp*m, m+2), sp, m, n)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: observation %d is %v", ErrETSData, i+1, v)
		}
		if c.Multiplicative && v == 0 {
			return nil, fmt.Errorf("%w: observation %d is zero (multiplicative Holt-Winters needs non-zero data)", ErrETSData, i+1)
		}
	}
	wind := y[:sp*m]
	fig := decomposeSeasonal(wind, m, c.Multiplicative)
	// Centred moving average of the window, regressed on 1..k.
	tr := centredMA(wind, m)
	a, b := lineFit(tr)
	return &hwStart{y: y, m: m, mult: c.Multiplicative, l0: a, b0: b, s0: fig, startTime: m + 1,
		seasonBuf: make([]float64, n-m+m)}, nil
}

// centredMA returns the non-missing values of R's filter(x, w, sides = 2)
// with decompose's weights.
func centredMA(y []float64, m int) []float64 {
	w := make([]float64, 0, m+1)
	if m%2 == 0 {
		w = append(w, 0.5/float64(m))
		for i := 1; i < m; i++ {
			w = append(w, 1/float64(m))
		}
		w = append(w, 0.5/float64(m))
	} else {
		for i := 0; i < m; i++ {
			w = append(w, 1/float64(m))
		}
	}
	o := len(w) / 2
	var out []float64
	for t := o; t+len(w)-1-o < len(y); t++ {
		s := 0.0
		for j := range w {
			s += w[j] * y[t+o-j]
		}
		out = append(out, s)
	}
	return out
}

// sse runs R's C_HoltWinters filter and returns the SSE; with fit it also
// returns the final level, trend and m seasonal values and the one-step
// forecasts from startTime.
func (h *hwStart) run(alpha, beta, gamma float64, fitted []float64) (sse, a, b float64, season []float64) {
	alpha = math.Max(math.Min(alpha, 1), 0)
	beta = math.Max(math.Min(beta, 1), 0)
	gamma = math.Max(math.Min(gamma, 1), 0)
	m := h.m
	season = h.seasonBuf
	copy(season, h.s0)
	level := h.l0
	trend := h.b0
	x := h.y
	for i := h.startTime - 1; i < len(x); i++ {
		i0 := i - h.startTime + 2
		s0 := i0 + m - 1
		stmp := season[s0-m]
		xhat := level + trend
		if h.mult {
			xhat *= stmp
		} else {
			xhat += stmp
		}
		if fitted != nil {
			fitted[i0-1] = xhat
		}
		res := x[i] - xhat
		sse += res * res
		var nl float64
		if h.mult {
			nl = alpha*(x[i]/stmp) + (1-alpha)*(level+trend)
		} else {
			nl = alpha*(x[i]-stmp) + (1-alpha)*(level+trend)
		}
		trend = beta*(nl-level) + (1-beta)*trend
		level = nl
		if h.mult {
			season[s0] = gamma*(x[i]/level) + (1-gamma)*stmp
		} else {
			season[s0] = gamma*(x[i]-level) + (1-gamma)*stmp
		}
	}
	n := len(x) - h.startTime + 1
	return sse, level, trend, season[n : n+m]
}

// Fit estimates alpha, beta and gamma by minimising the SSE.
func (c HoltWinters) Fit(ctx context.Context, y []float64) (*HoltWintersModel, error) {
	st, err := c.start(y)
	if err != nil {
		return nil, err
	}
	fn := func(p []float64) float64 {
		s, _, _, _ := st.run(p[0], p[1], p[2], nil)
		return s
	}
	x := []float64{0.3, 0.1, 0.1}
	fbest := fn(x)
	if math.IsNaN(fbest) || math.IsInf(fbest, 0) {
		return nil, fmt.Errorf("%w: Holt-Winters SSE not finite at the starting values", ErrETSFit)
	}
	// Nelder-Mead restarts until the SSE stops improving.
	for range 8 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for i := range x {
			x[i] = math.Max(math.Min(x[i], 1), 0)
		}
		xn, fn2, _, _ := nelderMead(fn, x, 1e-12, 2000)
		improved := fn2 < fbest*(1-1e-12)
		for i := range xn {
			xn[i] = math.Max(math.Min(xn[i], 1), 0)
		}
		x = xn
		if fn2 <= fbest {
			fbest = fn2
		}
		if !improved {
			break
		}
	}
	return c.fitAt(st, x[0], x[1], x[2])
}

// FitParams evaluates the model at given alpha, beta, gamma in [0, 1]
// without estimation (R's HoltWinters(x, alpha, beta, gamma)).
func (c HoltWinters) FitParams(y []float64, alpha, beta, gamma float64) (*HoltWintersModel, error) {
	for _, v := range []float64{alpha, beta, gamma} {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("%w: Holt-Winters parameter %v outside [0, 1]", ErrETSSpec, v)
		}
	}
	if alpha == 0 {
		return nil, fmt.Errorf("%w: Holt-Winters alpha must not be 0", ErrETSSpec)
	}
	st, err := c.start(y)
	if err != nil {
		return nil, err
	}
	return c.fitAt(st, alpha, beta, gamma)
}

func (c HoltWinters) fitAt(st *hwStart, alpha, beta, gamma float64) (*HoltWintersModel, error) {
	n := len(st.y) - st.startTime + 1
	fitted := make([]float64, n)
	sse, a, b, s := st.run(alpha, beta, gamma, fitted)
	if math.IsNaN(sse) || math.IsInf(sse, 0) || math.IsNaN(a) || math.IsNaN(b) {
		return nil, fmt.Errorf("%w: Holt-Winters filter not finite", ErrETSFit)
	}
	resid := make([]float64, n)
	for i := range resid {
		resid[i] = st.y[st.startTime-1+i] - fitted[i]
	}
	return &HoltWintersModel{
		m: st.m, mult: st.mult, alpha: alpha, beta: beta, gamma: gamma,
		l0: st.l0, b0: st.b0, s0: append([]float64(nil), st.s0...),
		a: a, b: b, s: append([]float64(nil), s...), sse: sse,
		fitted: fitted, resid: resid,
	}, nil
}

// Params returns alpha, beta (classic) and gamma.
func (m *HoltWintersModel) Params() (alpha, beta, gamma float64) { return m.alpha, m.beta, m.gamma }

// SSE is the sum of squared one-step errors from t = m+1.
func (m *HoltWintersModel) SSE() float64 { return m.sse }

// Coefficients returns the final level a, trend b and seasonal values for
// forecast steps 1..m (R's coefficients a, b, s1..sm).
func (m *HoltWintersModel) Coefficients() (a, b float64, s []float64) {
	return m.a, m.b, append([]float64(nil), m.s...)
}

// StartValues returns the start level, trend and seasonal figure.
func (m *HoltWintersModel) StartValues() (l, b float64, s []float64) {
	return m.l0, m.b0, append([]float64(nil), m.s0...)
}

// Fitted returns the one-step forecasts for t = m+1..n (nil dst allocates;
// else its length must be n-m).
func (m *HoltWintersModel) Fitted(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, len(m.fitted))
	}
	if len(dst) != len(m.fitted) {
		panic(badETSDstLength)
	}
	copy(dst, m.fitted)
	return dst
}

// Forecast returns h-step forecasts a + h b (+ or x) s with R's
// predict.HoltWinters intervals at levels (percent): mean ± z sqrt(v_h),
// v_h = var(e) (1 + sum_{j=1}^{h-1} psi_j^2) (additive),
// psi_j = alpha (1 + j beta) + [j mod m = 0] gamma (1 - alpha), var(e) the
// sample variance of the one-step errors; the multiplicative variance is
// R's ratio-weighted sum (including its use of b where the seasonal index
// wraps to 0).
func (m *HoltWintersModel) Forecast(h int, levels []float64) (Forecast, error) {
	if err := checkETSForecastArgs(h, levels); err != nil {
		return Forecast{}, err
	}
	f := m.m
	mean := make([]float64, h)
	for i := range mean {
		v := m.a + float64(i+1)*m.b
		if m.mult {
			v *= m.s[i%f]
		} else {
			v += m.s[i%f]
		}
		mean[i] = v
	}
	// Sample variance of the residuals.
	mu := 0.0
	for _, r := range m.resid {
		mu += r
	}
	mu /= float64(len(m.resid))
	ve := 0.0
	for _, r := range m.resid {
		ve += (r - mu) * (r - mu)
	}
	ve /= float64(len(m.resid) - 1)
	psi := func(j int) float64 {
		v := m.alpha * (1 + float64(j)*m.beta)
		if j%f == 0 {
			v += m.gamma * (1 - m.alpha)
		}
		return v
	}
	// R's coefficients vector: [a, b, s1..sm], 1-based.
	coef := func(i int) float64 {
		switch i {
		case 1:
			return m.a
		case 2:
			return m.b
		}
		return m.s[i-3]
	}
	sd := make([]float64, h)
	for hh := 1; hh <= h; hh++ {
		var sum float64
		if !m.mult {
			sum = 1
			for j := 1; j <= hh-1; j++ {
				p := psi(j)
				sum += p * p
			}
		} else {
			rel := 1 + (hh-1)%f
			for j := 0; j <= hh-1; j++ {
				idx := ((rel-j)%f + f) % f
				p := psi(j) * coef(2+rel) / coef(2+idx)
				sum += p * p
			}
		}
		sd[hh-1] = math.Sqrt(ve * sum)
	}
	fc := Forecast{Mean: mean, Levels: append([]float64(nil), levels...)}
	for _, lv := range levels {
		z := normQuantile((1 + lv/100) / 2)
		lo := make([]float64, h)
		up := make([]float64, h)
		for i := range mean {
			lo[i] = mean[i] - z*sd[i]
			up[i] = mean[i] + z*sd[i]
		}
		fc.Lower = append(fc.Lower, lo)
		fc.Upper = append(fc.Upper, up)
	}
	return finiteForecast(fc, "Holt-Winters")
}

// Update returns the model with the observations y appended, without
// re-estimating alpha, beta and gamma: the filter continues from the final
// level, trend and seasonal values, and the SSE, fitted values and residual
// variance include the new one-step errors. The receiver is unchanged.
func (m *HoltWintersModel) Update(y []float64) (*HoltWintersModel, error) {
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: new observation %d is %v", ErrETSData, i+1, v)
		}
		if m.mult && v == 0 {
			return nil, fmt.Errorf("%w: new observation %d is zero (multiplicative Holt-Winters)", ErrETSData, i+1)
		}
	}
	up := *m
	up.s = append([]float64(nil), m.s...)
	up.fitted = append(append([]float64(nil), m.fitted...), make([]float64, 0, len(y))...)
	up.resid = append(append([]float64(nil), m.resid...), make([]float64, 0, len(y))...)
	level, trend := m.a, m.b
	k := 0 // up.s[k] is the seasonal value for the next observation
	for _, x := range y {
		stmp := up.s[k]
		xhat := level + trend
		if m.mult {
			xhat *= stmp
		} else {
			xhat += stmp
		}
		res := x - xhat
		up.sse += res * res
		up.fitted = append(up.fitted, xhat)
		up.resid = append(up.resid, res)
		var nl float64
		if m.mult {
			nl = m.alpha*(x/stmp) + (1-m.alpha)*(level+trend)
		} else {
			nl = m.alpha*(x-stmp) + (1-m.alpha)*(level+trend)
		}
		trend = m.beta*(nl-level) + (1-m.beta)*trend
		level = nl
		if m.mult {
			up.s[k] = m.gamma*(x/level) + (1-m.gamma)*stmp
		} else {
			up.s[k] = m.gamma*(x-level) + (1-m.gamma)*stmp
		}
		k = (k + 1) % m.m
	}
	// Rotate so that s[0] is again the value for the next step.
	rot := make([]float64, m.m)
	for i := range rot {
		rot[i] = up.s[(k+i)%m.m]
	}
	up.s = rot
	up.a, up.b = level, trend
	return &up, nil
}
