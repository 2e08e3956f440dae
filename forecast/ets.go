package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// Errors returned by the exponential-smoothing models; test with errors.Is.
var (
	// ErrETSSpec reports an invalid ETS model string or option.
	ErrETSSpec = errors.New("forecast: invalid ets specification")
	// ErrETSData reports data an ETS model cannot be fitted to (too short,
	// non-finite, non-positive under a multiplicative component).
	ErrETSData = errors.New("forecast: data unsuitable for ets")
	// ErrETSFit reports that no admissible model could be estimated.
	ErrETSFit = errors.New("forecast: ets estimation failed")
)

var (
	errTooShortSeason = fmt.Errorf("%w: fewer than 4 observations for a seasonal model", ErrETSData)
	errSingularInit   = fmt.Errorf("%w: singular regression for the initial seasonal states", ErrETSData)
)

// Damping selects whether an ETS trend is damped. The zero value lets
// auto-ETS try both, as R's damped = NULL.
type Damping int

const (
	DampedAuto  Damping = iota // both damped and undamped trends are tried
	DampedTrue                 // damped trend (phi estimated)
	DampedFalse                // undamped trend (phi = 1)
)

// ETS specifies an exponential smoothing state-space model as R's
// forecast::ets. The zero value is auto-ETS (model "ZZZ") with R's defaults.
//
// The model ETS(E,T,S) has error E (A additive, M multiplicative), trend T
// (N none, A additive, Ad damped, M multiplicative) and season S (N, A, M).
// In the additive-error, additive-trend, additive-season case
//
//	y_t = l_{t-1} + phi b_{t-1} + s_{t-m} + e_t
//	l_t = l_{t-1} + phi b_{t-1} + alpha e_t
//	b_t = phi b_{t-1} + beta e_t
//	s_t = s_{t-m} + gamma e_t
//
// and the other cases follow Hyndman et al. (2008), table 2.1. beta and
// gamma are the state-space parameters (beta = alpha beta* of classic
// Holt-Winters). Parameters and the initial states are estimated by
// Nelder-Mead on R's criterion
//
//	lik = n log(sum e_t^2) [+ 2 sum log|yhat_t| for multiplicative error]
//
// (no Gaussian constants), subject to 1e-4 <= alpha <= 0.9999,
// 1e-4 <= beta <= alpha, 1e-4 <= gamma <= 1 - alpha, 0.8 <= phi <= 0.98
// and admissibility. Reported loglik = -lik/2, AIC = lik + 2k,
// AICc = AIC + 2k(k+1)/(n-k-1), BIC = lik + k log n, with k the number of
// smoothing parameters and free initial states (m-1 seasonal) plus one.
//
// References:
//
//	Hyndman, R. J., Koehler, A. B., Ord, J. K. and Snyder, R. D. (2008).
//	Forecasting with Exponential Smoothing: The State Space Approach.
//	Springer. doi:10.1007/978-3-540-71918-2.
//	Hyndman, R. J. and Khandakar, Y. (2008). Automatic time series
//	forecasting: the forecast package for R. Journal of Statistical
//	Software 27(3). doi:10.18637/jss.v027.i03.
type ETS struct {
	// Model is three letters E, T, S from {A, M, Z} x {N, A, M, Z} x
	// {N, A, M, Z}; Z selects by information criterion. Empty means "ZZZ".
	Model string `json:"model"`
	// Damped selects a damped trend; zero tries both when the trend may be
	// present.
	Damped Damping `json:"damped"`
	// Period is the seasonal period m (12 for monthly data); zero means 1.
	// A seasonal model needs m > 1.
	Period int `json:"period"`
	// AllowMultiplicativeTrend lets a Z trend select M (off in R by default).
	AllowMultiplicativeTrend bool `json:"allow_multiplicative_trend"`
	// Unrestricted allows the combinations R forbids by default (additive
	// error with a multiplicative component, M,M,A).
	Unrestricted bool `json:"unrestricted"`
	// IC selects the model among candidates: "aicc" (zero), "aic" or "bic".
	IC string `json:"ic"`
	// OptCrit is the estimation criterion: "lik" (zero) or "mse".
	OptCrit string `json:"opt_crit"`
	// MaxIter caps Nelder-Mead function evaluations; zero means 2000.
	MaxIter int `json:"max_iter"`
	// NMSE is the horizon of the reported AMSE; zero means 3 (1..30).
	NMSE int `json:"nmse"`
	// Workers fits auto-ETS candidates in parallel; zero means GOMAXPROCS.
	// The selected model does not depend on it.
	Workers int `json:"-"`
}

