package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// ETSIntervalMethod says how Forecast computes prediction intervals.
type ETSIntervalMethod int

const (
	ETSIntervalClass1    ETSIntervalMethod = 1 // linear homoscedastic (A error, N/A/Ad trend, N/A season)
	ETSIntervalClass2    ETSIntervalMethod = 2 // M error, N/A/Ad trend, N/A season
	ETSIntervalClass3    ETSIntervalMethod = 3 // M error, N/A/Ad trend, M season
	ETSIntervalSimulated ETSIntervalMethod = 4 // simulated sample paths
)

// etsDefaultPaths and etsDefaultSeed are used by Forecast when a model has
// no analytic intervals (R: npaths = 5000).
const (
	etsDefaultPaths = 5000
	etsDefaultSeed  = 1
)

// IntervalMethod reports which interval method Forecast uses for the model
// (R's forecast.ets rules).
func (m *ETSModel) IntervalMethod() ETSIntervalMethod {
	sp := m.sp
	lin := sp.trend != etsMult && sp.season != etsMult
	switch {
	case sp.err == etsAdd && lin:
		return ETSIntervalClass1
	case sp.err == etsMult && lin:
		return ETSIntervalClass2
	case sp.err == etsMult && sp.season == etsMult && sp.trend != etsMult:
		return ETSIntervalClass3
	}
	return ETSIntervalSimulated
}

// PointForecast writes the h-step point forecasts into dst (the state-space
// recursion without errors, yhat(h) = l + (phi + … + phi^h) b for a damped
// additive trend); nil dst allocates h values, else len(dst) must be h.
// For damped trends this differs from R's etsforecast (used by R only for
// simulated intervals), which sums phi + phi + phi^2 + … + phi^{h-1};
// ForecastSimulated reproduces R there.
func (m *ETSModel) PointForecast(dst []float64, h int) ([]float64, error) {
	if dst == nil {
		dst = make([]float64, h)
	}
	if len(dst) != h {
		panic(badETSHorizonLength)
	}
	if !etsPointForecast(dst, m.last, m.sp, m.p.phi, false) {
		return nil, fmt.Errorf("%w: %s negative multiplicative slope", ErrETSFit, m.Label())
	}
	return dst, nil
}

const badETSHorizonLength = "forecast: destination length does not match horizon"

// Forecast returns h-step forecasts with prediction intervals at levels (in
// percent, e.g. 80, 95), as R's forecast.ets: analytic for classes 1-3
// (Hyndman et al. 2008, ch. 6), where for class 3 Mean is the mean of the
// forecast distribution (above the point forecast for h > m), and simulated
// from 5000 sample paths (seed 1) otherwise, where Mean is the point
// forecast.
func (m *ETSModel) Forecast(h int, levels []float64) (Forecast, error) {
	if err := checkETSForecastArgs(h, levels); err != nil {
		return Forecast{}, err
	}
	var mu, v []float64
	switch m.IntervalMethod() {
	case ETSIntervalClass1:
		mu, v, _ = etsClass1(h, m.last, m.sp, m.p, m.sigma2)
	case ETSIntervalClass2:
		mu, v = etsClass2(h, m.last, m.sp, m.p, m.sigma2)
	case ETSIntervalClass3:
		mu, v = etsClass3(h, m.last, m.sp, m.p, m.sigma2)
	default:
		return m.ForecastSimulated(h, levels, etsDefaultPaths, etsDefaultSeed)
	}
	fc := Forecast{Mean: mu, Levels: append([]float64(nil), levels...)}
	for _, lv := range levels {
		z := math.Abs(normQuantile((100 - lv) / 200))
		lo := make([]float64, h)
		up := make([]float64, h)
		for i := range mu {
			me := math.Sqrt(v[i]) * z
			lo[i] = mu[i] - me
			up[i] = mu[i] + me
		}
		fc.Lower = append(fc.Lower, lo)
		fc.Upper = append(fc.Upper, up)
	}
	for i := range mu {
		if math.IsNaN(v[i]) || v[i] < 0 {
			return Forecast{}, fmt.Errorf("%w: %s forecast variance not finite at step %d", ErrETSFit, m.Label(), i+1)
		}
	}
	return finiteForecast(fc, m.Label())
}

