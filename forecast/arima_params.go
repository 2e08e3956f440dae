package forecast

import (
	"math"
	"math/cmplx"
)

// armaSpec is R's arma vector: the orders of one seasonal ARIMA model.
type armaSpec struct {
	p, q, sp, sq, m, d, sd int
}

func (a armaSpec) narma() int { return a.p + a.q + a.sp + a.sq }

// partrans maps p unconstrained values to the coefficients of a stationary
// AR polynomial: tanh gives partial autocorrelations in (-1, 1), and the
// Durbin-Levinson recursion turns them into AR coefficients.
//
//	φ_kk = tanh(u_k),	φ_kj = φ_{k-1,j} - φ_kk φ_{k-1,k-j}
//
// References:
//
//	Jones, R.H. (1980). Maximum likelihood fitting of ARMA models to time
//	series with missing observations. Technometrics 22(3), 389-395.
func partrans(raw, dst []float64) {
	p := len(raw)
	var workArr [128]float64
	work := workArr[:0]
	if p > len(workArr) {
		work = make([]float64, p)
	} else {
		work = workArr[:p]
	}
	for j := 0; j < p; j++ {
		dst[j] = math.Tanh(raw[j])
		work[j] = dst[j]
	}
	for j := 1; j < p; j++ {
		a := dst[j]
		for k := 0; k < j; k++ {
			work[k] -= a * dst[j-k-1]
		}
		copy(dst[:j], work[:j])
	}
}

// invpartrans is the inverse of partrans: the recursion run backwards, then
// atanh.
func invpartrans(phi, dst []float64) {
	p := len(phi)
	work := make([]float64, p)
	copy(dst, phi)
	copy(work, phi)
	for j := p - 1; j > 0; j-- {
		a := dst[j]
		for k := 0; k < j; k++ {
			work[k] = (dst[k] + a*dst[j-k-1]) / (1 - a*a)
		}
		copy(dst[:j], work[:j])
	}
	for j := 0; j < p; j++ {
		dst[j] = math.Atanh(dst[j])
	}
}

// undoPars maps the transformed parameter vector back to coefficients
// (only the AR and seasonal AR blocks are transformed).
func undoPars(a armaSpec, in []float64) []float64 {
	out := append([]float64(nil), in...)
	if a.p > 0 {
		partrans(in[:a.p], out[:a.p])
	}
	v := a.p + a.q
	if a.sp > 0 {
		partrans(in[v:v+a.sp], out[v:v+a.sp])
	}
	return out
}

// invTrans is undoPars inverted.
func invTrans(a armaSpec, in []float64) []float64 {
	out := append([]float64(nil), in...)
	if a.p > 0 {
		invpartrans(in[:a.p], out[:a.p])
	}
	v := a.p + a.q
	if a.sp > 0 {
		invpartrans(in[v:v+a.sp], out[v:v+a.sp])
	}
	return out
}

// gradTrans is the Jacobian of undoPars by forward differences of step
// 1e-3, as R computes it for the coefficient covariance: A[i*n+j] is
// ∂coef_j/∂raw_i.
func gradTrans(a armaSpec, raw []float64) []float64 {
	const eps = 1e-3
	n := len(raw)
	A := make([]float64, n*n)
	for i := 0; i < n; i++ {
		A[i*n+i] = 1
	}
	block := func(off, k int) {
		w1 := append([]float64(nil), raw[off:off+k]...)
		w2 := make([]float64, k)
		w3 := make([]float64, k)
		partrans(w1, w2)
		for i := 0; i < k; i++ {
			w1[i] += eps
			partrans(w1, w3)
			for j := 0; j < k; j++ {
				A[(i+off)*n+j+off] = (w3[j] - w2[j]) / eps
			}
			w1[i] -= eps
		}
	}
	if a.p > 0 {
		block(0, a.p)
	}
	if a.sp > 0 {
		block(a.p+a.q, a.sp)
	}
	return A
}

// expandARMA multiplies out the seasonal polynomials:
//
//	φ(B) = (1 - Σ ar_i B^i)(1 - Σ sar_j B^{jm}),	θ(B) = (1 + Σ ma_i B^i)(1 + Σ sma_j B^{jm})
//
// and returns the coefficients φ_1..φ_{p+mP} and θ_1..θ_{q+mQ}. params holds
// the ARMA coefficients (already untransformed).
func expandARMA(a armaSpec, params, phi, theta []float64) ([]float64, []float64) {
	np := a.p + a.m*a.sp
	nq := a.q + a.m*a.sq
	phi = resize(phi, np)
	theta = resize(theta, nq)
	for i := range phi {
		phi[i] = 0
	}
	for i := range theta {
		theta[i] = 0
	}
	copy(phi, params[:a.p])
	copy(theta, params[a.p:a.p+a.q])
	for j := 0; j < a.sp; j++ {
		s := params[a.p+a.q+j]
		phi[(j+1)*a.m-1] += s
		for i := 0; i < a.p; i++ {
			phi[(j+1)*a.m+i] -= params[i] * s
		}
	}
	for j := 0; j < a.sq; j++ {
		s := params[a.p+a.q+a.sp+j]
		theta[(j+1)*a.m-1] += s
		for i := 0; i < a.q; i++ {
			theta[(j+1)*a.m+i] += params[a.p+i] * s
		}
	}
	return phi, theta
}

