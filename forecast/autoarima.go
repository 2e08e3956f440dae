package forecast

import (
	"context"
	"fmt"
	"math"
	"strings"
)

// Criterion is the information criterion auto-ARIMA minimises.
type Criterion int

const (
	// AICc (the zero value) is R's default.
	AICc Criterion = iota
	AIC
	BIC
)

// Approximation controls whether auto-ARIMA searches with CSS fits and an
// approximate criterion (R's approximation argument).
type Approximation int

const (
	// ApproxAuto (the zero value) approximates when n > 150 or m > 12, as R.
	ApproxAuto Approximation = iota
	ApproxOn
	ApproxOff
)

// AutoARIMA selects and fits a seasonal ARIMA model as forecast::auto.arima
// (Hyndman and Khandakar 2008): D from the STL seasonal-strength test
// (nsdiffs), d from repeated KPSS tests (ndiffs), then a stepwise search over
// p, q, P, Q and the constant minimising the AICc (or an exhaustive search).
// Candidates whose AR or MA roots lie within 1.01 of the unit circle, or
// whose coefficient variances are not positive, are rejected. The zero value
// holds R's defaults; limits are "zero means R's default, negative means 0".
//
// References:
//
//	Hyndman, R.J. and Khandakar, Y. (2008). Automatic time series
//	forecasting: the forecast package for R. J. Stat. Softw. 27(3), 1-22.
type AutoARIMA struct {
	Period int `json:"period"` // m; zero or one means non-seasonal

	FixD          bool `json:"fix_d"` // use D (below) instead of the KPSS choice
	D             int  `json:"d"`
	FixSeasonalD  bool `json:"fix_seasonal_d"`
	SeasonalD     int  `json:"seasonal_d"`
	MaxP          int  `json:"max_p"`     // zero means 5
	MaxQ          int  `json:"max_q"`     // zero means 5
	MaxSP         int  `json:"max_sp"`    // max P; zero means 2
	MaxSQ         int  `json:"max_sq"`    // max Q; zero means 2
	MaxOrder      int  `json:"max_order"` // p+q+P+Q in the exhaustive search; zero means 5
	MaxD          int  `json:"max_d"`     // zero means 2
	MaxSeasonalD  int  `json:"max_seasonal_d"`
	StartP        int  `json:"start_p"` // zero means 2
	StartQ        int  `json:"start_q"` // zero means 2
	StartSP       int  `json:"start_sp"`
	StartSQ       int  `json:"start_sq"`
	Stationary    bool `json:"stationary"`  // d = D = 0
	NonSeasonal   bool `json:"nonseasonal"` // R seasonal = FALSE
	NoDrift       bool `json:"no_drift"`
	NoMean        bool `json:"no_mean"`
	Exhaustive    bool `json:"exhaustive"` // R stepwise = FALSE
	NModels       int  `json:"nmodels"`    // stepwise model limit; zero means 94
	Criterion     Criterion
	Approximation Approximation

	BoxCox  bool    `json:"box_cox"`
	Lambda  float64 `json:"lambda"`
	BiasAdj bool    `json:"bias_adj"`

	// Trace, when not nil, receives every candidate and its criterion
	// (+Inf when rejected), like auto.arima(trace = TRUE).
	Trace func(model string, ic float64) `json:"-"`
}

func defInt(v, def int) int {
	if v == 0 {
		return def
	}
	if v < 0 {
		return 0
	}
	return v
}

// searchState is one auto-ARIMA run.
type searchState struct {
	ctx      context.Context
	x        []float64
	m        int
	d, sd    int
	ic       Criterion
	approx   bool
	offset   float64
	n        int // non-missing count between first and last observation
	trace    func(string, float64)
	bestIC   float64 // criterion of the current best candidate
	fits     int
	canceled error
}

type candidate struct {
	p, q, sp, sq int
	constant     bool
	ic           float64
	fit          *arimaFit
	aic          float64
	approx       bool
}

