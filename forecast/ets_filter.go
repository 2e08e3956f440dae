package forecast

import "math"

// Component codes of an ETS model, as in R's etscalc.
const (
	etsNone = 0
	etsAdd  = 1
	etsMult = 2
)

const (
	etsTol  = 1e-10 // TOL in forecast's etscalc.c
	etsHuge = 1e10  // HUGEN in forecast's etscalc.c
)

// etsSpec is the structure of one ETS model: error, trend and season codes,
// damping and the seasonal period (1 for a non-seasonal model).
type etsSpec struct {
	err, trend, season int
	damped             bool
	m                  int
}

// nstate is the number of states (level, slope, m seasonal states).
func (s etsSpec) nstate() int {
	n := 1
	if s.trend != etsNone {
		n++
	}
	if s.season != etsNone {
		n += s.m
	}
	return n
}

// etsParams are the smoothing parameters; beta, gamma and phi hold 0, 0 and
// 1 when the model has no trend, no season or no damping, as R's etscalc
// receives them.
type etsParams struct {
	alpha, beta, gamma, phi float64
}

// etsRun holds the outputs of one pass of the filter.
type etsRun struct {
	lik  float64 // n log(SSE) [+ 2 sum log|yhat|]
	mse  float64 // running mean of squared one-step errors on the data scale
	nobs int
}

// etsLoglik runs the ETS recursions of Hyndman et al. (2008, ch. 2) over y
// from the initial state x0 (R order: l, b, s_0, s_-1, …, s_{1-m}) and returns
// R's "lik" criterion
//
//	lik = n log(sum e_t^2) [+ 2 sum log|yhat_t|  for multiplicative error]
//
// with e_t = y_t - yhat_t (additive error) or (y_t - yhat_t)/yhat_t
// (multiplicative error), and the one-step MSE on the data scale. It returns
// lik = NaN where R's etscalc returns NA (a negative multiplicative slope).
// buf must have length m; it is used for the seasonal ring buffer. When e,
// fits or states are non-nil they receive the errors, one-step forecasts and
// the states after each observation (states: (n+1) rows of nstate values).
func etsLoglik(y, x0 []float64, sp etsSpec, p etsParams, buf, e, fits, states []float64) etsRun {
	m := sp.m
	if m < 1 {
		m = 1
	}
	l := x0[0]
	b := 0.0
	si := 1
	if sp.trend != etsNone {
		b = x0[1]
		si = 2
	}
	// The ring buffer holds the seasonal states chronologically: buf[k] is
	// s_{t-m}, the state applied to y_t; buf[k-1] (mod m) is s_{t-1}.
	k := 0
	if sp.season != etsNone {
		for j := 0; j < m; j++ {
			buf[j] = x0[si+m-1-j]
		}
	}
	ns := sp.nstate()
	if states != nil {
		copy(states[:ns], x0[:ns])
	}
	alpha, beta, gamma, phi := p.alpha, p.beta, p.gamma, p.phi
	var sse, lik2, mse, denom float64
	nobs := 0
	mult := sp.err == etsMult
	prod, prodExp := 1.0, 0
	for i, yi := range y {
		// One-step forecast.
		var q, phib float64
		switch sp.trend {
		case etsNone:
			q = l
		case etsAdd:
			phib = phi * b
			q = l + phib
		default:
			if b < 0 {
				return etsRun{lik: math.NaN(), mse: math.NaN()}
			}
			if math.Abs(phi-1) < etsTol {
				phib = b
			} else {
				phib = math.Pow(b, phi)
			}
			q = l * phib
		}
		f := q
		sOld := 0.0
		if sp.season != etsNone {
			sOld = buf[k]
			if sp.season == etsAdd {
				f = f + sOld
			} else {
				f = f * sOld
			}
		}
		var ei float64
		if sp.err == etsAdd {
			ei = yi - f
		} else {
			ei = (yi - f) / f
		}
		if e != nil {
			e[i] = ei
		}
		if fits != nil {
			fits[i] = f
		}
		denom += 1
		d := yi - f
		mse = (mse*(denom-1) + d*d) / denom

		// State update.
		var pp float64
		switch sp.season {
		case etsNone:
			pp = yi
		case etsAdd:
			pp = yi - sOld
		default:
			if math.Abs(sOld) < etsTol {
				pp = etsHuge
			} else {
				pp = yi / sOld
			}
		}
		lNew := q + alpha*(pp-q)
		if sp.trend != etsNone {
			var r float64
			if sp.trend == etsAdd {
				r = lNew - l
			} else if math.Abs(l) < etsTol {
				r = etsHuge
			} else {
				r = lNew / l
			}
			b = phib + (beta/alpha)*(r-phib)
		}
		l = lNew
		if sp.season != etsNone {
			var t float64
			if sp.season == etsAdd {
				t = yi - q
			} else if math.Abs(q) < etsTol {
				t = etsHuge
			} else {
				t = yi / q
			}
			buf[k] = sOld + gamma*(t-sOld)
			k++
			if k == m {
				k = 0
			}
		}
		if states != nil {
			row := states[(i+1)*ns : (i+2)*ns]
			row[0] = l
			if sp.trend != etsNone {
				row[1] = b
			}
			if sp.season != etsNone {
				// R order: s_t (most recent) first.
				kk := k
				for j := 0; j < m; j++ {
					kk--
					if kk < 0 {
						kk = m - 1
					}
					row[si+j] = buf[kk]
				}
			}
		}
		sse = sse + ei*ei
		if mult {
			// sum log|f| kept as a normalised product (mantissa, exponent):
			// one Frexp per step instead of a Log.
			prod *= math.Abs(f)
			fr, ex := math.Frexp(prod)
			prod = fr
			prodExp += ex
		}
		nobs++
	}
	lik := float64(nobs) * math.Log(sse)
	if mult {
		lik2 = math.Log(prod) + float64(prodExp)*math.Ln2
		lik += 2 * lik2
	}
	return etsRun{lik: lik, mse: mse, nobs: nobs}
}