func resize(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}

// polyRoots returns the roots of c[0] + c[1] z + … + c[n] z^n (c[n] != 0)
// by the Aberth-Ehrlich simultaneous iteration.
func polyRoots(c []float64) []complex128 {
	n := len(c) - 1
	for n > 0 && c[n] == 0 {
		n--
	}
	if n <= 0 {
		return nil
	}
	// Monic coefficients, highest first.
	a := make([]complex128, n+1)
	for i := 0; i <= n; i++ {
		a[i] = complex(c[n-i]/c[n], 0)
	}
	eval := func(z complex128) (complex128, complex128) {
		p, dp := a[0], complex(0, 0)
		for i := 1; i <= n; i++ {
			dp = dp*z + p
			p = p*z + a[i]
		}
		return p, dp
	}
	// Initial guesses on a circle whose radius is the geometric mean of the
	// root moduli (|a_n|^(1/n)), bounded away from zero.
	rad := math.Pow(cmplx.Abs(a[n]), 1/float64(n))
	if rad == 0 || math.IsNaN(rad) {
		rad = 1
	}
	z := make([]complex128, n)
	for k := range z {
		ang := 2*math.Pi*float64(k)/float64(n) + 0.4
		z[k] = cmplx.Rect(rad, ang)
	}
	for iter := 0; iter < 500; iter++ {
		moved := 0.0
		for k := range z {
			p, dp := eval(z[k])
			if p == 0 {
				continue
			}
			ratio := p / dp
			sum := complex(0, 0)
			for j := range z {
				if j != k {
					sum += 1 / (z[k] - z[j])
				}
			}
			w := ratio / (1 - ratio*sum)
			if cmplx.IsNaN(w) || cmplx.IsInf(w) {
				continue
			}
			z[k] -= w
			if m := cmplx.Abs(w) / math.Max(cmplx.Abs(z[k]), 1e-300); m > moved {
				moved = m
			}
		}
		if moved < 1e-15 {
			break
		}
	}
	// A few Newton polishing steps on each root.
	for k := range z {
		for it := 0; it < 3; it++ {
			p, dp := eval(z[k])
			if dp == 0 {
				break
			}
			z[k] -= p / dp
		}
	}
	return z
}

// minRootModulus returns the smallest |z| over the roots of 1 + Σ sign·c_i z^i
// (sign -1 for AR, +1 for MA), or +Inf when the polynomial is constant.
func minRootModulus(c []float64, sign float64) float64 {
	last := -1
	for i, v := range c {
		if v != 0 {
			last = i
		}
	}
	if last < 0 {
		return math.Inf(1)
	}
	poly := make([]float64, last+2)
	poly[0] = 1
	for i := 0; i <= last; i++ {
		poly[i+1] = sign * c[i]
	}
	m := math.Inf(1)
	for _, r := range polyRoots(poly) {
		if a := cmplx.Abs(r); a < m {
			m = a
		}
	}
	return m
}

// arStationary is R's arCheck: all roots of 1 - Σ ar_i z^i outside the unit
// circle.
func arStationary(ar []float64) bool {
	return minRootModulus(ar, -1) > 1
}

// maInvert reflects the roots of 1 + Σ ma_i z^i that lie inside the unit
// circle to the outside, giving the invertible MA polynomial with the same
// autocovariances (R's arima maInvert).
func maInvert(ma []float64) []float64 {
	q := len(ma)
	q0 := -1
	for i, v := range ma {
		if v != 0 {
			q0 = i
		}
	}
	q0++
	if q0 == 0 {
		return ma
	}
	poly := make([]float64, q0+1)
	poly[0] = 1
	copy(poly[1:], ma[:q0])
	roots := polyRoots(poly)
	any := false
	for _, r := range roots {
		if cmplx.Abs(r) < 1 {
			any = true
		}
	}
	if !any {
		return ma
	}
	out := make([]float64, q)
	if q0 == 1 {
		out[0] = 1 / ma[0]
		return out
	}
	x := []complex128{1}
	for _, r := range roots {
		if cmplx.Abs(r) < 1 {
			r = 1 / r
		}
		nx := make([]complex128, len(x)+1)
		for i := range x {
			nx[i] += x[i]
			nx[i+1] -= x[i] / r
		}
		x = nx
	}
	for i := 0; i < q0; i++ {
		out[i] = real(x[i+1])
	}
	return out
}
