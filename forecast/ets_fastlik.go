package forecast

import "math"

// etsLik is etsLoglik without outputs, for the optimiser: it returns R's
// lik criterion (NaN where R's etscalc gives NA) and, when wantMSE, the
// one-step MSE on the data scale. The arithmetic is the same as etsLoglik's
// step for step, so both give identical values.
func etsLik(y, x0 []float64, sp etsSpec, p etsParams, buf []float64, wantMSE bool) (lik, mse float64) {
	m := max(sp.m, 1)
	l := x0[0]
	b := 0.0
	si := 1
	if sp.trend != etsNone {
		b = x0[1]
		si = 2
	}
	seasonal := sp.season != etsNone
	if seasonal {
		for j := 0; j < m; j++ {
			buf[j] = x0[si+m-1-j]
		}
	}
	alpha, gamma, phi := p.alpha, p.gamma, p.phi
	ba := p.beta / alpha
	phiOne := math.Abs(phi-1) < etsTol
	mult := sp.err == etsMult
	var sse, denom float64
	prod, prodExp := 1.0, 0
	k := 0
	for _, yi := range y {
		var q, phib float64
		switch sp.trend {
		case etsNone:
			q = l
		case etsAdd:
			phib = phi * b
			q = l + phib
		default:
			if b < 0 {
				return math.NaN(), math.NaN()
			}
			if phiOne {
				phib = b
			} else {
				phib = math.Pow(b, phi)
			}
			q = l * phib
		}
		f := q
		var sOld, pp float64
		switch sp.season {
		case etsNone:
			pp = yi
		case etsAdd:
			sOld = buf[k]
			f = f + sOld
			pp = yi - sOld
		default:
			sOld = buf[k]
			f = f * sOld
			if math.Abs(sOld) < etsTol {
				pp = etsHuge
			} else {
				pp = yi / sOld
			}
		}
		var ei float64
		if mult {
			ei = (yi - f) / f
			// sum log|f| kept as a product renormalised by Frexp when it
			// leaves [1e-150, 1e150]: a Log per step would dominate.
			prod *= math.Abs(f)
			if prod > 1e150 || prod < 1e-150 {
				fr, ex := math.Frexp(prod)
				prod = fr
				prodExp += ex
			}
		} else {
			ei = yi - f
		}
		sse = sse + ei*ei
		if wantMSE {
			denom += 1
			d := yi - f
			mse = (mse*(denom-1) + d*d) / denom
		}
		lNew := q + alpha*(pp-q)
		switch sp.trend {
		case etsAdd:
			b = phib + ba*((lNew-l)-phib)
		case etsMult:
			var r float64
			if math.Abs(l) < etsTol {
				r = etsHuge
			} else {
				r = lNew / l
			}
			b = phib + ba*(r-phib)
		}
		l = lNew
		if seasonal {
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
	}
	lik = float64(len(y)) * math.Log(sse)
	if mult {
		lik += 2 * (math.Log(prod) + float64(prodExp)*math.Ln2)
	}
	return lik, mse
}
