package metrics

import "math"

// This file computes the survival function of the two-sided one-sample
// Kolmogorov-Smirnov statistic D_n, P(D_n >= x), the way scipy 1.10's
// kstwo.sf does (scipy.stats._ksstats._kolmogn with cdf=False): exact
// formulas at the extremes, Durbin's matrix (Marsaglia-Tsang-Wang),
// Pomeranz's recursion, twice the one-sided Smirnov tail, or the Pelz-Good
// expansion, chosen by the rules of Simard and L'Ecuyer (2011). KS2 uses it
// for the asymptotic two-sample p-value.

const (
	kolmE128  = 128
	kolmLogE8 = -708 // scipy's _MIN_LOG
)

var (
	kolmEP128 = math.Ldexp(1, kolmE128)
	kolmEM128 = math.Ldexp(1, -kolmE128)
)

// kolmogorovSF is P(D_n >= x) (scipy.stats.kstwo.sf(x, n)).
func kolmogorovSF(n int, x float64) float64 {
	if n <= 0 || math.IsNaN(x) {
		return math.NaN()
	}
	fn := float64(n)
	if x <= 0.5/fn { // at or below the support
		return 1
	}
	if x >= 1 {
		return 0
	}
	t := fn * x
	if t <= 1 { // Ruben-Gambino: 1/(2n) <= x <= 1/n
		var prob float64
		if n <= 140 {
			prob = 1
			for i := 1; i <= n; i++ {
				prob *= float64(i) * (1 / fn) * (2*t - 1)
			}
		} else {
			prob = math.Exp(logFactorialOverPower(fn) + fn*math.Log(2*t-1))
		}
		return clip01(1 - prob)
	}
	if t >= fn-1 { // Ruben-Gambino
		return clip01(2 * math.Pow(1-x, fn))
	}
	if x >= 0.5 { // exact: twice the one-sided tail
		return clip01(2 * smirnovSF(n, x))
	}
	nxx := t * x
	if n <= 140 {
		switch {
		case nxx <= 0.754693:
			return clip01(1 - kolmogorovDurbin(n, x))
		case nxx <= 4:
			return clip01(1 - kolmogorovPomeranz(n, x))
		}
		return clip01(2 * smirnovSF(n, x))
	}
	if nxx >= 370 {
		return 0
	}
	if nxx >= 2.2 {
		return clip01(2 * smirnovSF(n, x))
	}
	var cdf float64
	switch {
	case nxx >= 18:
		cdf = 1
	case n <= 100000 && fn*math.Pow(x, 1.5) <= 1.4:
		cdf = kolmogorovDurbin(n, x)
	default:
		cdf = kolmogorovPelzGood(n, x)
	}
	return clip01(1 - clip01(cdf))
}

func clip01(p float64) float64 { return min(max(p, 0), 1) }

// logFactorialOverPower is log(n!/n^n) by Stirling's series with the
// n log n terms removed first (scipy's _log_nfactorial_div_n_pow_n).
func logFactorialOverPower(n float64) float64 {
	coef := [...]float64{-2.955065359477124183e-2, 6.4102564102564102564e-3,
		-1.9175269175269175269e-3, 8.4175084175084175084e-4,
		-5.952380952380952381e-4, 7.9365079365079365079e-4,
		-2.7777777777777777778e-3, 8.3333333333333333333e-2}
	rn := 1 / n
	z := rn / n
	p := 0.0
	for _, c := range coef {
		p = p*z + c
	}
	return math.Log(n)/2 - n + math.Log(2*math.Pi)/2 + rn*p
}

// stirlingErr is δ(k) = log k! - ((k+½) log k - k + ½ log 2π).
func stirlingErr(k float64) float64 {
	if k <= 15 {
		lg, _ := math.Lgamma(k + 1)
		return lg - (k+0.5)*math.Log(k) + k - 0.5*math.Log(2*math.Pi)
	}
	k2 := k * k
	return (1.0/12 - (1.0/360-(1.0/1260-(1.0/1680-1.0/(1188*k2))/k2)/k2)/k2) / k
}

// smirnovSF is the one-sided tail P(D+_n >= x), Smirnov's (Birnbaum-Tingey)
// sum of positive terms
//
//	sum_{v=0}^{floor(n(1-x))} C(n,v) x (x + v/n)^(v-1) (1 - x - v/n)^(n-v)
//
// with each term's logarithm written as v log1p(nx/v) + (n-v) log1p(-nx/(n-v))
// plus Stirling corrections, so no large logarithms cancel. scipy evaluates
// the same sum in double-double arithmetic.
func smirnovSF(n int, x float64) float64 {
	if x <= 0 {
		return 1
	}
	if x >= 1 {
		return 0
	}
	fn := float64(n)
	nx := fn * x
	// ceil(n x) exactly, from the rounding error of the product.
	c := math.Ceil(nx)
	if nx == c && math.FMA(fn, x, -nx) > 0 {
		c++
	}
	last := n - int(c)
	sum := math.Exp(fn * math.Log1p(-x)) // v = 0: (1-x)^n
	dn := stirlingErr(fn)
	for v := 1; v <= last; v++ {
		fv := float64(v)
		rest := fn - fv
		lt := fv*math.Log1p(nx/fv) + rest*math.Log1p(-nx/rest) +
			0.5*math.Log(fn/(2*math.Pi*fv*rest)) + math.Log(nx/(nx+fv)) +
			dn - stirlingErr(fv) - stirlingErr(rest)
		sum += math.Exp(lt)
	}
	return sum
}

