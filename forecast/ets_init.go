package forecast

import "math"

// decomposeSeasonal returns the seasonal figure of R's stats::decompose: the
// series minus (or divided by) its centred moving average of order m, averaged
// by position within the period (positions counted from the first
// observation), then centred to mean 0 (additive) or 1 (multiplicative). The
// result has length m; figure[i] applies to observations i, i+m, ….
//
//	trend_t = sum_{j=-k}^{k} w_j y_{t+j}, w = (1/2, 1, …, 1, 1/2)/m (m even)
//
// It needs len(y) >= 2m.
func decomposeSeasonal(y []float64, m int, mult bool) []float64 {
	n := len(y)
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
	figure := make([]float64, m)
	vals := make([][]float64, m)
	for t := o; t+len(w)-1-o < n; t++ {
		// R's filter(x, w, sides=2): sum_j w[j] x[t+o-j].
		tr := 0.0
		for j := range w {
			tr += w[j] * y[t+o-j]
		}
		var s float64
		if mult {
			s = y[t] / tr
		} else {
			s = y[t] - tr
		}
		vals[t%m] = append(vals[t%m], s)
	}
	for i := range figure {
		figure[i] = rMean(vals[i])
	}
	mean := rMean(figure)
	for i := range figure {
		if mult {
			figure[i] /= mean
		} else {
			figure[i] -= mean
		}
	}
	return figure
}

// etsInitState returns R's forecast:::initstate heuristic: seasonal states
// from a classical decomposition (or, with fewer than three periods, from a
// regression on a linear trend and one Fourier pair), then level and slope
// from a regression of the seasonally adjusted first max(10, 2m) values on
// time. The result is in R order: l, [b,] s_0, s_-1, …, s_{2-m} (the last
// seasonal state is implied by the others).
func etsInitState(y []float64, sp etsSpec) ([]float64, error) {
	n := len(y)
	m := 1
	ysa := y
	var initSeas []float64
	if sp.season != etsNone {
		m = sp.m
		if n < 4 {
			return nil, errTooShortSeason
		}
		seasonal := make([]float64, n)
		if n < 3*m {
			coef, ok := fourierTrendFit(y, m)
			if !ok {
				return nil, errSingularInit
			}
			for t := 0; t < n; t++ {
				tr := coef[0] + coef[1]*float64(t+1)
				if sp.season == etsAdd {
					seasonal[t] = y[t] - tr
				} else {
					seasonal[t] = y[t] / tr
				}
			}
		} else {
			fig := decomposeSeasonal(y, m, sp.season == etsMult)
			for t := range seasonal {
				seasonal[t] = fig[t%m]
			}
		}
		// rev(seasonal[2:m]) in R's 1-based indexing.
		initSeas = make([]float64, m-1)
		for j := 0; j < m-1; j++ {
			initSeas[j] = seasonal[m-1-j]
		}
		sa := make([]float64, n)
		if sp.season == etsAdd {
			for t := range sa {
				sa[t] = y[t] - seasonal[t]
			}
		} else {
			sum := 0.0
			for j := range initSeas {
				initSeas[j] = math.Max(initSeas[j], 0.01)
				sum += initSeas[j]
			}
			if sum > float64(m) {
				sum2 := 0.0
				for j := range initSeas {
					sum2 += initSeas[j] + 0.01
				}
				for j := range initSeas {
					initSeas[j] /= sum2
				}
			}
			for t := range sa {
				sa[t] = y[t] / math.Max(seasonal[t], 0.01)
			}
		}
		ysa = sa
	}
	maxn := min(max(10, 2*m), len(ysa))
	out := make([]float64, 0, 2+len(initSeas))
	if sp.trend == etsNone {
		out = append(out, rMean(ysa[:maxn]))
	} else {
		a, b := lineFit(ysa[:maxn])
		if sp.trend == etsAdd {
			l0, b0 := a, b
			if math.Abs(l0+b0) < 1e-8 {
				l0 *= 1 + 0.001
				b0 *= 1 - 0.001
			}
			out = append(out, l0, b0)
		} else {
			l0 := a + b
			if math.Abs(l0) < 1e-8 {
				l0 = 1e-7
			}
			b0 := (a + 2*b) / l0
			l0 = l0 / b0
			if math.Abs(b0) > 1e10 {
				b0 = math.Copysign(1e10, b0)
			}
			if l0 < 1e-8 || b0 < 1e-8 {
				l0 = math.Max(ysa[0], 0.001)
				b0 = math.Max(ysa[1]/ysa[0], 0.001)
			}
			out = append(out, l0, b0)
		}
	}
	out = append(out, initSeas...)
	return out, nil
}

// lineFit is the least-squares line through (1, y_1), …, (n, y_n); it
// returns intercept and slope (R's lsfit(1:n, y), bit for bit).
func lineFit(y []float64) (a, b float64) {
	return lineFitFrom(1, y)
}

// lineFitFrom fits y on t0, t0+1, … as R's lsfit/.lm.fit (see rLSFit),
// falling back to the closed form if the QR fails.
func lineFitFrom(t0 float64, y []float64) (a, b float64) {
	n := len(y)
	if n == 1 {
		return y[0], 0
	}
	one := make([]float64, n)
	tt := make([]float64, n)
	for i := range one {
		one[i] = 1
		tt[i] = t0 + float64(i)
	}
	if c, ok := rLSFit([][]float64{one, tt}, y); ok {
		return c[0], c[1]
	}
	mx := t0 + float64(n-1)/2
	my := 0.0
	for _, v := range y {
		my += v
	}
	my /= float64(n)
	var sxy, sxx float64
	for i, v := range y {
		dx := tt[i] - mx
		sxy += dx * (v - my)
		sxx += dx * dx
	}
	b = sxy / sxx
	return my - b*mx, b
}

// fourierTrendFit regresses y on an intercept, t = 1..n and the first
// Fourier pair sin(2πt/m), cos(2πt/m) (sine dropped when m = 2), as R's
// tslm(y ~ trend + fourier(y, 1)); it returns the intercept and slope.
func fourierTrendFit(y []float64, m int) ([]float64, bool) {
	n := len(y)
	cols := 4
	if m == 2 {
		cols = 3
	}
	if n < cols {
		return nil, false
	}
	// tslm's design: intercept, trend, S1, C1 (lm's QR, see rLSFit).
	x := make([][]float64, cols)
	for j := range x {
		x[j] = make([]float64, n)
	}
	for t := 0; t < n; t++ {
		tt := float64(t + 1)
		x[0][t], x[1][t] = 1, tt
		c := 2
		if m != 2 {
			x[c][t] = math.Sin(2 * math.Pi * tt / float64(m))
			c++
		}
		x[c][t] = math.Cos(2 * math.Pi * tt / float64(m))
	}
	b, ok := rLSFit(x, y)
	if !ok {
		return nil, false
	}
	return b[:2], true
}

// rMean is the mean of x as R computes it (summary.c: a long-double sum,
// divided by n, then corrected by the mean residual), emulated with a
// compensated (double-double) sum and an FMA-corrected division, which
// gives the correctly rounded mean; R's initial states, and therefore its
// optimiser path, depend on these last bits.
func rMean(x []float64) float64 {
	n := float64(len(x))
	var hi, lo float64
	for _, v := range x {
		s := hi + v
		bp := s - hi
		lo += (hi - (s - bp)) + (v - bp)
		hi = s
	}
	q := hi / n
	rem := math.FMA(-q, n, hi) + lo
	return q + rem/n
}