// ETSCandidate is one model tried by auto-ETS and its criteria.
type ETSCandidate struct {
	Label  string  `json:"label"`
	LogLik float64 `json:"loglik"`
	AIC    float64 `json:"aic"`
	AICc   float64 `json:"aicc"`
	BIC    float64 `json:"bic"`
	Err    string  `json:"error,omitempty"`
}

// ETSParams are the smoothing parameters of a fitted model; absent ones are
// NaN (beta without trend, gamma without season, phi without damping).
type ETSParams struct {
	Alpha, Beta, Gamma, Phi float64
}

// ETSStates is a state vector: level, slope (NaN without trend) and the
// seasonal states in R's order (Season[0] is the most recent, s1; nil
// without season).
type ETSStates struct {
	Level, Slope float64
	Season       []float64
}

// ETSModel is a fitted ETS model. It is immutable and safe for concurrent
// use.
type ETSModel struct {
	sp         etsSpec
	p          etsParams
	init       []float64 // initial state, R order, full (m seasonal)
	last       []float64 // state after the last observation
	n          int
	npar       int // estimated parameters and free initial states
	lik        float64
	sigma2     float64
	mse, amse  float64
	fitted     []float64
	resid      []float64
	candidates []ETSCandidate
	y          []float64 // kept for Update and CV (the series, not a frame)
	hwzz       bool      // R's HoltWintersZZ fallback for a very short series
}

// etsCodes maps a model letter to a component code.
func etsCode(c byte) int {
	switch c {
	case 'A':
		return etsAdd
	case 'M':
		return etsMult
	}
	return etsNone
}

func etsLetter(c int) string {
	switch c {
	case etsAdd:
		return "A"
	case etsMult:
		return "M"
	}
	return "N"
}

// etsOptions are the resolved options shared by every candidate fit.
type etsOptions struct {
	bounds   etsBounds
	maxit    int
	nmse     int
	optMSE   bool
	restrict bool
}

// Validate reports whether the specification is usable.
func (c ETS) Validate() error {
	model := c.Model
	if model == "" {
		model = "ZZZ"
	}
	if len(model) != 3 || !strings.ContainsRune("AMZ", rune(model[0])) ||
		!strings.ContainsRune("NAMZ", rune(model[1])) || !strings.ContainsRune("NAMZ", rune(model[2])) {
		return fmt.Errorf("%w: model %q is not three letters from {A,M,Z}{N,A,M,Z}{N,A,M,Z}", ErrETSSpec, c.Model)
	}
	if c.Period < 0 {
		return fmt.Errorf("%w: period %d is negative", ErrETSSpec, c.Period)
	}
	if c.Damped < DampedAuto || c.Damped > DampedFalse {
		return fmt.Errorf("%w: damped %d unknown", ErrETSSpec, c.Damped)
	}
	switch c.IC {
	case "", "aicc", "aic", "bic":
	default:
		return fmt.Errorf("%w: information criterion %q (want aicc, aic or bic)", ErrETSSpec, c.IC)
	}
	switch c.OptCrit {
	case "", "lik", "mse":
	default:
		return fmt.Errorf("%w: optimisation criterion %q (want lik or mse)", ErrETSSpec, c.OptCrit)
	}
	if c.Workers < 0 {
		return fmt.Errorf("%w: workers %d is negative", ErrETSSpec, c.Workers)
	}
	if c.MaxIter < 0 {
		return fmt.Errorf("%w: max iterations %d is negative", ErrETSSpec, c.MaxIter)
	}
	if c.NMSE < 0 || c.NMSE > 30 {
		return fmt.Errorf("%w: nmse %d out of range 1..30", ErrETSSpec, c.NMSE)
	}
	return nil
}

