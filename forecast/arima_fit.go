package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Estimation selects how ARIMA coefficients are estimated.
type Estimation int

const (
	// CSSML (the zero value, R's default) starts exact maximum likelihood
	// from the conditional-sum-of-squares estimates.
	CSSML Estimation = iota
	// ML is exact Gaussian maximum likelihood from zero starting values.
	ML
	// CSS minimises the conditional sum of squares only.
	CSS
)

func (e Estimation) String() string {
	switch e {
	case ML:
		return "ML"
	case CSS:
		return "CSS"
	default:
		return "CSS-ML"
	}
}

// ParseEstimation parses "ml", "css-ml" or "css" (any case).
func ParseEstimation(s string) (Estimation, error) {
	switch s {
	case "ml", "ML":
		return ML, nil
	case "css-ml", "CSS-ML", "":
		return CSSML, nil
	case "css", "CSS":
		return CSS, nil
	}
	return 0, fmt.Errorf("%w: unknown estimation method %q (want ml, css-ml or css)", ErrBadConfig, s)
}

// Sentinel errors of the ARIMA code.
var (
	// ErrBadConfig reports an invalid model specification.
	ErrBadConfig = errors.New("forecast: invalid model specification")
	// ErrTooShort reports a series too short for the model.
	ErrTooShort = errors.New("forecast: too few observations")
	// ErrAllMissing reports a series with no observed value.
	ErrAllMissing = errors.New("forecast: all values are missing")
	// ErrNonPositive reports a value that a log or Box-Cox transform cannot take.
	ErrNonPositive = errors.New("forecast: non-positive value under a log or Box-Cox transform")
	// ErrNotStationary reports a non-stationary AR part where one is required.
	ErrNotStationary = errors.New("forecast: non-stationary AR part")
	// ErrFit reports that the optimiser or the covariance computation failed.
	ErrFit = errors.New("forecast: ARIMA estimation failed")
)

// arimaFit is what stats::arima returns.
type arimaFit struct {
	spec      armaSpec
	coef      []float64 // ARMA coefficients then regression coefficients
	names     []string
	varCoef   []float64 // nfree × nfree
	nfree     int
	sigma2    float64 // stats::arima's sigma2 (ML: ssq/n.used; CSS: Σe²/ν)
	loglik    float64
	aic       float64 // NaN for CSS
	resid     []float64
	nused     int
	converged bool
	ss        *ssModel // filtered state at the end of the series
	ncxreg    int
	phi       []float64
	theta     []float64
	varFn     func() error // set when the covariance is still to be computed
}

// stateInit is how the Kalman filter starts: κ for the differencing
// states and the choice of Q0 for the ARMA states.
type stateInit struct {
	kappa float64
	exact bool
}

// arimaProblem holds one stats::arima estimation.
type arimaProblem struct {
	spec   armaSpec
	x      []float64
	xreg   [][]float64 // columns, possibly rotated
	delta  []float64
	kappa  float64
	exact  bool // exact Q0 instead of R's AS 154
	ncond  int
	narma  int
	fixed  []float64 // NaN = estimated
	mask   []int     // indices of estimated parameters
	par    []float64 // scratch full parameter vector
	trpar  []float64
	work   []float64
	w      []float64
	resid  []float64
	phi    []float64
	theta  []float64
	ss     *ssModel
	ssKey  int // r and d the cached model was built for
	errCnt int

	// The covariance side of the Kalman filter does not depend on the
	// regression coefficients: the likelihood at a perturbed mean, drift
	// or xreg coefficient replays the gains recorded at the gradient's
	// base point (see kalmanPath). record is false when the series has
	// missing values or there are no free regression coefficients.
	record             bool
	lastPath, basePath kalmanPath
	lastPhi, lastTheta []float64
	basePhi, baseTheta []float64
}

// pin makes the last full likelihood evaluation the base for replays.
func (pb *arimaProblem) pin() {
	if !pb.record {
		return
	}
	if !pb.lastPath.valid {
		pb.basePath.valid = false
		return
	}
	pb.lastPath, pb.basePath = pb.basePath, pb.lastPath
	pb.lastPhi, pb.basePhi = pb.basePhi, pb.lastPhi
	pb.lastTheta, pb.baseTheta = pb.baseTheta, pb.lastTheta
	pb.lastPath.valid = false
}

func (pb *arimaProblem) fill(p []float64) {
	copy(pb.par, pb.fixed)
	for i, j := range pb.mask {
		pb.par[j] = p[i]
	}
}

