package forecast

import (
	"context"
	"fmt"
	"math"
)

// BaselineKind names a benchmark forecasting method.
type BaselineKind int

const (
	// BaselineNaive forecasts the last observation (R's naive, rwf).
	BaselineNaive BaselineKind = iota
	// BaselineSeasonalNaive forecasts the observation one period earlier
	// (R's snaive).
	BaselineSeasonalNaive
	// BaselineDrift forecasts the last observation plus h times the mean
	// step (R's rwf(drift = TRUE)).
	BaselineDrift
	// BaselineMean forecasts the sample mean (R's meanf).
	BaselineMean
)

func (b BaselineKind) String() string {
	switch b {
	case BaselineNaive:
		return "naive"
	case BaselineSeasonalNaive:
		return "snaive"
	case BaselineDrift:
		return "drift"
	case BaselineMean:
		return "mean"
	}
	return fmt.Sprintf("BaselineKind(%d)", int(b))
}

// Baseline specifies one of the benchmark methods of R's forecast package.
// The zero value is the naive method.
//
// Random walks with lag k (1 for naive and drift, m for seasonal naive)
// forecast y_{n+h} = y_{n+h-k ceil(h/k)} + h b and use
//
//	se_h = sqrt(s^2 ceil(h/k) + (ceil(h/k) se_b)^2)
//
// where s^2 is the mean squared residual (divided by the count minus one
// with drift), b the mean lag-k difference (0 without drift) and se_b its
// standard error. The mean method forecasts ybar with
// ± t_{n-1} sd(y) sqrt(1 + 1/n).
//
// References:
//
//	Hyndman, R. J. and Athanasopoulos, G. (2021). Forecasting: Principles
//	and Practice, 3rd ed., section 5.2 and 5.5. OTexts. https://otexts.com/fpp3/
type Baseline struct {
	Kind BaselineKind `json:"kind"`
	// Period is the seasonal lag for BaselineSeasonalNaive (at least 1).
	Period int `json:"period"`
}

// BaselineModel is a fitted baseline; immutable and safe for concurrent use.
type BaselineModel struct {
	method  BaselineKind
	lag     int
	future  []float64 // last lag values
	drift   float64
	driftSE float64
	mse     float64
	mean    float64
	sd      float64
	n       int
	fitted  []float64 // NaN where undefined
}

// Fit fits the baseline to y (finite values).
func (c Baseline) Fit(ctx context.Context, y []float64) (*BaselineModel, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := len(y)
	if n == 0 {
		return nil, fmt.Errorf("%w: empty series", ErrETSData)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: observation %d is %v", ErrETSData, i+1, v)
		}
	}
	m := &BaselineModel{method: c.Kind, n: n, fitted: make([]float64, n)}
	switch c.Kind {
	case BaselineMean:
		s := 0.0
		for _, v := range y {
			s += v
		}
		m.mean = s / float64(n)
		ss := 0.0
		for _, v := range y {
			ss += (v - m.mean) * (v - m.mean)
		}
		if n > 1 {
			m.sd = math.Sqrt(ss / float64(n-1))
		} else {
			m.sd = math.NaN()
		}
		for i := range m.fitted {
			m.fitted[i] = m.mean
		}
		return m, nil
	case BaselineNaive, BaselineDrift:
		m.lag = 1
	case BaselineSeasonalNaive:
		if c.Period < 1 {
			return nil, fmt.Errorf("%w: seasonal naive period %d (need at least 1)", ErrETSSpec, c.Period)
		}
		m.lag = c.Period
	default:
		return nil, fmt.Errorf("%w: unknown baseline method %d", ErrETSSpec, int(c.Kind))
	}
	k := m.lag
	if n < k {
		return nil, fmt.Errorf("%w: %s needs at least %d observations, have %d", ErrETSData, c.Kind, k, n)
	}
	m.future = append([]float64(nil), y[n-k:]...)
	for i := range m.fitted {
		if i < k {
			m.fitted[i] = math.NaN()
		} else {
			m.fitted[i] = y[i-k]
		}
	}
	cnt := float64(n - k)
	if c.Kind == BaselineDrift {
		if n-k < 2 {
			return nil, fmt.Errorf("%w: drift needs at least %d observations, have %d", ErrETSData, k+2, n)
		}
		s := 0.0
		for i := k; i < n; i++ {
			s += y[i] - y[i-k]
		}
		b := s / cnt
		ss := 0.0
		for i := k; i < n; i++ {
			d := y[i] - y[i-k] - b
			ss += d * d
		}
		sigma2 := ss / (cnt - 1)
		m.drift = b
		m.driftSE = math.Sqrt(sigma2 / cnt)
		m.mse = ss / (cnt - 1)
		if b == 0 {
			m.mse = ss / cnt // R divides by the count minus (drift != 0)
		}
		for i := k; i < n; i++ {
			m.fitted[i] += b
		}
		return m, nil
	}
	ss := 0.0
	for i := k; i < n; i++ {
		d := y[i] - y[i-k]
		ss += d * d
	}
	m.mse = ss / cnt // NaN with n == k: point forecasts only
	return m, nil
}

