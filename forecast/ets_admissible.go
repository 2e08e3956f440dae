package forecast

import "math"

// etsBounds are R's ets parameter limits: lower and upper for alpha, beta,
// gamma, phi (R's default c(1e-4, 1e-4, 1e-4, 0.8) and c(0.9999, 0.9999,
// 0.9999, 0.98)) and which checks apply.
type etsBounds struct {
	lower, upper [4]float64
	usual        bool // box constraints (with beta <= alpha, gamma <= 1-alpha)
	admissible   bool // characteristic-root admissibility
}

var etsDefaultBounds = etsBounds{
	lower:      [4]float64{1e-4, 1e-4, 1e-4, 0.8},
	upper:      [4]float64{0.9999, 0.9999, 0.9999, 0.98},
	usual:      true,
	admissible: true,
}

// check reports whether p is inside the bounds for the model sp, as
// forecast's EtsTargetFunction::check_params (all parameters of the model
// are being estimated; beta, gamma, phi are ignored when the model lacks a
// trend, season or damping).
func (bd *etsBounds) check(sp etsSpec, p etsParams) bool {
	hasB := sp.trend != etsNone
	hasG := sp.season != etsNone
	if bd.usual {
		if p.alpha < bd.lower[0] || p.alpha > bd.upper[0] {
			return false
		}
		if hasB && (p.beta < bd.lower[1] || p.beta > p.alpha || p.beta > bd.upper[1]) {
			return false
		}
		if sp.damped && (p.phi < bd.lower[3] || p.phi > bd.upper[3]) {
			return false
		}
		if hasG && (p.gamma < bd.lower[2] || p.gamma > 1-p.alpha || p.gamma > bd.upper[2]) {
			return false
		}
	}
	if bd.admissible {
		return etsAdmissible(sp, p)
	}
	return true
}

// etsAdmissible is forecast's admissibility test (Hyndman et al. 2008,
// ch. 10): for non-seasonal models
//
//	1 - 1/phi < alpha < 1 + 1/phi,  alpha(phi-1) < beta < (1+phi)(2-alpha)
//
// and for seasonal models a few linear conditions and then all roots of
//
//	z^{m+1} + (a+b-phi) z^m + (a+b-a phi) (z^{m-1} + … + z^2)
//	        + (a+b-a phi+g-1) z + phi(1-a-g)
//
// inside the circle of radius 1 + 1e-10.
func etsAdmissible(sp etsSpec, p etsParams) bool {
	alpha, beta, gamma, phi := p.alpha, p.beta, p.gamma, p.phi
	if phi < 0 || phi > 1+1e-8 {
		return false
	}
	if sp.season == etsNone {
		if alpha < 1-1/phi || alpha > 1+1/phi {
			return false
		}
		if sp.trend != etsNone {
			if beta < alpha*(phi-1) || beta > (1+phi)*(2-alpha) {
				return false
			}
		}
		return true
	}
	m := sp.m
	if m <= 1 {
		return true
	}
	if sp.trend == etsNone {
		beta = 0
	}
	d := 1 - 1/phi - alpha
	if gamma < math.Max(d, 0) || gamma > 1+1/phi-alpha {
		return false
	}
	if alpha < 1-1/phi-gamma*(1-float64(m)+phi+phi*float64(m))/(2*phi*float64(m)) {
		return false
	}
	if beta < -(1-phi)*(gamma/float64(m)+alpha) {
		return false
	}
	var buf [64]float64
	var c []float64
	if m+2 <= len(buf) {
		c = buf[:m+2]
	} else {
		c = make([]float64, m+2)
	}
	c[0] = 1
	c[1] = alpha + beta - phi
	for i := 0; i < m-2; i++ {
		c[2+i] = alpha + beta - alpha*phi
	}
	c[m] = alpha + beta - alpha*phi + gamma - 1
	c[m+1] = phi * (1 - alpha - gamma)
	if beta == 0 && phi == 1 {
		// Without trend and damping z = 1 is an exact root, on the circle
		// R accepts up to 1 + 1e-10; R's root finder places it at 1 to
		// rounding error and accepts, while the Schur-Cohn recursion is
		// ill-conditioned that close to the circle, so deflate it:
		// p(z) = (z - 1) q(z), q by synthetic division.
		for i := 1; i < len(c)-1; i++ {
			c[i] += c[i-1]
		}
		c = c[:len(c)-1]
	}
	return rootsWithin(c, 1+1e-10)
}

// rootsWithin reports whether every root of c[0] z^d + c[1] z^{d-1} + … + c[d]
// (c[0] != 0) has modulus below r, by the Schur-Cohn (step-down) recursion on
// the polynomial scaled to p(r z): all reflection coefficients must lie in
// (-1, 1). c is overwritten.
func rootsWithin(c []float64, r float64) bool {
	d := len(c) - 1
	// Scale: coefficient of z^{d-i} multiplied by r^{d-i}, then made monic.
	s := 1.0
	for i := d; i >= 0; i-- {
		c[i] *= s
		s *= r
	}
	lead := c[0]
	if lead == 0 {
		return false
	}
	for i := range c {
		c[i] /= lead
	}
	for deg := d; deg >= 1; deg-- {
		k := c[deg]
		if !(math.Abs(k) < 1) {
			return false
		}
		den := 1 - k*k
		for i, j := 1, deg-1; i <= j; i, j = i+1, j-1 {
			ci, cj := c[i], c[j]
			c[i] = (ci - k*cj) / den
			c[j] = (cj - k*ci) / den
		}
	}
	return true
}