func (pb *arimaProblem) regressOut() []float64 {
	copy(pb.work, pb.x)
	for j, col := range pb.xreg {
		b := pb.par[pb.narma+j]
		for i := range pb.work {
			pb.work[i] -= col[i] * b
		}
	}
	return pb.work
}

// armaParams expands the (possibly transformed) ARMA parameters in pb.par.
func (pb *arimaProblem) armaParams(trans bool) {
	a := pb.spec
	src := pb.par
	if trans {
		copy(pb.trpar, pb.par)
		if a.p > 0 {
			partrans(pb.par[:a.p], pb.trpar[:a.p])
		}
		if a.sp > 0 {
			v := a.p + a.q
			partrans(pb.par[v:v+a.sp], pb.trpar[v:v+a.sp])
		}
		src = pb.trpar
	}
	pb.phi, pb.theta = expandARMA(a, src, pb.phi, pb.theta)
}

// upModel resets the cached state-space model for the current phi and theta.
func (pb *arimaProblem) upModel() error {
	r := max(len(pb.phi), len(pb.theta)+1)
	if pb.ss == nil || pb.ss.r != r {
		ss, err := newSSModelInit(pb.phi, pb.theta, pb.delta, pb.kappa, pb.exact)
		if err != nil {
			return err
		}
		pb.ss = ss
		return nil
	}
	ss := pb.ss
	copy(ss.phi, pb.phi)
	for i := range ss.theta {
		ss.theta[i] = 0
	}
	copy(ss.theta, pb.theta)
	for i := range ss.a {
		ss.a[i] = 0
	}
	return ss.initQ0(pb.kappa)
}

// armafn is R's concentrated -loglik / n.used:
//
//	½ (log(Σ v_t²/F_t / ν) + Σ log F_t / ν)
func (pb *arimaProblem) armafn(p []float64, trans bool) float64 {
	pb.fill(p)
	pb.armaParams(trans)
	if pb.record && pb.basePath.valid && pb.ss != nil &&
		sameBits(pb.phi, pb.basePhi) && sameBits(pb.theta, pb.baseTheta) {
		copy(pb.ss.phi, pb.phi)
		x := pb.regressOut()
		ssq := pb.ss.replay(x, &pb.basePath)
		nu := float64(pb.basePath.nu)
		return 0.5 * (math.Log(ssq/nu) + pb.basePath.sumlog/nu)
	}
	if err := pb.upModel(); err != nil {
		return math.NaN()
	}
	x := pb.regressOut()
	if pb.record {
		pb.ss.rec = &pb.lastPath
	}
	res := pb.ss.filter(x, true, nil)
	if pb.record && pb.lastPath.valid {
		pb.lastPhi = append(pb.lastPhi[:0], pb.phi...)
		pb.lastTheta = append(pb.lastTheta[:0], pb.theta...)
	}
	s2 := res.ssq / float64(res.nu)
	return 0.5 * (math.Log(s2) + res.sumlog/float64(res.nu))
}

// armaCSS is ½ log(CSS/ν).
func (pb *arimaProblem) armaCSS(p []float64) float64 {
	pb.fill(p)
	pb.armaParams(false)
	x := pb.regressOut()
	s := cssResiduals(x, pb.spec, pb.phi, pb.theta, pb.ncond, pb.w, pb.resid)
	return 0.5 * math.Log(s)
}

// differencingPoly returns δ with 1 - Σ δ_i B^i = (1-B)^d (1-B^m)^D.
func differencingPoly(d, sd, m int) []float64 {
	poly := []float64{1}
	mul := func(b []float64) {
		out := make([]float64, len(poly)+len(b)-1)
		for i, x := range poly {
			for j, y := range b {
				out[i+j] += x * y
			}
		}
		poly = out
	}
	for i := 0; i < d; i++ {
		mul([]float64{1, -1})
	}
	for i := 0; i < sd; i++ {
		b := make([]float64, m+1)
		b[0], b[m] = 1, -1
		mul(b)
	}
	delta := make([]float64, len(poly)-1)
	for i := range delta {
		delta[i] = -poly[i+1]
	}
	return delta
}

// diffCols differences a series (NaN-aware) d times at lag 1 and sd times
// at lag m, returning the shorter series.
func diffSeries(x []float64, d, sd, m int) []float64 {
	out := append([]float64(nil), x...)
	for i := 0; i < d; i++ {
		if len(out) <= 1 {
			return nil
		}
		nx := make([]float64, len(out)-1)
		for t := range nx {
			nx[t] = out[t+1] - out[t]
		}
		out = nx
	}
	for i := 0; i < sd; i++ {
		if len(out) <= m {
			return nil
		}
		nx := make([]float64, len(out)-m)
		for t := range nx {
			nx[t] = out[t+m] - out[t]
		}
		out = nx
	}
	return out
}