func (s *searchState) label(c candidate) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ARIMA(%d,%d,%d)", c.p, s.d, c.q)
	if s.m > 1 && c.sp+s.sd+c.sq > 0 {
		fmt.Fprintf(&b, "(%d,%d,%d)[%d]", c.sp, s.sd, c.sq, s.m)
	}
	nd := s.d + s.sd
	switch {
	case c.constant && nd == 0:
		b.WriteString(" with non-zero mean")
	case c.constant && nd == 1:
		b.WriteString(" with drift")
	case !c.constant && nd == 0:
		b.WriteString(" with zero mean")
	}
	return b.String()
}

// fitCandidate is forecast's myarima.
func (s *searchState) fitCandidate(p, q, sp, sq int, constant, approx bool) candidate {
	c := candidate{p: p, q: q, sp: sp, sq: sq, constant: constant, ic: math.Inf(1), approx: approx}
	if err := s.ctx.Err(); err != nil {
		s.canceled = err
		return c
	}
	s.fits++
	m := s.m
	if sp+s.sd+sq == 0 {
		m = 1
	}
	a := armaSpec{p: p, q: q, sp: sp, sq: sq, m: m, d: s.d, sd: s.sd}
	if m == 1 {
		a.sd = 0
	}
	nd := s.d + s.sd
	var cols [][]float64
	var names []string
	n := len(s.x)
	if constant && nd == 1 {
		t := make([]float64, n)
		for i := range t {
			t[i] = float64(i + 1)
		}
		cols, names = [][]float64{t}, []string{"drift"}
	} else if constant && nd == 0 {
		one := make([]float64, n)
		for i := range one {
			one[i] = 1
		}
		cols, names = [][]float64{one}, []string{"intercept"}
	}
	method := CSSML
	if approx {
		method = CSS
	}
	fit, err := fitStatsArima(s.ctx, s.x, a, cols, names, method, true, stateInit{kappa: 1e6}, nil, !s.approx)
	if err != nil {
		s.report(c)
		return c
	}
	c.fit = fit
	nstar := float64(s.n - s.d - s.sd*s.m)
	npar := float64(fit.nfree + 1)
	aic := fit.aic
	if method == CSS {
		aic = s.offset + nstar*math.Log(fit.sigma2) + 2*npar
	}
	if !math.IsNaN(aic) {
		c.aic = aic
		switch s.ic {
		case AIC:
			c.ic = aic
		case BIC:
			c.ic = aic + npar*(math.Log(nstar)-2)
		default:
			c.ic = aic + 2*npar*(npar+1)/(nstar-npar-1)
		}
	}
	minroot := 2.0
	if p+sp > 0 {
		minroot = math.Min(minroot, minRootModulus(trimSmall(fit.phi), -1))
	}
	if q+sq > 0 && c.ic < math.Inf(1) {
		minroot = math.Min(minroot, minRootModulus(trimSmall(fit.theta), 1))
	}
	bad := minroot < 1.01
	if !bad && fit.varFn != nil {
		// The coefficient covariance (R's numerical Hessian) only decides
		// whether a candidate is rejected; a candidate that cannot beat the
		// current best is not chosen either way, so its Hessian is skipped
		// (its criterion is then reported even where R reports Inf).
		if c.ic < s.bestIC {
			if err := fit.varFn(); err != nil {
				bad = true
			}
		}
	}
	for i := 0; i < fit.nfree && !bad && fit.varCoef != nil; i++ {
		if !(fit.varCoef[i*fit.nfree+i] >= 0) {
			bad = true
		}
	}
	if bad || math.IsNaN(c.ic) {
		c.ic = math.Inf(1)
	}
	s.report(c)
	return c
}

func (s *searchState) report(c candidate) {
	if s.trace != nil {
		s.trace(s.label(c), c.ic)
	}
}