// Fit estimates the model on y (observations in time order, all finite).
// With a Z in Model it fits every allowed combination and keeps the one
// with the smallest information criterion, following R's rules: additive
// error is not combined with a multiplicative component, nor M error and M
// trend with an additive season; multiplicative trend only with
// AllowMultiplicativeTrend; multiplicative error only for positive data;
// no seasonal model when m = 1 or len(y) <= m. A seasonal model needs
// at least two full periods (an error, where R would quietly drop the
// season). A series too short for the state-space fit,
//
//	len(y) <= 2 + 2[trend] + m[season] + 1[damped] + 4,
//
// gets R's fallback, forecast:::HoltWintersZZ: a least-squares
// Holt-Winters fit (a seasonal request always with a trend, damping
// ignored) whose LogLik, AIC, AICc and BIC are NaN (NULL in R) and whose
// Sigma2 is the mean squared (relative, for M error) residual. Missing
// values are rejected; `sibyl forecast ets` first keeps the longest
// contiguous stretch, as R's na.contiguous.
func (c ETS) Fit(ctx context.Context, y []float64) (*ETSModel, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	model := c.Model
	if model == "" {
		model = "ZZZ"
	}
	m := c.Period
	if m == 0 {
		m = 1
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
	if c.Model == "" && etsConstant(y) {
		// R's ets(y) without a model returns simple exponential smoothing
		// with alpha = 0.99999 and the first value as level.
		// That model has no likelihood in R (loglik, aic, aicc and bic
		// are NULL), so they are NaN here rather than the clamped perfect fit.
		sp := etsSpec{err: etsAdd, trend: etsNone, season: etsNone, m: 1}
		mod, err := etsModelFrom(y, sp, etsParams{alpha: 0.99999, phi: 1}, []float64{y[0]}, 2, 3)
		if err != nil {
			return nil, err
		}
		mod.lik = math.NaN()
		return mod, nil
	}
	etype, ttype, stype := model[0], model[1], model[2]
	if m == 1 && (stype == 'A' || stype == 'M') {
		return nil, fmt.Errorf("%w: seasonal model %s with period 1 (nonseasonal data)", ErrETSSpec, model)
	}
	if m > 24 && (stype == 'A' || stype == 'M') {
		return nil, fmt.Errorf("%w: period %d too high for a seasonal model (at most 24)", ErrETSSpec, m)
	}
	if (stype == 'A' || stype == 'M') && n < 2*m {
		return nil, fmt.Errorf("%w: seasonal model %s needs at least two full periods (%d observations), have %d", ErrETSData, model, 2*m, n)
	}
	if m <= 1 || n <= m || m > 24 {
		if stype == 'Z' {
			stype = 'N'
		}
	}
	restrict := !c.Unrestricted
	if restrict {
		if (etype == 'A' && (ttype == 'M' || stype == 'M')) || (etype == 'M' && ttype == 'M' && stype == 'A') {
			return nil, fmt.Errorf("%w: forbidden model combination %s", ErrETSSpec, model)
		}
	}
	positive := true
	for _, v := range y {
		if v <= 0 {
			positive = false
			break
		}
	}
	if !positive && etype == 'M' {
		return nil, fmt.Errorf("%w: multiplicative error needs positive data", ErrETSData)
	}
	if !positive && (ttype == 'M' || stype == 'M') {
		return nil, fmt.Errorf("%w: multiplicative components need positive data", ErrETSData)
	}
	if c.Damped == DampedTrue && ttype == 'N' {
		return nil, fmt.Errorf("%w: damped model without trend", ErrETSSpec)
	}
	// Very short series: R's minimum for the state-space fit.
	npars := 2
	if ttype == 'A' || ttype == 'M' {
		npars += 2
	}
	if stype == 'A' || stype == 'M' {
		npars += m
	}
	if c.Damped == DampedTrue {
		npars++
	}
	if n <= npars+4 {
		// R's ets falls back to HoltWintersZZ here: seasonal (always
		// with a trend), then trend only, then level only.
		if stype == 'A' || stype == 'M' {
			if mod, err := etsHoltWintersZZ(ctx, y, m, true, etsCode(stype), ttype == 'M'); err == nil {
				return mod, nil
			}
		}
		if ttype == 'A' || ttype == 'M' {
			if mod, err := etsHoltWintersZZ(ctx, y, m, true, etsNone, ttype == 'M'); err == nil {
				return mod, nil
			}
		}
		if ttype == 'N' && stype == 'N' {
			if mod, err := etsHoltWintersZZ(ctx, y, m, false, etsNone, false); err == nil {
				return mod, nil
			}
		}
		// Otherwise (a Z component) R fits the trend and the level-only
		// variants and keeps the one with the smaller sigma2.
		fit1, err1 := etsHoltWintersZZ(ctx, y, m, true, etsNone, ttype == 'M')
		fit2, err2 := etsHoltWintersZZ(ctx, y, m, false, etsNone, false)
		switch {
		case err1 == nil && (err2 != nil || fit1.sigma2 < fit2.sigma2):
			return fit1, nil
		case err2 == nil:
			return fit2, nil
		}
		return nil, fmt.Errorf("%w: %d observations are too few for model %s (need more than %d)", ErrETSData, n, model, npars+4)
	}

	opt := etsOptions{bounds: etsDefaultBounds, maxit: c.MaxIter, nmse: c.NMSE, optMSE: c.OptCrit == "mse", restrict: restrict}
	if opt.maxit == 0 {
		opt.maxit = 2000
	}
	if opt.nmse == 0 {
		opt.nmse = 3
	}
	errs := []int{etsCode(etype)}
	if etype == 'Z' {
		errs = []int{etsAdd, etsMult}
	}
	trends := []int{etsCode(ttype)}
	if ttype == 'Z' {
		trends = []int{etsNone, etsAdd}
		if c.AllowMultiplicativeTrend {
			trends = append(trends, etsMult)
		}
	}
	seasons := []int{etsCode(stype)}
	if stype == 'Z' {
		seasons = []int{etsNone, etsAdd, etsMult}
	}
	damps := []bool{true, false}
	switch c.Damped {
	case DampedTrue:
		damps = []bool{true}
	case DampedFalse:
		damps = []bool{false}
	}
	auto := len(errs)*len(trends)*len(seasons)*len(damps) > 1

	var specs []etsSpec
	for _, e := range errs {
		for _, t := range trends {
			for _, s := range seasons {
				for _, d := range damps {
					if t == etsNone && d {
						continue
					}
					if restrict {
						if e == etsAdd && (t == etsMult || s == etsMult) {
							continue
						}
						if e == etsMult && t == etsMult && s == etsAdd {
							continue
						}
					}
					if !positive && (e == etsMult || t == etsMult || s == etsMult) {
						continue
					}
					sp := etsSpec{err: e, trend: t, season: s, damped: d, m: 1}
					if s != etsNone {
						sp.m = m
					}
					specs = append(specs, sp)
				}
			}
		}
	}
	fits := make([]*ETSModel, len(specs))
	ferrs := make([]error, len(specs))
	workers := c.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(specs)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(specs) {
					return
				}
				if err := ctx.Err(); err != nil {
					ferrs[i] = err
					continue
				}
				fits[i], ferrs[i] = etsFitOne(y, specs[i], &opt)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var best *ETSModel
	bestIC := math.Inf(1)
	var cands []ETSCandidate
	var lastErr error
	for i, sp := range specs {
		fit, err := fits[i], ferrs[i]
		cand := ETSCandidate{Label: sp.label(), LogLik: math.NaN(), AIC: math.Inf(1), AICc: math.Inf(1), BIC: math.Inf(1)}
		if err != nil {
			cand.Err = err.Error()
			lastErr = err
			cands = append(cands, cand)
			continue
		}
		cand.LogLik, cand.AIC, cand.AICc, cand.BIC = fit.LogLik(), fit.AIC(), fit.AICc(), fit.BIC()
		cands = append(cands, cand)
		var ic float64
		switch c.IC {
		case "aic":
			ic = cand.AIC
		case "bic":
			ic = cand.BIC
		default:
			ic = cand.AICc
		}
		if !math.IsNaN(ic) && ic < bestIC {
			best, bestIC = fit, ic
		}
	}
	if best == nil {
		if lastErr != nil && !auto {
			return nil, lastErr
		}
		return nil, fmt.Errorf("%w: no model could be fitted to %d observations", ErrETSFit, n)
	}
	if auto {
		best.candidates = cands
	}
	return best, nil
}

func (sp etsSpec) label() string {
	t := etsLetter(sp.trend)
	if sp.damped {
		t += "d"
	}
	return "ETS(" + etsLetter(sp.err) + "," + t + "," + etsLetter(sp.season) + ")"
}

// etsFitOne estimates one model structure as R's etsmodel.
func etsFitOne(y []float64, sp etsSpec, opt *etsOptions) (*ETSModel, error) {
	n := len(y)
	bd := opt.bounds
	// Starting values (forecast:::initparam).
	mm := float64(sp.m)
	lower, upper := bd.lower, bd.upper
	alpha := lower[0] + 0.2*(upper[0]-lower[0])/mm
	if alpha > 1 || alpha < 0 {
		alpha = lower[0] + 0.002
	}
	par := []float64{alpha}
	p := etsParams{alpha: alpha, phi: 1}
	if sp.trend != etsNone {
		up := math.Min(upper[1], alpha)
		beta := lower[1] + 0.1*(up-lower[1])
		if beta < 0 || beta > alpha {
			beta = alpha - 0.001
		}
		par = append(par, beta)
		p.beta = beta
	}
	if sp.season != etsNone {
		up := math.Min(upper[2], 1-alpha)
		gamma := lower[2] + 0.05*(up-lower[2])
		if gamma < 0 || gamma > 1-alpha {
			gamma = 1 - alpha - 0.001
		}
		par = append(par, gamma)
		p.gamma = gamma
	}
	if sp.damped {
		phi := lower[3] + 0.99*(upper[3]-lower[3])
		if phi < 0 || phi > 1 {
			phi = upper[3] - 0.001
		}
		par = append(par, phi)
		p.phi = phi
	}
	if !bd.check(sp, p) {
		return nil, fmt.Errorf("%w: %s starting parameters out of range", ErrETSFit, sp.label())
	}
	nsmooth := len(par)
	x0, err := etsInitState(y, sp)
	if err != nil {
		return nil, err
	}
	par = append(par, x0...)
	nstate := len(x0)
	if len(par) >= n-1 {
		return nil, fmt.Errorf("%w: %s has %d parameters for %d observations", ErrETSData, sp.label(), len(par), n)
	}
	full := sp.nstate()
	obj := &etsObjective{y: y, sp: sp, bd: &bd, nsmooth: nsmooth, optMSE: opt.optMSE,
		state: make([]float64, full), buf: make([]float64, max(sp.m, 1))}
	xopt, _, _, code := nelderMead(obj.eval, par, 1.4901161193847656e-08, opt.maxit)
	if code == 2 {
		return nil, fmt.Errorf("%w: %s objective not finite at the starting values", ErrETSFit, sp.label())
	}
	pp := obj.params(xopt)
	init := obj.fullState(xopt[nsmooth:])
	_ = nstate
	return etsModelFrom(y, sp, pp, init, len(xopt), opt.nmse)
}

// etsModelFrom runs the filter at fixed parameters and initial state and
// fills the model's statistics.
func etsModelFrom(y []float64, sp etsSpec, p etsParams, init []float64, npar, nmse int) (*ETSModel, error) {
	n := len(y)
	ns := sp.nstate()
	states := make([]float64, (n+1)*ns)
	e := make([]float64, n)
	fits := make([]float64, n)
	run := etsLoglik(y, init, sp, p, make([]float64, max(sp.m, 1)), e, fits, states)
	if run.lik < -1e10 {
		run.lik = -1e10 // a perfect fit, clamped as R's optimiser does
	}
	if math.IsNaN(run.lik) || math.IsInf(run.lik, 0) {
		return nil, fmt.Errorf("%w: %s likelihood not finite at the estimates", ErrETSFit, sp.label())
	}
	for _, f := range fits {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%w: %s fitted values not finite at the estimates", ErrETSFit, sp.label())
		}
	}
	amse := etsAMSE(y, states, sp, p.phi, nmse)
	fitted := make([]float64, n)
	for i := range fitted {
		if sp.err == etsAdd {
			fitted[i] = y[i] - e[i]
		} else {
			fitted[i] = y[i] / (1 + e[i])
		}
	}
	ss := 0.0
	for _, v := range e {
		ss += v * v
	}
	mod := &ETSModel{
		sp: sp, p: p, init: append([]float64(nil), init...),
		last: append([]float64(nil), states[n*ns:]...),
		n:    n, npar: npar, lik: run.lik,
		sigma2: ss / float64(n-npar),
		mse:    amse[0], fitted: fitted, resid: e,
		y: append([]float64(nil), y...),
	}
	s := 0.0
	for _, v := range amse {
		s += v
	}
	mod.amse = s / float64(len(amse))
	return mod, nil
}