// fitStatsArima is R's stats::arima for the series x with regression
// columns xreg (already including the intercept or drift), estimated by
// method with transform.pars = transform. fixed (nil or length narma+ncxreg,
// NaN = free) pins parameters.
func fitStatsArima(ctx context.Context, x []float64, a armaSpec, xreg [][]float64, xnames []string,
	method Estimation, transform bool, start stateInit, fixed []float64, deferVar bool) (*arimaFit, error) {
	kappa := start.kappa
	n := len(x)
	narma := a.narma()
	ncx := len(xreg)
	delta := differencingPoly(a.d, a.sd, a.m)
	nonMissing := 0
	for _, v := range x {
		if !math.IsNaN(v) {
			nonMissing++
		}
	}
	nused := nonMissing - len(delta)
	anyNA := nonMissing < n
	for _, c := range xreg {
		for _, v := range c {
			if math.IsNaN(v) {
				anyNA = true
			}
		}
	}
	if method == CSSML && anyNA {
		method = ML
	}
	ncond := 0
	if method == CSS || method == CSSML {
		ncond = a.d + a.sd*a.m + a.p + a.m*a.sp
	}
	if fixed == nil {
		fixed = make([]float64, narma+ncx)
		for i := range fixed {
			fixed[i] = math.NaN()
		}
	}
	var mask []int
	for i, v := range fixed {
		if math.IsNaN(v) {
			mask = append(mask, i)
		}
	}
	noOptim := len(mask) == 0
	if noOptim {
		transform = false
	}
	if transform {
		for i := 0; i < a.p; i++ {
			if !math.IsNaN(fixed[i]) {
				transform = false
			}
		}
		for i := 0; i < a.sp; i++ {
			if !math.IsNaN(fixed[a.p+a.q+i]) {
				transform = false
			}
		}
	}
	init0 := make([]float64, narma, narma+ncx)
	parscale := make([]float64, narma, narma+ncx)
	for i := range parscale {
		parscale[i] = 1
	}
	var rot []float64 // V of the SVD rotation, ncx×ncx
	if ncx > 0 {
		origXreg := ncx == 1
		for i := narma; i < narma+ncx; i++ {
			if !math.IsNaN(fixed[i]) {
				origXreg = true
			}
		}
		if !origXreg {
			rot = rightSingularVectors(xreg)
			rx := make([][]float64, ncx)
			for j := range rx {
				rx[j] = make([]float64, n)
				for i := 0; i < n; i++ {
					s := 0.0
					for k := 0; k < ncx; k++ {
						s += xreg[k][i] * rot[k*ncx+j]
					}
					rx[j][i] = s
				}
			}
			xreg = rx
		}
		dx := diffSeries(x, a.d, a.sd, a.m)
		dxreg := make([][]float64, ncx)
		for j := range xreg {
			dxreg[j] = diffSeries(xreg[j], a.d, a.sd, a.m)
		}
		var coef, se []float64
		rank := 0
		if len(dx) > ncx {
			coef, se, rank = leastSquares(dx, dxreg)
		}
		if rank == 0 {
			coef, se, rank = leastSquares(x, xreg)
		}
		if rank == 0 {
			return nil, fmt.Errorf("%w: the regressors are rank deficient", ErrFit)
		}
		cnt := 0
		for i := 0; i < n; i++ {
			ok := !math.IsNaN(x[i])
			for _, c := range xreg {
				if math.IsNaN(c[i]) {
					ok = false
				}
			}
			if ok {
				cnt++
			}
		}
		nused = cnt - len(delta)
		init0 = append(init0, coef...)
		for _, s := range se {
			ps := 10 * s
			if !(ps > 0) || math.IsInf(ps, 0) {
				ps = 1
			}
			parscale = append(parscale, ps)
		}
	}
	if nused <= 0 {
		return nil, fmt.Errorf("%w: %d usable observations after differencing", ErrTooShort, max(nused, 0))
	}
	pb := &arimaProblem{
		spec: a, x: x, xreg: xreg, delta: delta, kappa: kappa, exact: start.exact, ncond: ncond, narma: narma,
		fixed: fixed, mask: mask,
		par: make([]float64, narma+ncx), trpar: make([]float64, narma+ncx),
		work: make([]float64, n), w: make([]float64, n), resid: make([]float64, n),
	}
	init := append([]float64(nil), init0...)
	coef := append([]float64(nil), fixed...)
	settings := bfgsSettings{ParScale: make([]float64, len(mask))}
	for i, j := range mask {
		settings.ParScale[i] = parscale[j]
	}
	if !anyNA && len(mask) > 0 && mask[len(mask)-1] >= narma {
		pb.record = true
		settings.Pin = pb.pin
	}
	sub := func(v []float64) []float64 {
		out := make([]float64, len(mask))
		for i, j := range mask {
			out[i] = v[j]
		}
		return out
	}
	put := func(dst, v []float64) {
		for i, j := range mask {
			dst[j] = v[i]
		}
	}
	fit := &arimaFit{spec: a, ncxreg: ncx, nused: nused, converged: true, nfree: len(mask)}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var varCoef []float64
	var varFn func() ([]float64, error)
	var value float64
	if method == CSS {
		var res bfgsResult
		if noOptim {
			res = bfgsResult{F: pb.armaCSS(nil), Converged: true}
		} else {
			var err error
			res, err = bfgs(pb.armaCSS, sub(init), settings)
			if err != nil {
				return nil, fmt.Errorf("%w: CSS optimisation: %v", ErrFit, err)
			}
		}
		fit.converged = res.Converged
		put(coef, res.X)
		value = res.F
		if !noOptim {
			h, err := numHessian(pb.armaCSS, res.X, settings)
			if err != nil {
				return nil, fmt.Errorf("%w: CSS Hessian: %v", ErrFit, err)
			}
			k := len(mask)
			for i := range h {
				h[i] *= float64(nused)
			}
			eye := identity(k)
			varCoef, err = luSolve(h, k, eye, k)
			if err != nil {
				return nil, fmt.Errorf("%w: CSS Hessian: %v", ErrFit, err)
			}
		}
	} else {
		if method == CSSML {
			var res bfgsResult
			conv := true
			if !noOptim {
				var err error
				res, err = bfgs(pb.armaCSS, sub(init), settings)
				if err != nil {
					return nil, fmt.Errorf("%w: CSS optimisation: %v", ErrFit, err)
				}
				conv = res.Converged
				if conv {
					put(init, res.X)
				}
			}
			if a.p > 0 && !arStationary(init[:a.p]) {
				return nil, fmt.Errorf("%w: the CSS estimates have a non-stationary AR part", ErrNotStationary)
			}
			if a.sp > 0 && !arStationary(init[a.p+a.q:a.p+a.q+a.sp]) {
				return nil, fmt.Errorf("%w: the CSS estimates have a non-stationary seasonal AR part", ErrNotStationary)
			}
			pb.ncond = 0
		}
		if transform {
			init = invTrans(a, init)
			if a.q > 0 {
				copy(init[a.p:a.p+a.q], maInvert(init[a.p:a.p+a.q]))
			}
			if a.sq > 0 {
				v := a.p + a.q + a.sp
				copy(init[v:v+a.sq], maInvert(init[v:v+a.sq]))
			}
		}
		fn := func(p []float64) float64 { return pb.armafn(p, transform) }
		var res bfgsResult
		if noOptim {
			res = bfgsResult{F: fn(nil), Converged: true}
		} else {
			var err error
			res, err = bfgs(fn, sub(init), settings)
			if err != nil {
				return nil, fmt.Errorf("%w: ML optimisation: %w", ErrFit, err)
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fit.converged = res.Converged
		put(coef, res.X)
		if transform {
			changed := false
			if a.q > 0 {
				inv := maInvert(coef[a.p : a.p+a.q])
				for i, v := range inv {
					if v != coef[a.p+i] {
						changed = true
					}
				}
				copy(coef[a.p:a.p+a.q], inv)
			}
			if a.sq > 0 {
				v0 := a.p + a.q + a.sp
				inv := maInvert(coef[v0 : v0+a.sq])
				for i, v := range inv {
					if v != coef[v0+i] {
						changed = true
					}
				}
				copy(coef[v0:v0+a.sq], inv)
			}
			if changed {
				res.X = sub(coef)
				res.F = fn(res.X)
			}
		}
		value = res.F
		if !noOptim {
			rawCoef := append([]float64(nil), coef...)
			x := append([]float64(nil), res.X...)
			varFn = func() ([]float64, error) {
				h, err := numHessian(fn, x, settings)
				if err != nil {
					return nil, fmt.Errorf("%w: Hessian: %v", ErrFit, err)
				}
				k := len(mask)
				for i := range h {
					h[i] *= float64(nused)
				}
				if !transform {
					v, err := luSolve(h, k, identity(k), k)
					if err != nil {
						return nil, fmt.Errorf("%w: Hessian: %v", ErrFit, err)
					}
					return v, nil
				}
				full := gradTrans(a, rawCoef)
				nall := len(rawCoef)
				A := make([]float64, k*k)
				for i, mi := range mask {
					for j, mj := range mask {
						A[i*k+j] = full[mi*nall+mj]
					}
				}
				sol, err := luSolve(h, k, A, k)
				if err != nil {
					return nil, fmt.Errorf("%w: Hessian: %v", ErrFit, err)
				}
				v := make([]float64, k*k)
				for i := 0; i < k; i++ {
					for j := 0; j < k; j++ {
						s := 0.0
						for l := 0; l < k; l++ {
							s += A[l*k+i] * sol[l*k+j]
						}
						v[i*k+j] = s
					}
				}
				return v, nil
			}
			if transform {
				coef = undoPars(a, coef)
			}
		}
	}
	// Final state-space pass at the estimates.
	phi, theta := expandARMA(a, coef, nil, nil)
	ss, err := newSSModelInit(phi, theta, delta, kappa, start.exact)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotStationary, err)
	}
	copy(pb.par, coef)
	xr := pb.regressOut()
	resid := make([]float64, n)
	like := ss.filter(xr, true, resid)
	if method == CSS {
		phiC, thetaC := expandARMA(a, coef, nil, nil)
		fit.sigma2 = cssResiduals(xr, a, phiC, thetaC, ncond, pb.w, resid)
	} else {
		fit.sigma2 = like.ssq / float64(nused)
	}
	fit.ss = ss
	fit.phi, fit.theta = phi, theta
	fit.resid = resid
	v2 := 2*float64(nused)*value + float64(nused) + float64(nused)*math.Log(2*math.Pi)
	fit.loglik = -0.5 * v2
	if method != CSS {
		fit.aic = v2 + 2*float64(len(mask)) + 2
	} else {
		fit.aic = math.NaN()
	}
	rotateVar := func(v []float64) []float64 { return v }
	if rot != nil {
		ind := coef[narma:]
		newc := make([]float64, ncx)
		for i := 0; i < ncx; i++ {
			s := 0.0
			for j := 0; j < ncx; j++ {
				s += rot[i*ncx+j] * ind[j]
			}
			newc[i] = s
		}
		copy(coef[narma:], newc)
		rotateVar = func(v []float64) []float64 {
			nall := narma + ncx
			Af := identity(nall)
			for i := 0; i < ncx; i++ {
				for j := 0; j < ncx; j++ {
					Af[(narma+i)*nall+narma+j] = rot[i*ncx+j]
				}
			}
			k := len(mask)
			A := make([]float64, k*k)
			for i, mi := range mask {
				for j, mj := range mask {
					A[i*k+j] = Af[mi*nall+mj]
				}
			}
			return sandwich(A, v, k)
		}
	}
	if varCoef != nil {
		varCoef = rotateVar(varCoef)
	}
	if varFn != nil {
		vf := varFn
		fit.varFn = func() error {
			v, err := vf()
			if err != nil {
				return err
			}
			fit.varCoef = rotateVar(v)
			fit.varFn = nil
			return nil
		}
		if !deferVar {
			if err := fit.varFn(); err != nil {
				return nil, err
			}
		}
	}
	fit.coef = coef
	if varCoef != nil {
		fit.varCoef = varCoef
	}
	fit.names = coefNames(a, xnames)
	return fit, nil
}

// sandwich returns A V Aᵀ for k×k matrices.
func sandwich(A, V []float64, k int) []float64 {
	tmp := make([]float64, k*k)
	matMul(tmp, A, V, k)
	out := make([]float64, k*k)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			s := 0.0
			for l := 0; l < k; l++ {
				s += tmp[i*k+l] * A[j*k+l]
			}
			out[i*k+j] = s
		}
	}
	return out
}

func identity(k int) []float64 {
	m := make([]float64, k*k)
	for i := 0; i < k; i++ {
		m[i*k+i] = 1
	}
	return m
}

func coefNames(a armaSpec, xnames []string) []string {
	var nm []string
	for i := 1; i <= a.p; i++ {
		nm = append(nm, fmt.Sprintf("ar%d", i))
	}
	for i := 1; i <= a.q; i++ {
		nm = append(nm, fmt.Sprintf("ma%d", i))
	}
	for i := 1; i <= a.sp; i++ {
		nm = append(nm, fmt.Sprintf("sar%d", i))
	}
	for i := 1; i <= a.sq; i++ {
		nm = append(nm, fmt.Sprintf("sma%d", i))
	}
	return append(nm, xnames...)
}