// finiteForecast returns fc, or an error naming the first step whose mean or
// bound is not finite (overflow on extreme data), so that such a forecast
// is never reported as a success.
func finiteForecast(fc Forecast, what string) (Forecast, error) {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	for i, v := range fc.Mean {
		if bad(v) {
			return Forecast{}, fmt.Errorf("%w: %s forecast not finite at step %d", ErrETSFit, what, i+1)
		}
		for j := range fc.Lower {
			if bad(fc.Lower[j][i]) || bad(fc.Upper[j][i]) {
				return Forecast{}, fmt.Errorf("%w: %s %v%% interval not finite at step %d", ErrETSFit, what, fc.Levels[j], i+1)
			}
		}
	}
	return fc, nil
}

func checkETSForecastArgs(h int, levels []float64) error {
	if h <= 0 {
		return fmt.Errorf("%w: horizon %d must be positive", ErrETSSpec, h)
	}
	for _, lv := range levels {
		if !(lv > 0 && lv < 100) {
			return fmt.Errorf("%w: level %v must be in (0, 100)", ErrETSSpec, lv)
		}
	}
	return nil
}

// ForecastSimulated returns the point forecast (R's etsforecast recursion,
// see PointForecast) with intervals from paths
// simulated sample paths (Gaussian innovations with variance sigma2, clipped
// at -1 for multiplicative error), seeded by seed; bounds are type-8
// quantiles as R's pegelsfcast.C.
func (m *ETSModel) ForecastSimulated(h int, levels []float64, paths int, seed uint64) (Forecast, error) {
	if err := checkETSForecastArgs(h, levels); err != nil {
		return Forecast{}, err
	}
	if paths < 2 {
		return Forecast{}, fmt.Errorf("%w: %d simulated paths (need at least 2)", ErrETSSpec, paths)
	}
	mu := make([]float64, h)
	if !etsPointForecast(mu, m.last, m.sp, m.p.phi, true) {
		return Forecast{}, fmt.Errorf("%w: %s negative multiplicative slope", ErrETSFit, m.Label())
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	sd := math.Sqrt(m.sigma2)
	sims := make([]float64, h*paths) // column h: sims[h*paths:(h+1)*paths]
	e := make([]float64, h)
	out := make([]float64, h)
	buf := make([]float64, max(m.sp.m, 1))
	for pth := 0; pth < paths; pth++ {
		for i := range e {
			e[i] = rng.NormFloat64() * sd
			if m.sp.err == etsMult {
				e[i] = math.Max(-1, e[i])
			}
		}
		etsSimulate(out, m.last, m.sp, m.p, e, buf)
		for i := range out {
			sims[i*paths+pth] = out[i]
		}
	}
	fc := Forecast{Mean: mu, Levels: append([]float64(nil), levels...)}
	for range levels {
		fc.Lower = append(fc.Lower, make([]float64, h))
		fc.Upper = append(fc.Upper, make([]float64, h))
	}
	for i := 0; i < h; i++ {
		col := sims[i*paths : (i+1)*paths]
		col = slices.DeleteFunc(col, math.IsNaN)
		if len(col) == 0 {
			return Forecast{}, fmt.Errorf("%w: %s simulated paths not finite", ErrETSFit, m.Label())
		}
		slices.Sort(col)
		for j, lv := range levels {
			fc.Lower[j][i] = quantile8(col, 0.5-lv/200)
			fc.Upper[j][i] = quantile8(col, 0.5+lv/200)
		}
	}
	return finiteForecast(fc, m.Label())
}

// etsSimulate runs the model forward from state x with errors e (R's
// etssimulate), writing the simulated observations to out.
func etsSimulate(out, x []float64, sp etsSpec, p etsParams, e, buf []float64) {
	m := max(sp.m, 1)
	l := x[0]
	b := 0.0
	si := 1
	if sp.trend != etsNone {
		b = x[1]
		si = 2
	}
	k := 0
	if sp.season != etsNone {
		for j := 0; j < m; j++ {
			buf[j] = x[si+m-1-j]
		}
	}
	for i := range out {
		var q, phib float64
		switch sp.trend {
		case etsNone:
			q = l
		case etsAdd:
			phib = p.phi * b
			q = l + phib
		default:
			if b < 0 {
				for j := i; j < len(out); j++ {
					out[j] = math.NaN()
				}
				return
			}
			if math.Abs(p.phi-1) < etsTol {
				phib = b
			} else {
				phib = math.Pow(b, p.phi)
			}
			q = l * phib
		}
		f := q
		sOld := 0.0
		if sp.season != etsNone {
			sOld = buf[k]
			if sp.season == etsAdd {
				f += sOld
			} else {
				f *= sOld
			}
		}
		var yi float64
		if sp.err == etsAdd {
			yi = f + e[i]
		} else {
			yi = f * (1 + e[i])
		}
		out[i] = yi
		var pp float64
		switch sp.season {
		case etsNone:
			pp = yi
		case etsAdd:
			pp = yi - sOld
		default:
			if math.Abs(sOld) < etsTol {
				pp = etsHuge
			} else {
				pp = yi / sOld
			}
		}
		lNew := q + p.alpha*(pp-q)
		if sp.trend != etsNone {
			var r float64
			if sp.trend == etsAdd {
				r = lNew - l
			} else if math.Abs(l) < etsTol {
				r = etsHuge
			} else {
				r = lNew / l
			}
			b = phib + (p.beta/p.alpha)*(r-phib)
		}
		l = lNew
		if sp.season != etsNone {
			var t float64
			if sp.season == etsAdd {
				t = yi - q
			} else if math.Abs(q) < etsTol {
				t = etsHuge
			} else {
				t = yi / q
			}
			buf[k] = sOld + p.gamma*(t-sOld)
			k++
			if k == m {
				k = 0
			}
		}
	}
}

// quantile8 is R's quantile(x, p, type = 8) of sorted x (median-unbiased).
func quantile8(x []float64, p float64) float64 {
	n := float64(len(x))
	const a = 1.0 / 3
	nppm := a + p*(n+1-2*a)
	fuzz := 4 * 2.220446049250313e-16
	j := math.Floor(nppm + fuzz)
	h := nppm - j
	if math.Abs(h) < fuzz {
		h = 0
	}
	at := func(i int) float64 { // 1-based with clamping
		if i < 1 {
			i = 1
		}
		if i > len(x) {
			i = len(x)
		}
		return x[i-1]
	}
	ji := int(j)
	lo, hi := at(ji), at(ji+1)
	if h == 0 {
		return lo
	}
	return (1-h)*lo + h*hi
}

// etsClass1 computes the forecast means and variances of a linear
// homoscedastic model (Hyndman et al. 2008, ch. 6, class 1) from the state
// x in R's order, with R's matrices: mu_j = H F^{j-1} x,
// var_h = sigma2 (1 + sum_{j=1}^{h-1} c_j^2), c_j = H F^{j-1} G.
func etsClass1(h int, x []float64, sp etsSpec, p etsParams, sigma2 float64) (mu, v, cj []float64) {
	np := len(x)
	m := sp.m
	H := make([]float64, np)
	H[0] = 1
	if sp.season == etsAdd {
		H[np-1] = 1
	}
	phi := 1.0
	if sp.damped {
		phi = p.phi
	}
	if sp.trend == etsAdd {
		H[1] = phi
	}
	F := newDM(np, np)
	F.set(0, 0, 1)
	if sp.trend == etsAdd {
		F.set(0, 1, phi)
		F.set(1, 1, phi)
	}
	if sp.season == etsAdd {
		F.set(np-m, np-1, 1)
		for i := 0; i < m-1; i++ {
			F.set(np-m+1+i, np-m+i, 1)
		}
	}
	G := make([]float64, np)
	G[0] = p.alpha
	if sp.trend == etsAdd {
		G[1] = p.beta
	}
	if sp.season == etsAdd {
		// R's class1 sets G[3, 1] (1-based) whatever the trend; kept as R.
		G[2] = p.gamma
	}
	mu = make([]float64, h)
	cj = make([]float64, max(h-1, 0))
	hj := append([]float64(nil), H...) // H F^j as a row vector
	next := make([]float64, np)
	for i := 0; i < h; i++ {
		mu[i] = dot(hj, x)
		if i < h-1 {
			cj[i] = dot(hj, G)
			for c := 0; c < np; c++ {
				s := 0.0
				for r := 0; r < np; r++ {
					s += hj[r] * F.at(r, c)
				}
				next[c] = s
			}
			hj, next = next, hj
		}
	}
	v = make([]float64, h)
	v[0] = sigma2
	acc := 0.0
	for i := 1; i < h; i++ {
		acc += cj[i-1] * cj[i-1]
		v[i] = sigma2 * (1 + acc)
	}
	return mu, v, cj
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// etsClass2 is class 2 (multiplicative error, linear structure):
// theta_1 = mu_1^2, theta_j = mu_j^2 + sigma2 sum_{i<j} c_i^2 theta_{j-i},
// var_j = (1 + sigma2) theta_j - mu_j^2.
func etsClass2(h int, x []float64, sp etsSpec, p etsParams, sigma2 float64) (mu, v []float64) {
	spA := sp
	spA.err = etsAdd
	mu, _, cj := etsClass1(h, x, spA, p, sigma2)
	theta := make([]float64, h)
	theta[0] = mu[0] * mu[0]
	for j := 1; j < h; j++ {
		s := 0.0
		for i := 0; i < j; i++ {
			s += cj[i] * cj[i] * theta[j-1-i]
		}
		theta[j] = mu[j]*mu[j] + sigma2*s
	}
	v = make([]float64, h)
	for j := range v {
		v[j] = (1+sigma2)*theta[j] - mu[j]*mu[j]
	}
	return mu, v
}

// etsClass3 is class 3 (multiplicative error and season, additive or no
// trend): the forecast mean and variance of Hyndman et al. (2008, ch. 6.4)
// by R's Kronecker-product recursion
//
//	mu_h   = H1 M_h H2'
//	var_h  = (1+s2) H21 V_h H21' + s2 mu_h^2
//	V_{h+1} = F21 V F21' + s2 (F21 V G21' + G21 V F21' + K (V + v v') K'
//	          + s2 G21 (3V + 2 v v') G21'),  v = vec(M_h)
//	M_{h+1} = F1 M F2' + s2 G1 M G2'
//
// with H21 = H2 ⊗ H1, F21 = F2 ⊗ F1, G21 = G2 ⊗ G1, K = G2 ⊗ F1 + F2 ⊗ G1.
func etsClass3(h int, x []float64, sp etsSpec, p etsParams, sigma2 float64) (mu, v []float64) {
	np := len(x)
	m := sp.m
	q := np - m // 1 or 2
	H1 := newDM(1, q)
	for i := 0; i < q; i++ {
		H1.set(0, i, 1)
	}
	H2 := newDM(1, m)
	H2.set(0, m-1, 1)
	var F1, G1 dm
	if sp.trend == etsNone {
		F1 = dm{1, 1, []float64{1}}
		G1 = dm{1, 1, []float64{p.alpha}}
	} else {
		phi := 1.0
		if sp.damped {
			phi = p.phi
		}
		F1 = dm{2, 2, []float64{1, 1, 0, phi}}
		G1 = dm{2, 2, []float64{p.alpha, p.alpha, p.beta, p.beta}}
	}
	F2 := newDM(m, m)
	F2.set(0, m-1, 1)
	for i := 1; i < m; i++ {
		F2.set(i, i-1, 1)
	}
	G2 := newDM(m, m)
	G2.set(0, m-1, p.gamma)
	Mh := newDM(q, m)
	for i := 0; i < q; i++ {
		for j := 0; j < m; j++ {
			Mh.set(i, j, x[i]*x[q+j])
		}
	}
	d := q * m
	Vh := newDM(d, d)
	H21 := kron(H2, H1)
	F21 := kron(F2, F1)
	G21 := kron(G2, G1)
	K := addDM(kron(G2, F1), kron(F2, G1))
	F21t, G21t, Kt, H21t := F21.t(), G21.t(), K.t(), H21.t()
	F2t, G2t, H2t := F2.t(), G2.t(), H2.t()
	mu = make([]float64, h)
	v = make([]float64, h)
	vec := newDM(d, 1)
	for i := 0; i < h; i++ {
		mu[i] = mulDM(mulDM(H1, Mh), H2t).d[0]
		v[i] = (1+sigma2)*mulDM(mulDM(H21, Vh), H21t).d[0] + sigma2*mu[i]*mu[i]
		// vec(Mh), column-major as R's c().
		for c := 0; c < m; c++ {
			for r := 0; r < q; r++ {
				vec.d[c*q+r] = Mh.at(r, c)
			}
		}
		vv := mulDM(vec, vec.t())
		a := mulDM(mulDM(F21, Vh), F21t)
		b := addDM(mulDM(mulDM(F21, Vh), G21t), mulDM(mulDM(G21, Vh), F21t))
		c := mulDM(mulDM(K, addDM(Vh, vv)), Kt)
		e := mulDM(mulDM(G21, addDM(scaleDM(3, Vh), scaleDM(2, vv))), G21t)
		inner := addDM(addDM(b, c), scaleDM(sigma2, e))
		Vh = addDM(a, scaleDM(sigma2, inner))
		Mh = addDM(mulDM(mulDM(F1, Mh), F2t), scaleDM(sigma2, mulDM(mulDM(G1, Mh), G2t)))
	}
	return mu, v
}

// dm is a small row-major dense matrix for the interval recursions.
type dm struct {
	r, c int
	d    []float64
}

func newDM(r, c int) dm              { return dm{r, c, make([]float64, r*c)} }
func (a dm) at(i, j int) float64     { return a.d[i*a.c+j] }
func (a dm) set(i, j int, v float64) { a.d[i*a.c+j] = v }

func (a dm) t() dm {
	out := newDM(a.c, a.r)
	for i := 0; i < a.r; i++ {
		for j := 0; j < a.c; j++ {
			out.d[j*a.r+i] = a.d[i*a.c+j]
		}
	}
	return out
}

func mulDM(a, b dm) dm {
	out := newDM(a.r, b.c)
	for i := 0; i < a.r; i++ {
		for k := 0; k < a.c; k++ {
			aik := a.d[i*a.c+k]
			if aik == 0 {
				continue
			}
			row := b.d[k*b.c : (k+1)*b.c]
			o := out.d[i*b.c : (i+1)*b.c]
			for j, bv := range row {
				o[j] += aik * bv
			}
		}
	}
	return out
}

func addDM(a, b dm) dm {
	out := newDM(a.r, a.c)
	for i := range out.d {
		out.d[i] = a.d[i] + b.d[i]
	}
	return out
}

func scaleDM(s float64, a dm) dm {
	out := newDM(a.r, a.c)
	for i := range out.d {
		out.d[i] = s * a.d[i]
	}
	return out
}

// kron is the Kronecker product a ⊗ b.
func kron(a, b dm) dm {
	out := newDM(a.r*b.r, a.c*b.c)
	for i := 0; i < a.r; i++ {
		for j := 0; j < a.c; j++ {
			av := a.at(i, j)
			for k := 0; k < b.r; k++ {
				for l := 0; l < b.c; l++ {
					out.set(i*b.r+k, j*b.c+l, av*b.at(k, l))
				}
			}
		}
	}
	return out
}

// normQuantile is the standard normal quantile function.
func normQuantile(p float64) float64 {
	return -math.Sqrt2 * math.Erfcinv(2*p)
}