// etsObjective is the criterion Nelder-Mead minimises (forecast's
// EtsTargetFunction::eval).
type etsObjective struct {
	y       []float64
	sp      etsSpec
	bd      *etsBounds
	nsmooth int
	optMSE  bool
	state   []float64
	buf     []float64
}

func (o *etsObjective) params(par []float64) etsParams {
	p := etsParams{alpha: par[0], phi: 1}
	j := 1
	if o.sp.trend != etsNone {
		p.beta = par[j]
		j++
	}
	if o.sp.season != etsNone {
		p.gamma = par[j]
		j++
	}
	if o.sp.damped {
		p.phi = par[j]
	}
	return p
}

// fullState appends the implied last seasonal state, m - sum (M) or -sum (A).
func (o *etsObjective) fullState(x []float64) []float64 {
	st := o.state[:0]
	st = append(st, x...)
	if o.sp.season != etsNone {
		si := 1
		if o.sp.trend != etsNone {
			si = 2
		}
		sum := 0.0
		for _, v := range x[si:] {
			sum += v
		}
		last := -sum
		if o.sp.season == etsMult {
			last = float64(o.sp.m) - sum
		}
		st = append(st, last)
	}
	return st
}

func (o *etsObjective) eval(par []float64) float64 {
	p := o.params(par)
	if !o.bd.check(o.sp, p) {
		return math.Inf(1)
	}
	st := o.fullState(par[o.nsmooth:])
	if o.sp.season == etsMult {
		si := 1
		if o.sp.trend != etsNone {
			si = 2
		}
		for _, v := range st[si:] {
			if v < 0 {
				return math.Inf(1)
			}
		}
	}
	lik, mse := etsLik(o.y, st, o.sp, p, o.buf, o.optMSE)
	if lik < -1e10 {
		lik = -1e10
	}
	if math.IsNaN(lik) {
		lik = math.Inf(1)
	}
	if o.optMSE {
		if math.IsNaN(mse) {
			return math.Inf(1)
		}
		return mse
	}
	return lik
}

