package survival

import (
	"math"
)

// riskPass holds per sorted row the hazard terms of the fitted model that
// the residuals need.
type riskPass struct {
	score []float64 // exp(eta)
	hh    []float64 // sum of hazard increments over the steps the row is at risk (Efron-weighted at its own death)
	xh    []float64 // n*p: the same sum weighted by xbar (scaled covariates), nil unless asked
	xb    []float64 // n*p: for deaths, xbar at the death time (averaged over Efron's steps)
}

// pass computes the risk-set hazard terms at beta (scaled), as R's coxmart,
// coxscore2 and coxscho (and agscore3 for counting-process data). Sums over
// time run forward from the start of each stratum, as R accumulates them.
func (cp *coxProblem) pass(beta []float64, withX bool) *riskPass {
	n, p := cp.n, cp.p
	x := cp.x
	rp := &riskPass{score: make([]float64, n), hh: make([]float64, n)}
	r := make([]float64, n)
	for i := range n {
		z := 0.0
		if cp.offset != nil {
			z = cp.offset[i]
		}
		row := x[i*p : i*p+p]
		for j, b := range beta {
			z += b * row[j]
		}
		rp.score[i] = math.Exp(z)
		r[i] = rp.score[i] * cp.wt[i]
	}
	if withX {
		rp.xh = make([]float64, n*p)
		rp.xb = make([]float64, n*p)
	}
	gidx := make([]int32, n)
	ridx := make([]int32, n)
	A := make([]float64, p)
	a2 := make([]float64, p)
	for s := 0; s+1 < len(cp.sbounds); s++ {
		lo, hi := cp.sbounds[s], cp.sbounds[s+1]
		D := 0.0
		clear(A)
		var gsf, gcor, gx, gcx, gxb []float64 // per group; gx, gcx, gxb hold p values each
		k := hi - 1
		for j := hi - 1; j >= lo; {
			t := cp.stop[j]
			if cp.start != nil {
				for k >= lo {
					q := int(cp.sstart[k])
					if cp.start[q] < t {
						break
					}
					D -= r[q]
					row := x[q*p : q*p+p]
					for c := range p {
						A[c] -= r[q] * row[c]
					}
					ridx[q] = int32(len(gsf))
					k--
				}
			}
			g0 := j
			for g0 >= lo && cp.stop[g0] == t {
				g0--
			}
			g := int32(len(gsf))
			nd := 0
			deadwt, denom2 := 0.0, 0.0
			clear(a2)
			for i := g0 + 1; i <= j; i++ {
				gidx[i] = g
				ridx[i] = -1
				row := x[i*p : i*p+p]
				if cp.death[i] {
					nd++
					deadwt += cp.wt[i]
					denom2 += r[i]
					for c := range p {
						a2[c] += r[i] * row[c]
					}
				} else {
					D += r[i]
					for c := range p {
						A[c] += r[i] * row[c]
					}
				}
			}
			sf, corr := 0.0, 0.0
			var sx, cx, xb []float64
			if withX {
				sx = make([]float64, p)
				cx = make([]float64, p)
				xb = make([]float64, p)
			}
			if nd > 0 {
				steps := 1
				wtave := deadwt
				if cp.efron && nd > 1 {
					steps = nd
					wtave = deadwt / float64(nd)
				}
				for kk := range steps {
					c := 1.0
					if steps > 1 {
						c = float64(kk+1) / float64(nd)
					}
					d := D + c*denom2
					f := wtave / d
					sf += f
					corr += (1 - c) * f
					if withX {
						for cc := range p {
							xbar := (A[cc] + c*a2[cc]) / d
							sx[cc] += f * xbar
							cx[cc] += (1 - c) * f * xbar
							xb[cc] += xbar / float64(steps)
						}
					}
				}
			}
			D += denom2
			for c := range p {
				A[c] += a2[c]
			}
			gsf = append(gsf, sf)
			gcor = append(gcor, corr)
			gx = append(gx, sx...)
			gcx = append(gcx, cx...)
			gxb = append(gxb, xb...)
			j = g0
		}
		cum := 0.0
		var cumx []float64
		if withX {
			cumx = make([]float64, p)
		}
		for g := len(gsf) - 1; g >= 0; g-- {
			cum += gsf[g]
			gsf[g] = cum
			if withX {
				for c := range p {
					cumx[c] += gx[g*p+c]
					gx[g*p+c] = cumx[c]
				}
			}
		}
		for i := lo; i < hi; i++ {
			g := gidx[i]
			hv := gsf[g]
			if cp.death[i] {
				hv -= gcor[g]
			}
			q := ridx[i]
			if q >= 0 {
				hv -= gsf[q]
			}
			rp.hh[i] = hv
			if withX {
				for c := range p {
					v := gx[int(g)*p+c]
					if cp.death[i] {
						v -= gcx[int(g)*p+c]
						rp.xb[i*p+c] = gxb[int(g)*p+c]
					}
					if q >= 0 {
						v -= gx[int(q)*p+c]
					}
					rp.xh[i*p+c] = v
				}
			}
		}
	}
	return rp
}

// scoreResid returns the unweighted score residuals (n*p, sorted rows,
// scaled covariates) at beta, as R's residuals(type = "score").
func (cp *coxProblem) scoreResid(beta []float64) []float64 {
	n, p := cp.n, cp.p
	rp := cp.pass(beta, true)
	out := make([]float64, n*p)
	for i := range n {
		row := cp.x[i*p : i*p+p]
		for c := range p {
			v := -rp.score[i] * (row[c]*rp.hh[i] - rp.xh[i*p+c])
			if cp.death[i] {
				v += row[c] - rp.xb[i*p+c]
			}
			out[i*p+c] = v
		}
	}
	return out
}

// robust returns R's robust variance D'D, D the dfbeta residuals (score
// residuals times the variance, times the case weights) summed within
// clusters, and the robust score test at beta = 0.
func (cp *coxProblem) robust(beta, naive []float64, clusterIn []string) ([]float64, float64, error) {
	n, p := cp.n, cp.p
	cl := make([]int, n)
	ncl := n
	if clusterIn != nil {
		levels, codes := groupCodes(clusterIn)
		ncl = len(levels)
		for k, i := range cp.orig {
			cl[k] = codes[i]
		}
	} else {
		for k := range cl {
			cl[k] = k
		}
	}
	collapse := func(res []float64, useVar bool) []float64 {
		out := make([]float64, ncl*p)
		tmp := make([]float64, p)
		for i := range n {
			for c := range p {
				tmp[c] = res[i*p+c] / cp.scale[c] * cp.wt[i]
			}
			dst := out[cl[i]*p : cl[i]*p+p]
			if useVar {
				for a := range p {
					s := 0.0
					for b := range p {
						s += tmp[b] * naive[b*p+a]
					}
					dst[a] += s
				}
			} else {
				for c := range p {
					dst[c] += tmp[c]
				}
			}
		}
		return out
	}
	crossprod := func(d []float64) []float64 {
		v := make([]float64, p*p)
		for g := range ncl {
			row := d[g*p : g*p+p]
			for a := range p {
				for b := range p {
					v[a*p+b] += row[a] * row[b]
				}
			}
		}
		return v
	}
	dfb := collapse(cp.scoreResid(beta), true)
	rv := crossprod(dfb)
	zero := make([]float64, p)
	s0 := collapse(cp.scoreResid(zero), false)
	tt := crossprod(s0)
	u := make([]float64, p)
	for g := range ncl {
		for c := range p {
			u[c] += s0[g*p+c]
		}
	}
	return rv, waldTest(tt, u, p), nil
}
