package hpo

import "math"

// Standard normal helpers for the truncated normals of the Parzen
// estimators, following optuna/samplers/_tpe/_truncnorm.py (3.1): the mass of
// an interval is computed in the tail where it is accurate, and quantiles are
// found through log Φ.

const logSqrt2Pi = 0.91893853320467274178 // log √(2π)

// ndtr is Φ(a), the standard normal CDF.
func ndtr(a float64) float64 {
	return 0.5 * math.Erfc(-a/math.Sqrt2)
}

// logNdtr is log Φ(a), with the asymptotic series below −20 (scipy's
// log_ndtr).
func logNdtr(a float64) float64 {
	if a > 6 {
		return -ndtr(-a) // log(1 − ε) ≈ −ε
	}
	if a > -20 {
		return math.Log(ndtr(a))
	}
	logLHS := -0.5*a*a - math.Log(-a) - 0.5*math.Log(2*math.Pi)
	last, rhs, numer, denomFactor := 0.0, 1.0, 1.0, 1.0
	denomCons := 1 / (a * a)
	sign := 1.0
	for i := 1; math.Abs(last-rhs) > 0x1p-52 && i < 100; i++ {
		last = rhs
		sign = -sign
		denomFactor *= denomCons
		numer *= float64(2*i - 1)
		rhs += sign * numer * denomFactor
	}
	return logLHS + math.Log(rhs)
}

// logDiff is log(e^p − e^q) for p ≥ q.
func logDiff(p, q float64) float64 { return p + math.Log1p(-math.Exp(q-p)) }

// logSum is log(e^p + e^q).
func logSum(p, q float64) float64 {
	if math.IsInf(p, -1) {
		return q
	}
	if math.IsInf(q, -1) {
		return p
	}
	m := math.Max(p, q)
	return m + math.Log(math.Exp(p-m)+math.Exp(q-m))
}

// logGaussMass is log(Φ(b) − Φ(a)) for a ≤ b.
func logGaussMass(a, b float64) float64 {
	switch {
	case b <= 0:
		return logDiff(logNdtr(b), logNdtr(a))
	case a > 0:
		return logDiff(logNdtr(-a), logNdtr(-b))
	default:
		return math.Log1p(-ndtr(a) - ndtr(-b))
	}
}

// ndtriExp is Φ⁻¹(e^y).
func ndtriExp(y float64) float64 {
	p := math.Exp(y)
	switch {
	case p == 0:
		// Far left tail: bisection on log Φ, as Optuna does everywhere.
		lo, hi := -100.0, 0.0
		for range 100 {
			m := (lo + hi) / 2
			if logNdtr(m) < y {
				lo = m
			} else {
				hi = m
			}
		}
		return (lo + hi) / 2
	case p < 0.5:
		return -math.Sqrt2 * math.Erfcinv(2*p)
	default:
		return math.Sqrt2 * math.Erfcinv(-2*math.Expm1(y))
	}
}

// truncnormPPF is the q-quantile of the standard normal truncated to [a, b].
func truncnormPPF(q, a, b float64) float64 {
	if q <= 0 {
		return a
	}
	if q >= 1 {
		return b
	}
	var x float64
	if a < 0 {
		x = ndtriExp(logSum(logNdtr(a), math.Log(q)+logGaussMass(a, b)))
	} else {
		x = -ndtriExp(logSum(logNdtr(-b), math.Log1p(-q)+logGaussMass(a, b)))
	}
	return math.Max(a, math.Min(b, x))
}
