package forecast

import (
	"context"
	"fmt"
	"math"
)

// etsHoltWintersZZ is R's fallback for series too short for the
// state-space fit (n <= #parameters + 4): forecast:::HoltWintersZZ, a
// Holt-Winters recursion with classic smoothing parameters in [0, 1]
// chosen by least squares, started from
//
//	l0 = mean(y[1:m]), b0 = (mean(y[m+1:2m]) - l0)/m, s0 = y[1:m] - l0 (or / l0)
//
// for a seasonal model and l0 = y1, b0 = y2 - y1 (or y2/y1) otherwise.
// As R, a seasonal request always estimates a trend too, the result
// has no likelihood (loglik and the criteria are NaN), sigma2 is the
// plain mean of the squared (relative, for multiplicative season)
// residuals, and the forecasts use the classic beta as if it were the
// state-space one. withTrend/seasonal say which components to fit;
// exponential asks for a multiplicative trend.
//
// References:
//
//	Hyndman R J et al., forecast 8.20, R/HoltWintersNew.R (HoltWintersZZ, zzhw).
func etsHoltWintersZZ(ctx context.Context, y []float64, m int, withTrend bool, season int, exponential bool) (*ETSModel, error) {
	return etsHoltWintersZZAt(ctx, y, m, withTrend, season, exponential, nil)
}