// Label is R's method string, e.g. "ETS(M,Ad,M)".
func (m *ETSModel) Label() string { return m.sp.label() }

// Components returns the error, trend and season letters and damping.
func (m *ETSModel) Components() (errType, trend, season string, damped bool) {
	return etsLetter(m.sp.err), etsLetter(m.sp.trend), etsLetter(m.sp.season), m.sp.damped
}

// Code is the three-letter model code, e.g. "MAM" (damping not included).
func (m *ETSModel) Code() string {
	return etsLetter(m.sp.err) + etsLetter(m.sp.trend) + etsLetter(m.sp.season)
}

// Period is the seasonal period of the model (1 when non-seasonal).
func (m *ETSModel) Period() int { return m.sp.m }

// Params returns the smoothing parameters.
func (m *ETSModel) Params() ETSParams {
	p := ETSParams{Alpha: m.p.alpha, Beta: math.NaN(), Gamma: math.NaN(), Phi: math.NaN()}
	if m.sp.trend != etsNone {
		p.Beta = m.p.beta
	}
	if m.sp.season != etsNone {
		p.Gamma = m.p.gamma
	}
	if m.sp.damped {
		p.Phi = m.p.phi
	}
	return p
}

func (m *ETSModel) states(x []float64) ETSStates {
	s := ETSStates{Level: x[0], Slope: math.NaN()}
	si := 1
	if m.sp.trend != etsNone {
		s.Slope = x[1]
		si = 2
	}
	if m.sp.season != etsNone {
		s.Season = append([]float64(nil), x[si:si+m.sp.m]...)
	}
	return s
}