// trimSmall zeroes coefficients below 1e-8 in magnitude (forecast's root
// check ignores them).
func trimSmall(c []float64) []float64 {
	out := make([]float64, len(c))
	for i, v := range c {
		if math.Abs(v) > 1e-8 {
			out[i] = v
		}
	}
	return out
}

// Fit selects and fits the model on y (NaN marks a missing value).
func (c AutoARIMA) Fit(ctx context.Context, y []float64) (*ARIMAModel, error) {
	first, last := -1, -1
	for i, v := range y {
		if math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: infinite value at index %d", ErrBadConfig, i)
		}
		if !math.IsNaN(v) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return nil, ErrAllMissing
	}
	if c.Period < 0 {
		return nil, fmt.Errorf("%w: negative period %d", ErrBadConfig, c.Period)
	}
	seriesLen := 0
	for i := first; i <= last; i++ {
		if !math.IsNaN(y[i]) {
			seriesLen++
		}
	}
	orig := y
	x := y[first:]
	var err error
	if c.BoxCox {
		x, err = BoxCox(nil, x, c.Lambda)
		if err != nil {
			return nil, err
		}
	}
	base := ARIMA{BoxCox: c.BoxCox, Lambda: c.Lambda, BiasAdj: c.BiasAdj}
	if isConstant(x) {
		mean := 0.0
		cnt := 0
		for _, v := range x {
			if !math.IsNaN(v) {
				mean += v
				cnt++
			}
		}
		mean /= float64(cnt)
		cfg := base
		if c.NoMean {
			cfg.NoMean = true
			return cfg.finishFixed(ctx, x, orig, first, nil)
		}
		return cfg.finishFixed(ctx, x, orig, first, []float64{mean})
	}
	ic := c.Criterion
	m := c.Period
	if c.NonSeasonal || m < 1 {
		m = 1
	}
	maxP := min(defInt(c.MaxP, 5), seriesLen/3)
	maxQ := min(defInt(c.MaxQ, 5), seriesLen/3)
	maxSP := min(defInt(c.MaxSP, 2), seriesLen/3/m)
	maxSQ := min(defInt(c.MaxSQ, 2), seriesLen/3/m)
	maxOrder := defInt(c.MaxOrder, 5)
	maxD := defInt(c.MaxD, 2)
	maxSD := defInt(c.MaxSeasonalD, 1)
	if seriesLen <= 3 {
		ic = AIC
	}
	d, D := -1, -1
	if c.FixD {
		d = c.D
	}
	if c.FixSeasonalD {
		D = c.SeasonalD
	}
	if c.Stationary {
		d, D = 0, 0
	}
	if m == 1 {
		D, maxSP, maxSQ = 0, 0, 0
	} else if D < 0 && len(x) <= 2*m {
		D = 0
	} else if D < 0 {
		D = NSDiffs(x, m, maxSD)
		if D > 0 {
			dx := diffSeries(x, 0, D, m)
			allNA := true
			for _, v := range dx {
				if !math.IsNaN(v) {
					allNA = false
				}
			}
			if allNA {
				D--
			}
		}
	}
	dx := x
	if D > 0 {
		dx = diffSeries(x, 0, D, m)
	}
	if d < 0 {
		d = NDiffs(dx, 0.05, maxD)
		if d > 0 {
			dd := diffSeries(dx, d, 0, 1)
			allNA := true
			for _, v := range dd {
				if !math.IsNaN(v) {
					allNA = false
				}
			}
			if allNA {
				d--
			}
		}
	}
	if d > 0 {
		dx = diffSeries(dx, d, 0, 1)
	}
	if len(dx) == 0 {
		return nil, fmt.Errorf("%w: nothing left after %d and %d seasonal differences", ErrTooShort, d, D)
	}
	if isConstant(dx) {
		return c.constantAfterDiff(ctx, base, x, orig, first, dx, d, D, m)
	}
	if m > 1 {
		if maxSP > 0 {
			maxP = min(maxP, m-1)
		}
		if maxSQ > 0 {
			maxQ = min(maxQ, m-1)
		}
	}
	approx := c.Approximation == ApproxOn || (c.Approximation == ApproxAuto && (len(x) > 150 || m > 12))
	s := &searchState{ctx: ctx, x: x, m: m, d: d, sd: D, ic: ic, approx: approx, n: seriesLen, trace: c.Trace, bestIC: math.Inf(1)}
	if approx {
		a := armaSpec{m: m, d: d, sd: D}
		if D == 0 {
			a.m = 1
		}
		var cols [][]float64
		var names []string
		if d+D == 0 {
			one := make([]float64, len(x))
			for i := range one {
				one[i] = 1
			}
			cols, names = [][]float64{one}, []string{"intercept"}
		}
		if fit, err := fitStatsArima(ctx, x, a, cols, names, CSSML, true, stateInit{kappa: 1e6}, nil, false); err == nil {
			s.offset = -2*fit.loglik - float64(seriesLen)*math.Log(fit.sigma2)
		}
	}
	allowDrift := !c.NoDrift && d+D == 1
	allowMean := !c.NoMean && d+D == 0
	constant := allowDrift || allowMean
	var best candidate
	if c.Exhaustive {
		best = s.exhaustive(maxP, maxQ, maxSP, maxSQ, maxOrder, allowDrift || allowMean)
	} else {
		best = s.stepwise(c, x, maxP, maxQ, maxSP, maxSQ, constant, allowDrift, allowMean)
	}
	if s.canceled != nil {
		return nil, s.canceled
	}
	if best.fit == nil || math.IsInf(best.ic, 1) {
		return nil, fmt.Errorf("%w: no suitable ARIMA model found", ErrFit)
	}
	cfg := base
	cfg.Order = [3]int{best.p, d, best.q}
	cfg.Seasonal = [3]int{best.sp, D, best.sq}
	cfg.Period = m
	cfg.NoMean = !(best.constant && d+D == 0)
	cfg.Drift = best.constant && d+D == 1
	a, _ := cfg.spec()
	if best.sp+D+best.sq == 0 {
		cfg.Seasonal = [3]int{}
		cfg.Period = m
		a, _ = cfg.spec()
	}
	mdl := newARIMAModel(cfg, a, best.fit, x, x)
	mdl.mean = best.constant && d+D == 0
	mdl.drift = best.constant && d+D == 1
	return mdl.withOriginal(orig, first), nil
}