// etsHoltWintersZZAt is etsHoltWintersZZ; with fixed non-nil it runs the
// recursion at those smoothing parameters instead of estimating them
// (Update, decoding).
func etsHoltWintersZZAt(ctx context.Context, y []float64, m int, withTrend bool, season int, exponential bool, fixed *etsParams) (*ETSModel, error) {
	n := len(y)
	if season == etsNone {
		m = 1
	}
	if n < 2 || (season != etsNone && n < 2*m) {
		return nil, fmt.Errorf("%w: %d observations are too few for the Holt-Winters fallback", ErrETSData, n)
	}
	var l0, b0 float64
	s0 := make([]float64, m)
	if season == etsNone {
		l0 = y[0]
		if withTrend {
			if exponential {
				b0 = y[1] / y[0]
			} else {
				b0 = y[1] - y[0]
			}
		}
		s0[0] = 0
	} else {
		for i := range m {
			l0 += y[i]
		}
		l0 /= float64(m)
		m2 := 0.0
		for i := range m {
			m2 += y[m+i]
		}
		b0 = (m2/float64(m) - l0) / float64(m)
		for i := range m {
			if season == etsAdd {
				s0[i] = y[i] - l0
			} else {
				s0[i] = y[i] / l0
			}
		}
	}
	if !withTrend {
		b0 = 0
		if exponential {
			b0 = 1
		}
	}
	mult := season == etsMult
	// run is zzhw with phi = 1; it fills the fitted values and the
	// final level, slope and seasonal vector when asked.
	season1 := make([]float64, n+m)
	run := func(alpha, beta, gamma float64, fitted []float64) (sse, l, b float64) {
		copy(season1, s0)
		if season == etsNone {
			for i := range m {
				season1[i] = 0
				if mult {
					season1[i] = 1
				}
			}
		}
		if !withTrend {
			beta = 0
		}
		if season == etsNone {
			gamma = 0
		}
		l, b = l0, b0
		for i := range n {
			s := season1[i]
			var trendPart float64 // l + b or l * b
			if exponential {
				trendPart = l * b
			} else {
				trendPart = l + b
			}
			var xhat float64
			if mult {
				xhat = trendPart * s
			} else {
				xhat = trendPart + s
			}
			if fitted != nil {
				fitted[i] = xhat
			}
			r := y[i] - xhat
			sse += r * r
			var nl float64
			if mult {
				nl = alpha*(y[i]/s) + (1-alpha)*trendPart
			} else {
				nl = alpha*(y[i]-s) + (1-alpha)*trendPart
			}
			var nb float64
			if exponential {
				nb = beta*(nl/l) + (1-beta)*b
			} else {
				nb = beta*(nl-l) + (1-beta)*b
			}
			if mult {
				season1[i+m] = gamma*(y[i]/trendPart) + (1-gamma)*s
			} else {
				season1[i+m] = gamma*(y[i]-trendPart) + (1-gamma)*s
			}
			l, b = nl, nb
		}
		return sse, l, b
	}
	// Starting values as forecast:::initparam(bounds = "usual") with
	// lower 0 and upper 1.
	var x0 []float64
	alpha0 := 0.2 / float64(m)
	x0 = append(x0, alpha0)
	if withTrend {
		x0 = append(x0, 0.1*alpha0)
	}
	if season != etsNone {
		x0 = append(x0, 0.05*(1-alpha0))
	}
	unpack := func(p []float64) (a, b, g float64) {
		c := func(v float64) float64 { return math.Max(0, math.Min(1, v)) }
		a = c(p[0])
		k := 1
		if withTrend {
			b = c(p[k])
			k++
		}
		if season != etsNone {
			g = c(p[k])
		}
		return a, b, g
	}
	// sseAt is the SSE at the parameters clamped to [0, 1]; fn adds a
	// penalty growing with the distance outside the box so that the
	// simplex is pulled back instead of stalling on a flat outside.
	sseAt := func(p []float64) float64 {
		a, b, g := unpack(p)
		s, _, _ := run(a, b, g, nil)
		if math.IsNaN(s) {
			return math.Inf(1)
		}
		return s
	}
	fn := func(p []float64) float64 {
		d := 0.0
		for _, v := range p {
			d += math.Max(0, -v) + math.Max(0, v-1)
		}
		s := sseAt(p)
		return s * (1 + d)
	}
	// R uses L-BFGS-B on the box [0, 1]; a Nelder-Mead on the clamped
	// parameters, restarted until it stops improving, reaches the same
	// box-constrained minimum (bound solutions come out exactly 0 or 1).
	if fixed != nil {
		x0 = x0[:0]
		x0 = append(x0, fixed.alpha)
		if withTrend {
			x0 = append(x0, fixed.beta)
		}
		if season != etsNone {
			x0 = append(x0, fixed.gamma)
		}
		for _, v := range x0 {
			if !(v >= 0 && v <= 1) {
				return nil, fmt.Errorf("%w: Holt-Winters parameter %v outside [0, 1]", ErrETSSpec, v)
			}
		}
	}
	if math.IsInf(fn(x0), 0) {
		return nil, fmt.Errorf("%w: Holt-Winters fallback SSE not finite at the starting values", ErrETSFit)
	}
	// From R's start, then from a few spread starts; the lowest SSE wins.
	// (R keeps the local minimum its L-BFGS-B reaches from the start; on
	// a multimodal SSE surface that can be a worse one, e.g. the first 9
	// quarters of UKgas with AAN. Neither a start-only search nor a
	// projected-gradient path reproduced R on every checked series; the
	// least-squares minimum is the defensible answer.)
	x, best := x0, fn(x0)
	if fixed == nil {
		x, best = etsHWZZMinimize(ctx, fn, unpack, x0, withTrend, season != etsNone)
	}
	for _, st := range [][3]float64{{0.5, 0.5, 0.5}, {0.9, 0.1, 0.1}, {0.1, 0.9, 0.5}, {0.5, 0.05, 0.9}} {
		if fixed != nil {
			break
		}
		xs := []float64{st[0]}
		if withTrend {
			xs = append(xs, st[1])
		}
		if season != etsNone {
			xs = append(xs, st[2])
		}
		if xi, fi := etsHWZZMinimize(ctx, fn, unpack, xs, withTrend, season != etsNone); fi < best*(1-1e-10) {
			x, best = xi, fi
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fn = sseAt
	// L-BFGS-B lands exactly on a bound; snap the simplex's last digits.
	for i, v := range x {
		if fixed != nil {
			break
		}
		if v < 1e-10 {
			x[i] = 0
		} else if v > 1-1e-10 {
			x[i] = 1
		}
	}
	best = fn(x)
	// A parameter the SSE does not depend on (beta when alpha = 0: the
	// level then never moves, so neither does the slope) is left by
	// R's L-BFGS-B at the lower bound its first projected steps reach;
	// put it there too, since the intervals do depend on it.
	for i := 1; i < len(x) && fixed == nil; i++ {
		if x[i] == 0 {
			continue
		}
		old := x[i]
		x[i] = 0
		if f := fn(x); !(f <= best*(1+1e-12)) {
			x[i] = old
		}
	}
	alpha, beta, gamma := unpack(x)
	fitted := make([]float64, n)
	_, l, b := run(alpha, beta, gamma, fitted)
	for _, v := range fitted {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: Holt-Winters fallback fitted values not finite", ErrETSFit)
		}
	}
	sp := etsSpec{err: etsAdd, trend: etsNone, season: season, m: 1}
	if mult || (season == etsNone && exponential) {
		sp.err = etsMult
	}
	if withTrend {
		sp.trend = etsAdd
		if exponential {
			sp.trend = etsMult
		}
	}
	if season != etsNone {
		sp.m = m
	}
	p := etsParams{alpha: alpha, phi: 1}
	if withTrend {
		p.beta = beta
	}
	if season != etsNone {
		p.gamma = gamma
	}
	resid := make([]float64, n)
	ss := 0.0
	for i := range resid {
		resid[i] = y[i] - fitted[i]
		e := resid[i]
		if sp.err == etsMult {
			e /= fitted[i]
		}
		ss += e * e
	}
	state := func(l, b float64, s []float64) []float64 {
		st := []float64{l}
		if withTrend {
			st = append(st, b)
		}
		if season != etsNone {
			// R order: s1 is the most recent.
			for i := m - 1; i >= 0; i-- {
				st = append(st, s[i])
			}
		}
		return st
	}
	mse := 0.0
	for _, r := range resid {
		mse += r * r
	}
	mod := &ETSModel{
		sp: sp, p: p,
		init:   state(l0, b0, season1[:m]),
		last:   state(l, b, season1[n:n+m]),
		n:      n,
		npar:   len(x0),
		lik:    math.NaN(),
		sigma2: ss / float64(n),
		mse:    mse / float64(n),
		amse:   math.NaN(),
		fitted: fitted,
		resid:  resid,
		y:      append([]float64(nil), y...),
		hwzz:   true,
	}
	if sp.err == etsMult {
		for i := range mod.resid {
			mod.resid[i] /= fitted[i]
		}
	}
	return mod, nil
}

// etsHWZZMinimize runs Nelder-Mead restarts from x0 until the objective
// stops improving and returns the clamped minimiser and its value.
func etsHWZZMinimize(ctx context.Context, fn func([]float64) float64, unpack func([]float64) (a, b, g float64), x0 []float64, withTrend, seasonal bool) ([]float64, float64) {
	x := append([]float64(nil), x0...)
	best := fn(x)
	for range 10 {
		if ctx.Err() != nil {
			break
		}
		xn, f, _, _ := nelderMead(fn, x, 1e-14, 4000)
		a, b, g := unpack(xn)
		xn = append(xn[:0], a)
		if withTrend {
			xn = append(xn, b)
		}
		if seasonal {
			xn = append(xn, g)
		}
		f = fn(xn)
		improved := f < best*(1-1e-12)
		if f <= best {
			best, x = f, xn
		}
		if !improved {
			break
		}
	}
	return x, best
}