// InitialStates returns the estimated states at time 0 (R's initstate).
func (m *ETSModel) InitialStates() ETSStates { return m.states(m.init) }

// FinalStates returns the states after the last observation.
func (m *ETSModel) FinalStates() ETSStates { return m.states(m.last) }

// NumObs is the number of observations the model was fitted to.
func (m *ETSModel) NumObs() int { return m.n }

// LogLik is R's ets loglik, -lik/2 (no Gaussian constants).
func (m *ETSModel) LogLik() float64 { return -0.5 * m.lik }

// LogLikGaussian is the conventional Gaussian log-likelihood at the
// estimates (statsmodels' ETSModel convention), with the constants R omits:
//
//	-n/2 (log(2 pi SSE/n) + 1) [- sum log|yhat_t| for multiplicative error]
func (m *ETSModel) LogLikGaussian() float64 {
	if m.hwzz {
		return math.NaN() // R's short-series fallback has no likelihood
	}
	n := float64(m.n)
	sse := 0.0
	for _, e := range m.resid {
		sse += e * e
	}
	ll := -0.5 * n * (math.Log(2*math.Pi*sse/n) + 1)
	if m.sp.err == etsMult {
		for _, f := range m.fitted {
			ll -= math.Log(math.Abs(f))
		}
	}
	return ll
}