// withOriginal pads fitted values and residuals with NaN for leading
// missing values dropped before fitting.
func (m *ARIMAModel) withOriginal(orig []float64, first int) *ARIMAModel {
	if first == 0 {
		return m
	}
	pad := func(v []float64) []float64 {
		out := make([]float64, first, len(orig))
		for i := range out {
			out[i] = math.NaN()
		}
		return append(out, v...)
	}
	m.Residuals = pad(m.Residuals)
	m.Fitted = pad(m.Fitted)
	return m
}

func (s *searchState) exhaustive(maxP, maxQ, maxSP, maxSQ, maxOrder int, allowConst bool) candidate {
	best := candidate{ic: math.Inf(1)}
	s.bestIC = math.Inf(1)
	maxK := 0
	if allowConst {
		maxK = 1
	}
	for i := 0; i <= maxP; i++ {
		for j := 0; j <= maxQ; j++ {
			for I := 0; I <= maxSP; I++ {
				for J := 0; J <= maxSQ; J++ {
					if i+j+I+J > maxOrder {
						continue
					}
					for K := 0; K <= maxK; K++ {
						f := s.fitCandidate(i, j, I, J, K == 1, s.approx)
						if f.ic < best.ic {
							best = f
							s.bestIC = best.ic
						}
					}
				}
			}
		}
	}
	if s.approx && best.fit != nil {
		nb := s.fitCandidate(best.p, best.q, best.sp, best.sq, best.constant, false)
		if math.IsInf(nb.ic, 1) {
			s.approx = false
			return s.exhaustive(maxP, maxQ, maxSP, maxSQ, maxOrder, allowConst)
		}
		best = nb
		s.bestIC = best.ic
	}
	return best
}