// etsPointForecast writes the h-step point forecasts from the state x (R
// order) into f: yhat(h) = l + phi_h b (additive trend), l b^phi_h
// (multiplicative trend), phi_h = phi + … + phi^h, times or plus the
// seasonal state of the same phase. With rCompat it reproduces R's
// etsforecast (forecast 8.20), whose damping sum is phi_h = phi + phi +
// phi^2 + … + phi^{h-1}; R uses that for simulated-interval forecasts and
// the in-sample AMSE. It returns false where R returns NA (a negative
// multiplicative slope).
func etsPointForecast(f, x []float64, sp etsSpec, phi float64, rCompat bool) bool {
	inc := 2
	if rCompat {
		inc = 1
	}
	m := sp.m
	if m < 1 {
		m = 1
	}
	l := x[0]
	b := 0.0
	si := 1
	if sp.trend != etsNone {
		b = x[1]
		si = 2
	}
	phistar := phi
	for i := range f {
		switch sp.trend {
		case etsNone:
			f[i] = l
		case etsAdd:
			f[i] = l + phistar*b
		default:
			if b < 0 {
				return false
			}
			f[i] = l * math.Pow(b, phistar)
		}
		j := m - 1 - i
		for j < 0 {
			j += m
		}
		switch sp.season {
		case etsAdd:
			f[i] = f[i] + x[si+j]
		case etsMult:
			f[i] = f[i] * x[si+j]
		}
		if i < len(f)-1 {
			if math.Abs(phi-1) < etsTol {
				phistar = phistar + 1
			} else {
				phistar = phistar + math.Pow(phi, float64(i+inc))
			}
		}
	}
	return true
}

// etsAMSE returns the mean of the in-sample 1..nmse-step MSEs (R's amse)
// given the states after each observation (rows of nstate values).
func etsAMSE(y, states []float64, sp etsSpec, phi float64, nmse int) (amse []float64) {
	n := len(y)
	ns := sp.nstate()
	amse = make([]float64, nmse)
	denom := make([]float64, nmse)
	f := make([]float64, nmse)
	for i := 0; i < n; i++ {
		etsPointForecast(f, states[i*ns:(i+1)*ns], sp, phi, true)
		for j := 0; j < nmse; j++ {
			if i+j < n {
				denom[j]++
				tmp := y[i+j] - f[j]
				amse[j] = (amse[j]*(denom[j]-1) + tmp*tmp) / denom[j]
			}
		}
	}
	return amse
}