// kolmogorovDurbin is P(D_n <= d) by Durbin's matrix method as Marsaglia,
// Tsang and Wang (2003) compute it (scipy's _kolmogn_DMTW).
func kolmogorovDurbin(n int, d float64) float64 {
	if d >= 1 {
		return 1
	}
	fn := float64(n)
	nd := fn * d
	if nd <= 0.5 {
		return 0
	}
	k := int(math.Ceil(nd))
	h := float64(k) - nd
	m := 2*k - 1
	v := make([]float64, m)
	w := make([]float64, m)
	fac := 1.0
	for j := 1; j <= m; j++ {
		w[j-1] = fac
		fac /= float64(j)
		v[j-1] = (1 - math.Pow(h, float64(j))) * fac
	}
	tt := math.Pow(max(2*h-1, 0), float64(m)) - 2*math.Pow(h, float64(m))
	v[m-1] = (1 + tt) * fac
	H := make([]float64, m*m)
	for i := 1; i < m; i++ {
		for r := i - 1; r < m; r++ {
			H[r*m+i] = w[r-(i-1)]
		}
	}
	for r := 0; r < m; r++ {
		H[r*m] = v[r]
	}
	for c := 0; c < m; c++ {
		H[(m-1)*m+c] = v[m-1-c]
	}
	P := make([]float64, m*m) // the running power, scaled by 2^expnt
	for i := 0; i < m; i++ {
		P[i*m+i] = 1
	}
	tmp := make([]float64, m*m)
	expnt, hExpnt := 0, 0
	for nn := n; nn > 0; nn /= 2 {
		if nn%2 == 1 {
			matMul(tmp, P, H, m)
			P, tmp = tmp, P
			expnt += hExpnt
		}
		matMul(tmp, H, H, m)
		H, tmp = tmp, H
		hExpnt *= 2
		if math.Abs(H[(k-1)*m+k-1]) > kolmEP128 {
			for i := range H {
				H[i] /= kolmEP128
			}
			hExpnt += kolmE128
		}
	}
	p := P[(k-1)*m+k-1]
	for i := 1; i <= n; i++ {
		p = float64(i) * p / fn
		if math.Abs(p) < kolmEM128 {
			p *= kolmEP128
			expnt -= kolmE128
		}
	}
	if expnt != 0 {
		p = math.Ldexp(p, expnt)
	}
	return clip01(p)
}

// matMul sets dst = a b for m×m row-major matrices.
func matMul(dst, a, b []float64, m int) {
	clear(dst)
	for i := 0; i < m; i++ {
		row := dst[i*m : i*m+m]
		for l := 0; l < m; l++ {
			ail := a[i*m+l]
			if ail == 0 {
				continue
			}
			bl := b[l*m : l*m+m]
			for j := range row {
				row[j] += ail * bl[j]
			}
		}
	}
}

// pomeranzJ returns the endpoints of the non-zero interval of row i.
func pomeranzJ(i, n, ll, ceilf, roundf int) (int, int) {
	var j1, j2 int
	if i == 0 {
		j1, j2 = -ll-ceilf-1, ll+ceilf-1
	} else {
		ip1div2, ip1mod2 := (i+1)/2, (i+1)%2
		switch {
		case ip1mod2 == 0 && ip1div2 == n+1:
			j1, j2 = n-ll-ceilf-1, n+ll+ceilf-1
		case ip1mod2 == 0:
			j1, j2 = ip1div2-1-ll-roundf-1, ip1div2+ll-1+ceilf-1
		default:
			j1, j2 = ip1div2-1-ll-1, ip1div2+ll+roundf-1
		}
	}
	return max(j1+2, 0), min(j2, n)
}

