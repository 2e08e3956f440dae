package forecast

import "math"

// cssResiduals computes the conditional-sum-of-squares residuals of R's
// ARIMA_CSS: the series is differenced (d times at lag 1, D times at lag m)
// and the ARMA recursion
//
//	e_t = w_t - Σ φ_j w_{t-j} - Σ θ_j e_{t-j}	(t ≥ ncond, e_t = 0 before)
//
// is run from t = ncond. It returns Σe²/ν over the ν finite residuals;
// resid (length n, may be nil) receives e with zeros before ncond.
func cssResiduals(y []float64, a armaSpec, phi, theta []float64, ncond int, w, resid []float64) float64 {
	n := len(y)
	copy(w, y)
	for i := 0; i < a.d; i++ {
		for l := n - 1; l > 0; l-- {
			w[l] -= w[l-1]
		}
	}
	for i := 0; i < a.sd; i++ {
		for l := n - 1; l >= a.m; l-- {
			w[l] -= w[l-a.m]
		}
	}
	for l := 0; l < ncond && l < n; l++ {
		resid[l] = 0
	}
	p, q := len(phi), len(theta)
	ssq := 0.0
	nu := 0
	for l := ncond; l < n; l++ {
		tmp := w[l]
		for j := 0; j < p; j++ {
			tmp -= phi[j] * w[l-j-1]
		}
		jm := min(l-ncond, q)
		for j := 0; j < jm; j++ {
			tmp -= theta[j] * resid[l-j-1]
		}
		resid[l] = tmp
		if !math.IsNaN(tmp) {
			nu++
			ssq += tmp * tmp
		}
	}
	return ssq / float64(nu)
}
