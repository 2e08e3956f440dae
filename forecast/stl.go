package forecast

import (
	"fmt"
	"math"
)

// stlDecompose is the STL decomposition y = seasonal + trend + remainder of
// Cleveland et al. (1990) with R's stl defaults for a given seasonal window
// (s.degree 0, t.degree = l.degree = 1, no robustness iterations, two
// inner passes, jumps of ⌈window/10⌉), as forecast::mstl calls it.
//
// References:
//
//	Cleveland, R.B., Cleveland, W.S., McRae, J.E. and Terpenning, I. (1990).
//	STL: A seasonal-trend decomposition procedure based on loess. Journal
//	of Official Statistics 6(1), 3-73.
func stlDecompose(y []float64, period, sWindow int) (seasonal, trend []float64, err error) {
	return stlRun(y, period, sWindow, false)
}

// stlRun is stlDecompose; periodic is R's s.window = "periodic" (window
// 10n+1, then each seasonal value replaced by its cycle-position mean).
func stlRun(y []float64, period, sWindow int, periodic bool) (seasonal, trend []float64, err error) {
	n := len(y)
	if periodic {
		sWindow = 10*n + 1
	}
	if period < 2 || n <= 2*period {
		return nil, nil, fmt.Errorf("%w: STL needs more than two periods (%d values, period %d)", ErrTooShort, n, period)
	}
	nextOdd := func(x float64) int {
		v := int(math.Round(x))
		if v%2 == 0 {
			v++
		}
		return v
	}
	ns := sWindow
	nt := nextOdd(math.Ceil(1.5 * float64(period) / (1 - 1.5/float64(ns))))
	nl := nextOdd(float64(period))
	sjump := int(math.Ceil(float64(ns) / 10))
	tjump := int(math.Ceil(float64(nt) / 10))
	ljump := int(math.Ceil(float64(nl) / 10))
	fixOdd := func(v int) int {
		v = max(3, v)
		if v%2 == 0 {
			v++
		}
		return v
	}
	ns, nt, nl = fixOdd(ns), fixOdd(nt), fixOdd(nl)
	np := max(2, period)
	seasonal = make([]float64, n)
	trend = make([]float64, n)
	s := &stlWork{
		w1: make([]float64, n+2*np), w2: make([]float64, n+2*np), w3: make([]float64, n+2*np),
		w4: make([]float64, n+2*np), w5: make([]float64, n+2*np),
	}
	for iter := 0; iter < 2; iter++ {
		for i := 0; i < n; i++ {
			s.w1[i] = y[i] - trend[i]
		}
		s.subseries(s.w1[:n], np, ns, 0, sjump, s.w2)
		lowPass(s.w2[:n+2*np], np, s.w3, s.w1)
		stless(s.w3[:n], nl, 1, ljump, s.w1[:n], s.w5)
		for i := 0; i < n; i++ {
			seasonal[i] = s.w2[np+i] - s.w1[i]
		}
		for i := 0; i < n; i++ {
			s.w1[i] = y[i] - seasonal[i]
		}
		stless(s.w1[:n], nt, 1, tjump, trend, s.w3)
	}
	if periodic {
		for j := 0; j < period; j++ {
			sum, cnt := 0.0, 0
			for i := j; i < n; i += period {
				sum += seasonal[i]
				cnt++
			}
			for i := j; i < n; i += period {
				seasonal[i] = sum / float64(cnt)
			}
		}
	}
	return seasonal, trend, nil
}

type stlWork struct{ w1, w2, w3, w4, w5 []float64 }

// subseries smooths each cycle-subseries by loess and extends it one
// period at each end (stlss); out has length n + 2np.
func (s *stlWork) subseries(y []float64, np, ns, deg, jump int, out []float64) {
	n := len(y)
	for j := 0; j < np; j++ {
		k := (n-j-1)/np + 1
		sub := make([]float64, k)
		for i := 0; i < k; i++ {
			sub[i] = y[i*np+j]
		}
		sm := make([]float64, k+2)
		res := make([]float64, k)
		stless(sub, ns, deg, jump, sm[1:k+1], res)
		nright := min(ns, k)
		v, ok := stlest(sub, ns, deg, 0, 1, nright, res)
		if !ok {
			v = sm[1]
		}
		sm[0] = v
		nleft := max(1, k-ns+1)
		v, ok = stlest(sub, ns, deg, float64(k+1), nleft, k, res)
		if !ok {
			v = sm[k]
		}
		sm[k+1] = v
		for m := 0; m < k+2; m++ {
			out[m*np+j] = sm[m]
		}
	}
}

// lowPass applies moving averages of lengths np, np and 3 (stlfts); x has
// length n+2np and out receives n values.
func lowPass(x []float64, np int, out, work []float64) {
	n := len(x)
	movingAverage(x, np, work)
	movingAverage(work[:n-np+1], np, out)
	movingAverage(out[:n-2*np+2], 3, work)
	copy(out[:n-2*np], work[:n-2*np])
}

func movingAverage(x []float64, length int, ave []float64) {
	n := len(x)
	newn := n - length + 1
	fl := float64(length)
	v := 0.0
	for i := 0; i < length; i++ {
		v += x[i]
	}
	ave[0] = v / fl
	for j := 1; j < newn; j++ {
		v = v - x[j-1] + x[length+j-1]
		ave[j] = v / fl
	}
}