// kolmogorovPomeranz is P(D_n <= x) by Pomeranz's (1974) recursion
// (scipy's _kolmogn_Pomeranz).
func kolmogorovPomeranz(n int, x float64) float64 {
	fn := float64(n)
	t := fn * x
	ll := int(math.Floor(t))
	f := t - float64(ll)
	g := min(f, 1-f)
	ceilf, roundf := 0, 0
	if f > 0 {
		ceilf = 1
	}
	if f > 0.5 {
		roundf = 1
	}
	npwrs := 2 * (ll + 1)
	gpower := make([]float64, npwrs)
	twogpower := make([]float64, npwrs)
	onem2gpower := make([]float64, npwrs)
	gpower[0], twogpower[0], onem2gpower[0] = 1, 1, 1
	gN, twoGN, oneM2GN := g/fn, 2*g/fn, (1-2*g)/fn
	for m := 1; m < npwrs; m++ {
		fm := float64(m)
		gpower[m] = gpower[m-1] * gN / fm
		twogpower[m] = twogpower[m-1] * twoGN / fm
		onem2gpower[m] = onem2gpower[m-1] * oneM2GN / fm
	}
	V0 := make([]float64, npwrs)
	V1 := make([]float64, npwrs)
	V1[0] = 1
	V0s, V1s := 0, 0
	expnt := 0
	j1, j2 := pomeranzJ(0, n, ll, ceilf, roundf)
	conv := make([]float64, 2*npwrs)
	for i := 1; i < 2*n+2; i++ {
		k1 := j1
		V0, V1 = V1, V0
		V0s, V1s = V1s, V0s
		clear(V1)
		j1, j2 = pomeranzJ(i, n, ll, ceilf, roundf)
		pwrs := onem2gpower
		switch {
		case i == 1 || i == 2*n+1:
			pwrs = gpower
		case i%2 == 1:
			pwrs = twogpower
		}
		ln2 := j2 - k1 + 1
		if ln2 > 0 {
			a := V0[k1-V0s : k1-V0s+ln2]
			b := pwrs[:ln2]
			cv := conv[:2*ln2-1]
			clear(cv)
			for p, ap := range a {
				for q, bq := range b {
					cv[p+q] += ap * bq
				}
			}
			start, cnt := j1-k1, j2-j1+1
			copy(V1[:cnt], cv[start:start+cnt])
			mx := 0.0
			for _, u := range V1 {
				mx = max(mx, u)
			}
			if mx > 0 && mx < kolmEM128 {
				for i := range V1 {
					V1[i] *= kolmEP128
				}
				expnt -= kolmE128
			}
			V1s = V0s + j1 - k1
		}
	}
	ans := V1[n-V1s]
	for m := 1; m <= n; m++ {
		if math.Abs(ans) > kolmEP128 {
			ans *= kolmEM128
			expnt += kolmE128
		}
		ans *= float64(m)
	}
	if expnt != 0 {
		ans = math.Ldexp(ans, expnt)
	}
	return clip01(ans)
}

// kolmogorovPelzGood is the Pelz-Good (1976) approximation of P(D_n <= x)
// (scipy's _kolmogn_PelzGood).
func kolmogorovPelzGood(n int, x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	fn := float64(n)
	z := math.Sqrt(fn) * x
	z2, z3, z4, z6 := z*z, z*z*z, z*z*z*z, math.Pow(z, 6)
	pi2 := math.Pi * math.Pi
	pi4, pi6 := pi2*pi2, pi2*pi2*pi2
	qlog := -pi2 / 8 / z2
	if qlog < kolmLogE8 {
		return 0
	}
	q := math.Exp(qlog)
	k1a, k1b := -z2, pi2/4
	k2a := 6*z6 + 2*z4
	k2b := (2*z4 - 5*z2) * pi2 / 4
	k2c := pi4 * (1 - 2*z2) / 16
	k3d := pi6 * (5 - 30*z2) / 64
	k3c := pi4 * (-60*z2 + 212*z4) / 16
	k3b := pi2 * (135*z4 - 96*z6) / 4
	k3a := -30*z6 - 90*math.Pow(z, 8)
	var K [4]float64
	maxk := int(math.Ceil(16 * z / math.Pi))
	for k := maxk; k > 0; k-- {
		m := float64(2*k - 1)
		m2 := m * m
		m4, m6 := m2*m2, m2*m2*m2
		qp := math.Pow(q, float64(8*k))
		c := [4]float64{1, k1a + k1b*m2, k2a + k2b*m2 + k2c*m4, k3a + k3b*m2 + k3c*m4 + k3d*m6}
		for i := range K {
			K[i] = K[i]*qp + c[i]
		}
	}
	sqrt2pi := math.Sqrt(2 * math.Pi)
	div := [4]float64{z, 6 * z4, 72 * math.Pow(z, 7), 6480 * math.Pow(z, 10)}
	for i := range K {
		K[i] = K[i] * q * sqrt2pi / div[i]
	}
	q = math.Exp(-pi2 / 2 / z2)
	sqrt3z := math.Sqrt(3) * z
	var k2extra, k3extra float64
	for k := maxk; k > 0; k-- {
		fk := float64(k)
		k2 := fk * fk
		qp := math.Pow(q, k2)
		k2extra += k2 * qp
		kpi := math.Pi * fk
		k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp
	}
	K[2] += k2extra * pi2 * sqrt2pi / (-36 * z3)
	K[3] += k3extra * pi2 * sqrt2pi / (216 * z6)
	sum := 0.0
	for i := range K {
		sum += K[i] / math.Pow(fn, float64(i)/2)
	}
	return sum
}