// Fitted returns the in-sample one-step fitted values (NaN for the first
// lag observations of a random walk); nil dst allocates.
func (m *BaselineModel) Fitted(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, m.n)
	}
	if len(dst) != m.n {
		panic(badETSDstLength)
	}
	copy(dst, m.fitted)
	return dst
}

// Forecast returns h-step forecasts with intervals at levels (percent).
func (m *BaselineModel) Forecast(h int, levels []float64) (Forecast, error) {
	if err := checkETSForecastArgs(h, levels); err != nil {
		return Forecast{}, err
	}
	mean := make([]float64, h)
	se := make([]float64, h)
	var q func(lv float64) float64
	if m.method == BaselineMean {
		for i := range mean {
			mean[i] = m.mean
			se[i] = m.sd * math.Sqrt(1+1/float64(m.n))
		}
		q = func(lv float64) float64 {
			if m.n < 2 {
				return math.Inf(1)
			}
			return -studentTQuantile(0.5-lv/200, float64(m.n-1))
		}
	} else {
		k := m.lag
		for i := range mean {
			steps := float64(i/k + 1)
			mean[i] = m.future[i%k] + steps*m.drift
			se[i] = math.Sqrt(m.mse*steps + (steps*m.driftSE)*(steps*m.driftSE))
		}
		q = func(lv float64) float64 { return normQuantile(0.5 + lv/200) }
	}
	if len(levels) > 0 {
		for i := range se {
			if math.IsNaN(se[i]) {
				return Forecast{}, fmt.Errorf("%w: %s intervals need more observations (%d)", ErrETSData, m.method, m.n)
			}
		}
	}
	fc := Forecast{Mean: mean, Levels: append([]float64(nil), levels...)}
	for _, lv := range levels {
		z := q(lv)
		lo := make([]float64, h)
		up := make([]float64, h)
		for i := range mean {
			lo[i] = mean[i] - z*se[i]
			up[i] = mean[i] + z*se[i]
		}
		fc.Lower = append(fc.Lower, lo)
		fc.Upper = append(fc.Upper, up)
	}
	return finiteForecast(fc, m.method.String())
}

// studentTQuantile is the p quantile of Student's t with df degrees of
// freedom, by bisection on the CDF (regularised incomplete beta).
func studentTQuantile(p, df float64) float64 {
	if p == 0.5 {
		return 0
	}
	if p > 0.5 {
		return -studentTQuantile(1-p, df)
	}
	// p < 0.5: find t < 0 with CDF(t) = p, i.e. 0.5 I_{df/(df+t^2)}(df/2, 1/2) = p.
	lo, hi := 0.0, 1.0
	for studentTTail(hi, df) > p {
		hi *= 2
		if hi > 1e300 {
			return math.Inf(-1)
		}
	}
	for range 200 {
		mid := 0.5 * (lo + hi)
		if studentTTail(mid, df) > p {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo <= 1e-15*hi {
			break
		}
	}
	return -0.5 * (lo + hi)
}

// studentTTail is P(T > t) for t >= 0.
func studentTTail(t, df float64) float64 {
	return 0.5 * regIncBeta(df/2, 0.5, df/(df+t*t))
}

// regIncBeta is the regularised incomplete beta function I_x(a, b), by the
// continued fraction of Numerical Recipes (modified Lentz).
func regIncBeta(a, b, x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	if x > (a+1)/(a+b+2) {
		return 1 - front*betaCF(b, a, 1-x)/b
	}
	return front * betaCF(a, b, x) / a
}

func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 1000; m++ {
		fm := float64(m)
		aa := fm * (b - fm) * x / ((qam + 2*fm) * (a + 2*fm))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (qab + fm) * x / ((a + 2*fm) * (qap + 2*fm))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-16 {
			break
		}
	}
	return h
}

// Method returns the baseline as a batch [Method]; the series' period is
// the seasonal lag of the seasonal naive method.
func (c Baseline) Method() Method {
	return func(ctx context.Context, y []float64, period, horizon int, levels []float64) (Forecast, string, error) {
		spec := c
		spec.Period = period
		m, err := spec.Fit(ctx, y)
		if err != nil {
			return Forecast{}, "", err
		}
		fc, err := m.Forecast(horizon, levels)
		return fc, c.Kind.String(), err
	}
}