type tried struct {
	p, q, sp, sq int
	constant     bool
	ic           float64
}

func (s *searchState) stepwise(c AutoARIMA, x []float64, maxP, maxQ, maxSP, maxSQ int, constant, allowDrift, allowMean bool) candidate {
	startP := defInt(c.StartP, 2)
	startQ := defInt(c.StartQ, 2)
	startSP := defInt(c.StartSP, 1)
	startSQ := defInt(c.StartSQ, 1)
	if c.StartSP < 0 {
		startSP = 0
	}
	if len(x) < 10 {
		startP = min(startP, 1)
		startQ = min(startQ, 1)
		startSP, startSQ = 0, 0
	}
	nmodels := defInt(c.NModels, 94)
	p, q := min(startP, maxP), min(startQ, maxQ)
	P, Q := min(startSP, maxSP), min(startSQ, maxSQ)
	var results []tried
	add := func(f candidate) { results = append(results, tried{f.p, f.q, f.sp, f.sq, f.constant, f.ic}) }
	isNew := func(p, q, P, Q int, k bool) bool {
		for _, r := range results {
			if r.p == p && r.q == q && r.sp == P && r.sq == Q && r.constant == k {
				return false
			}
		}
		return true
	}
	b2i := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	best := s.fitCandidate(p, q, P, Q, constant, s.approx)
	s.bestIC = best.ic
	add(best)
	f := s.fitCandidate(0, 0, 0, 0, constant, s.approx)
	add(f)
	if f.ic < best.ic {
		best = f
		s.bestIC = best.ic
		p, q, P, Q = 0, 0, 0, 0
	}
	if maxP > 0 || maxSP > 0 {
		pp, PP := b2i(maxP > 0), b2i(s.m > 1 && maxSP > 0)
		f := s.fitCandidate(pp, 0, PP, 0, constant, s.approx)
		add(f)
		if f.ic < best.ic {
			best = f
			s.bestIC = best.ic
			p, P, q, Q = pp, PP, 0, 0
		}
	}
	if maxQ > 0 || maxSQ > 0 {
		qq, QQ := b2i(maxQ > 0), b2i(s.m > 1 && maxSQ > 0)
		f := s.fitCandidate(0, qq, 0, QQ, constant, s.approx)
		add(f)
		if f.ic < best.ic {
			best = f
			s.bestIC = best.ic
			p, P, q, Q = 0, 0, qq, QQ
		}
	}
	if constant {
		f := s.fitCandidate(0, 0, 0, 0, false, s.approx)
		add(f)
		if f.ic < best.ic {
			best = f
			s.bestIC = best.ic
			p, q, P, Q = 0, 0, 0, 0
		}
	}
	k := len(results)
	startk := 0
	for startk < k && k < nmodels {
		if s.canceled != nil {
			break
		}
		startk = k
		type move struct {
			ok           bool
			p, q, sp, sq int
		}
		moves := []move{
			{P > 0, p, q, P - 1, Q},
			{Q > 0, p, q, P, Q - 1},
			{P < maxSP, p, q, P + 1, Q},
			{Q < maxSQ, p, q, P, Q + 1},
			{Q > 0 && P > 0, p, q, P - 1, Q - 1},
			{Q < maxSQ && P > 0, p, q, P - 1, Q + 1},
			{Q > 0 && P < maxSP, p, q, P + 1, Q - 1},
			{Q < maxSQ && P < maxSP, p, q, P + 1, Q + 1},
			{p > 0, p - 1, q, P, Q},
			{q > 0, p, q - 1, P, Q},
			{p < maxP, p + 1, q, P, Q},
			{q < maxQ, p, q + 1, P, Q},
			{q > 0 && p > 0, p - 1, q - 1, P, Q},
			{q < maxQ && p > 0, p - 1, q + 1, P, Q},
			{q > 0 && p < maxP, p + 1, q - 1, P, Q},
			{q < maxQ && p < maxP, p + 1, q + 1, P, Q},
		}
		improved := false
		for _, mv := range moves {
			if !mv.ok || !isNew(mv.p, mv.q, mv.sp, mv.sq, constant) {
				continue
			}
			k++
			if k > nmodels {
				break
			}
			f := s.fitCandidate(mv.p, mv.q, mv.sp, mv.sq, constant, s.approx)
			add(f)
			if f.ic < best.ic {
				best = f
				s.bestIC = best.ic
				p, q, P, Q = mv.p, mv.q, mv.sp, mv.sq
				improved = true
				break
			}
		}
		if improved || k > nmodels {
			continue
		}
		if allowDrift || allowMean {
			if isNew(p, q, P, Q, !constant) {
				k++
				if k > nmodels {
					continue
				}
				f := s.fitCandidate(p, q, P, Q, !constant, s.approx)
				add(f)
				if f.ic < best.ic {
					best = f
					s.bestIC = best.ic
					constant = !constant
				}
			}
		}
	}
	if s.approx && best.fit != nil {
		idx := make([]int, len(results))
		for i := range idx {
			idx[i] = i
		}
		// order(results[, 8]): stable ascending by criterion.
		for i := 1; i < len(idx); i++ {
			for j := i; j > 0 && results[idx[j]].ic < results[idx[j-1]].ic; j-- {
				idx[j], idx[j-1] = idx[j-1], idx[j]
			}
		}
		for _, i := range idx {
			r := results[i]
			if math.IsNaN(r.ic) {
				continue
			}
			f := s.fitCandidate(r.p, r.q, r.sp, r.sq, r.constant, false)
			if f.ic < math.Inf(1) {
				return f
			}
		}
		return candidate{ic: math.Inf(1)}
	}
	return best
}