// NumParams is k of the information criteria: estimated parameters and
// free initial states plus one.
func (m *ETSModel) NumParams() int { return m.npar + 1 }

// AIC is lik + 2k.
func (m *ETSModel) AIC() float64 { return m.lik + 2*float64(m.npar+1) }

// AICc is AIC + 2k(k+1)/(n-k-1).
func (m *ETSModel) AICc() float64 {
	k := float64(m.npar + 1)
	return m.AIC() + 2*k*(k+1)/(float64(m.n)-k-1)
}

// BIC is lik + k log n.
func (m *ETSModel) BIC() float64 { return m.lik + math.Log(float64(m.n))*float64(m.npar+1) }

// Sigma2 is sum(e_t^2)/(n - #parameters), with relative errors for
// multiplicative error, as R.
func (m *ETSModel) Sigma2() float64 { return m.sigma2 }

// MSE is the mean squared one-step error on the data scale.
func (m *ETSModel) MSE() float64 { return m.mse }

// AMSE is the mean of the in-sample 1..nmse-step MSEs.
func (m *ETSModel) AMSE() float64 { return m.amse }

// Fitted writes the one-step fitted values into dst (nil allocates; else
// len(dst) must be NumObs).
func (m *ETSModel) Fitted(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, m.n)
	}
	if len(dst) != m.n {
		panic(badETSDstLength)
	}
	copy(dst, m.fitted)
	return dst
}

// Residuals writes the residuals (e_t, relative for multiplicative error)
// into dst (nil allocates; else len(dst) must be NumObs).
func (m *ETSModel) Residuals(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, m.n)
	}
	if len(dst) != m.n {
		panic(badETSDstLength)
	}
	copy(dst, m.resid)
	return dst
}

// Candidates returns the models auto-ETS tried in R's order (nil when the
// model was fully specified).
func (m *ETSModel) Candidates() []ETSCandidate {
	return append([]ETSCandidate(nil), m.candidates...)
}

const badETSDstLength = "forecast: destination length does not match observations"

func etsConstant(y []float64) bool {
	for _, v := range y {
		if v != y[0] {
			return false
		}
	}
	return true
}