// stless is loess smoothing of y (positions 1..n) with window length, local
// degree deg, evaluated every jump points and linearly interpolated between.
func stless(y []float64, length, deg, jump int, ys, res []float64) {
	n := len(y)
	if n < 2 {
		ys[0] = y[0]
		return
	}
	newnj := min(jump, n-1)
	nleft, nright := 0, 0
	if length >= n {
		nleft, nright = 1, n
		for i := 1; i <= n; i += newnj {
			v, ok := stlest(y, length, deg, float64(i), nleft, nright, res)
			if !ok {
				v = y[i-1]
			}
			ys[i-1] = v
		}
	} else if newnj == 1 {
		nsh := (length + 1) / 2
		nleft, nright = 1, length
		for i := 1; i <= n; i++ {
			if i > nsh && nright != n {
				nleft++
				nright++
			}
			v, ok := stlest(y, length, deg, float64(i), nleft, nright, res)
			if !ok {
				v = y[i-1]
			}
			ys[i-1] = v
		}
	} else {
		nsh := (length + 1) / 2
		for i := 1; i <= n; i += newnj {
			switch {
			case i < nsh:
				nleft, nright = 1, length
			case i >= n-nsh+1:
				nleft, nright = n-length+1, n
			default:
				nleft, nright = i-nsh+1, length+i-nsh
			}
			v, ok := stlest(y, length, deg, float64(i), nleft, nright, res)
			if !ok {
				v = y[i-1]
			}
			ys[i-1] = v
		}
	}
	if newnj != 1 {
		for i := 1; i <= n-newnj; i += newnj {
			delta := (ys[i+newnj-1] - ys[i-1]) / float64(newnj)
			for j := i + 1; j <= i+newnj-1; j++ {
				ys[j-1] = ys[i-1] + delta*float64(j-i)
			}
		}
		k := ((n-1)/newnj)*newnj + 1
		if k != n {
			v, ok := stlest(y, length, deg, float64(n), nleft, nright, res)
			if !ok {
				v = y[n-1]
			}
			ys[n-1] = v
			if k != n-1 {
				delta := (ys[n-1] - ys[k-1]) / float64(n-k)
				for j := k + 1; j <= n-1; j++ {
					ys[j-1] = ys[k-1] + delta*float64(j-k)
				}
			}
		}
	}
}

// stlest is the local (degree 0 or 1) tricube-weighted fit at xs over
// positions nleft..nright (1-based).
func stlest(y []float64, length, deg int, xs float64, nleft, nright int, w []float64) (float64, bool) {
	n := len(y)
	rng := float64(n) - 1
	h := math.Max(xs-float64(nleft), float64(nright)-xs)
	if length > n {
		h += float64((length - n) / 2)
	}
	h9 := 0.999 * h
	h1 := 0.001 * h
	a := 0.0
	for j := nleft; j <= nright; j++ {
		w[j-1] = 0
		r := math.Abs(float64(j) - xs)
		if r <= h9 {
			if r <= h1 {
				w[j-1] = 1
			} else {
				q := r / h
				q = 1 - q*q*q
				w[j-1] = q * q * q
			}
			a += w[j-1]
		}
	}
	if a <= 0 {
		return 0, false
	}
	for j := nleft; j <= nright; j++ {
		w[j-1] /= a
	}
	if h > 0 && deg > 0 {
		a = 0
		for j := nleft; j <= nright; j++ {
			a += w[j-1] * float64(j)
		}
		b := xs - a
		c := 0.0
		for j := nleft; j <= nright; j++ {
			c += w[j-1] * (float64(j) - a) * (float64(j) - a)
		}
		if math.Sqrt(c) > 0.001*rng {
			b /= c
			for j := nleft; j <= nright; j++ {
				w[j-1] *= b*(float64(j)-a) + 1
			}
		}
	}
	ys := 0.0
	for j := nleft; j <= nright; j++ {
		ys += w[j-1] * y[j-1]
	}
	return ys, true
}

// SeasonalStrength is forecast's seas.heuristic: from the STL decomposition
// of mstl (seasonal window 11),
//
//	F_s = max(0, min(1, 1 - Var(R)/Var(S + R)))
//
// Missing values are filled by linear interpolation first.
//
// References:
//
//	Wang, X., Smith, K.A. and Hyndman, R.J. (2006). Characteristic-based
//	clustering for time series data. Data Mining and Knowledge Discovery
//	13(3), 335-364.
func SeasonalStrength(y []float64, period int) (float64, error) {
	return seasonalStrength(y, period, false)
}

func seasonalStrength(y []float64, period int, periodic bool) (float64, error) {
	x := interpolateMissing(y)
	if x == nil {
		return 0, ErrAllMissing
	}
	seas, trend, err := stlRun(x, period, 11, periodic)
	if err != nil {
		return 0, err
	}
	n := len(x)
	rem := make([]float64, n)
	sr := make([]float64, n)
	for i := range x {
		rem[i] = x[i] - seas[i] - trend[i]
		sr[i] = rem[i] + seas[i]
	}
	vr, vsr := variance(rem), variance(sr)
	return math.Max(0, math.Min(1, 1-vr/vsr)), nil
}

func variance(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return s / float64(len(x)-1)
}

// interpolateMissing fills interior NaNs linearly and end NaNs with the
// nearest value; it returns nil when every value is missing.
func interpolateMissing(y []float64) []float64 {
	x := append([]float64(nil), y...)
	last := -1
	for i, v := range x {
		if math.IsNaN(v) {
			continue
		}
		if last < 0 {
			for j := 0; j < i; j++ {
				x[j] = v
			}
		} else if i-last > 1 {
			for j := last + 1; j < i; j++ {
				x[j] = x[last] + (v-x[last])*float64(j-last)/float64(i-last)
			}
		}
		last = i
	}
	if last < 0 {
		return nil
	}
	for j := last + 1; j < len(x); j++ {
		x[j] = x[last]
	}
	return x
}
