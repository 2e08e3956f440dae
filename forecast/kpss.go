package forecast

import "math"

// KPSS returns the level-stationarity statistic of Kwiatkowski et al. with
// the Bartlett long-run variance over l = ⌊3√n/13⌋ lags (as forecast's
// ndiffs calls urca::ur.kpss), and its p-value interpolated linearly in
// urca's table (0.347, 0.463, 0.574, 0.739 at 10, 5, 2.5, 1%), clamped to
// [0.01, 0.10]:
//
//	η = Σ S_t² / (n² s²(l)),	S_t = Σ_{i≤t} (y_i - ȳ),
//	s²(l) = (Σ e_t² + 2 Σ_{j=1..l} (1 - j/(l+1)) Σ_t e_t e_{t-j}) / n
//
// Missing values are dropped.
//
// References:
//
//	Kwiatkowski, D., Phillips, P.C.B., Schmidt, P. and Shin, Y. (1992).
//	Testing the null hypothesis of stationarity against the alternative of
//	a unit root. Journal of Econometrics 54, 159-178.
func KPSS(y []float64) (stat, pvalue float64) {
	x := dropMissing(y)
	n := len(x)
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	lmax := int(3 * math.Sqrt(float64(n)) / 13)
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	res := make([]float64, n)
	for i, v := range x {
		res[i] = v - mean
	}
	s, num, s2 := 0.0, 0.0, 0.0
	for _, e := range res {
		s += e
		num += s * s
		s2 += e * e
	}
	nf := float64(n)
	num /= nf * nf
	s2 /= nf
	den := s2
	if lmax > 0 {
		acc := 0.0
		for j := 1; j <= lmax; j++ {
			c := 0.0
			for t := j; t < n; t++ {
				c += res[t] * res[t-j]
			}
			acc += (1 - float64(j)/float64(lmax+1)) * c
		}
		den = s2 + 2/nf*acc
	}
	stat = num / den
	cval := []float64{0.347, 0.463, 0.574, 0.739}
	pct := []float64{0.10, 0.05, 0.025, 0.01}
	switch {
	case math.IsNaN(stat):
		pvalue = math.NaN()
	case stat <= cval[0]:
		pvalue = pct[0]
	case stat >= cval[3]:
		pvalue = pct[3]
	default:
		for i := 0; i < 3; i++ {
			if stat <= cval[i+1] {
				f := (stat - cval[i]) / (cval[i+1] - cval[i])
				pvalue = pct[i] + f*(pct[i+1]-pct[i])
				break
			}
		}
	}
	return stat, pvalue
}

func dropMissing(y []float64) []float64 {
	out := make([]float64, 0, len(y))
	for _, v := range y {
		if !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	return out
}

// isConstant is forecast's is.constant: all.equal(x, rep(x[1])) with R's
// default tolerance 1.5e-8 on the mean relative difference.
func isConstant(x []float64) bool {
	if len(x) == 0 {
		return true
	}
	x0 := x[0]
	sumDiff, sumAbs := 0.0, 0.0
	cnt := 0
	for _, v := range x {
		if math.IsNaN(v) {
			continue
		}
		if math.IsNaN(x0) {
			x0 = v
		}
		sumDiff += math.Abs(v - x0)
		sumAbs += math.Abs(v)
		cnt++
	}
	if cnt == 0 || math.IsNaN(x0) {
		return true
	}
	xy := sumDiff / float64(cnt)
	xn := sumAbs / float64(cnt)
	const tol = 1.5e-8
	if xn > tol && !math.IsInf(xn, 0) {
		xy /= xn
	}
	return xy <= tol
}

// NDiffs is forecast's ndiffs with the KPSS test at level alpha (zero means
// 0.05): the number of first differences (at most maxD; zero means 2) after
// which the KPSS test no longer rejects level stationarity.
func NDiffs(y []float64, alpha float64, maxD int) int {
	if alpha == 0 {
		alpha = 0.05
	}
	alpha = math.Min(math.Max(alpha, 0.01), 0.1)
	if maxD == 0 {
		maxD = 2
	}
	x := dropMissing(y)
	d := 0
	if isConstant(x) {
		return 0
	}
	test := func(x []float64) (bool, bool) {
		_, p := KPSS(x)
		if math.IsNaN(p) {
			return false, false
		}
		return p < alpha, true
	}
	dodiff, ok := test(x)
	if !ok {
		return d
	}
	for dodiff && d < maxD {
		d++
		nx := make([]float64, len(x)-1)
		for i := range nx {
			nx[i] = x[i+1] - x[i]
		}
		x = nx
		if isConstant(x) {
			return d
		}
		dodiff, ok = test(x)
		if !ok {
			return d - 1
		}
	}
	return d
}

// NSDiffs is forecast's nsdiffs with the seasonal-strength test: one
// seasonal difference when the STL seasonal strength exceeds 0.64 (at most
// maxD; zero means 1).
func NSDiffs(y []float64, period, maxD int) int {
	if maxD == 0 {
		maxD = 1
	}
	if isConstant(y) || period <= 1 || period >= len(y) {
		return 0
	}
	test := func(x []float64) bool {
		s, err := SeasonalStrength(x, period)
		return err == nil && s > 0.64
	}
	D := 0
	x := y
	dodiff := test(x)
	for dodiff && D < maxD {
		D++
		nx := make([]float64, len(x)-period)
		for i := range nx {
			nx[i] = x[i+period] - x[i]
		}
		x = nx
		if isConstant(x) {
			return D
		}
		if len(x) >= 2*period && D < maxD {
			dodiff = test(x)
		} else {
			dodiff = false
		}
	}
	return D
}