// finishFixed fits the white-noise model with the mean fixed (auto.arima's
// constant-series case).
func (c ARIMA) finishFixed(ctx context.Context, x, orig []float64, first int, fixed []float64) (*ARIMAModel, error) {
	a, _ := c.spec()
	cols, names, mean, drift := c.regressors(a, len(x), nil)
	if fixed == nil {
		fixed = []float64{}
	}
	fit, err := fitStatsArima(ctx, x, a, cols, names, CSSML, true, stateInit{kappa: 1e6}, fixed, false)
	if err != nil {
		return nil, err
	}
	m := newARIMAModel(c, a, fit, x, x)
	m.mean, m.drift = mean, drift
	return m.withOriginal(orig, first), nil
}

// constantAfterDiff handles a series that is constant after differencing,
// as auto.arima does.
func (c AutoARIMA) constantAfterDiff(ctx context.Context, base ARIMA, x, orig []float64, first int, dx []float64, d, D, m int) (*ARIMAModel, error) {
	mean := 0.0
	cnt := 0
	for _, v := range dx {
		if !math.IsNaN(v) {
			mean += v
			cnt++
		}
	}
	mean /= float64(cnt)
	cfg := base
	cfg.Order = [3]int{0, d, 0}
	cfg.Period = m
	var fixed []float64
	switch {
	case D > 0 && d == 0:
		cfg.Seasonal = [3]int{0, D, 0}
		cfg.Drift = true
		fixed = []float64{mean / float64(m)}
	case D > 0 && d > 0:
		cfg.Seasonal = [3]int{0, D, 0}
	case d == 2:
	case d < 2:
		cfg.Drift = d == 1
		cfg.NoMean = d != 0
		fixed = []float64{mean}
	default:
		return nil, fmt.Errorf("%w: the data follow a simple polynomial", ErrFit)
	}
	return cfg.finishFixed(ctx, x, orig, first, fixed)
}
