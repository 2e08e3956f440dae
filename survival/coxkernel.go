package survival

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// chunkRows is the fixed number of sorted rows per parallel chunk. Partial
// sums are formed per chunk and added in chunk order, so results do not depend
// on how many workers share the chunks.
const chunkRows = 4096

// coxProblem is the fit data sorted once by (stratum, stop time), covariates
// centred and scaled as R's coxfit6 does, row-major and contiguous.
type coxProblem struct {
	n, p    int
	x       []float64 // n*p, sorted rows, centred and scaled
	stop    []float64
	start   []float64 // nil for right-censored data
	death   []bool
	wt      []float64
	strat   []int32 // stratum code per sorted row
	orig    []int32 // sorted position -> input row
	sstart  []int32 // counting process: sorted positions ordered by (stratum, start)
	sbounds []int   // stratum s occupies sorted rows [sbounds[s], sbounds[s+1])
	means   []float64
	scale   []float64
	efron   bool
	offset  []float64 // nil, or per sorted row
	workers int
	segRows int // concordance segment size; zero means concordSegRows

	// scratch, reused by every evaluation
	eta, r, h []float64
	gidx      []int32   // per sorted row: its time group (in processing order)
	ridx      []int32   // counting process: group at whose time the row left the risk set, -1 if never
	gsf, gcor []float64 // per group: summed hazard increments, Efron correction for its deaths
	parts     []float64 // per-chunk packed p(p+1)/2 sums
}

func (cp *coxProblem) nWorkers() int {
	w := cp.workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return w
}

// parallelChunks runs fn(chunk, lo, hi) over the fixed chunks of [0, n).
func parallelChunks(n, workers int, fn func(c, lo, hi int)) {
	nc := (n + chunkRows - 1) / chunkRows
	if workers > nc {
		workers = nc
	}
	if workers <= 1 {
		for c := range nc {
			fn(c, c*chunkRows, min(n, (c+1)*chunkRows))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= nc {
					return
				}
				fn(c, c*chunkRows, min(n, (c+1)*chunkRows))
			}
		}()
	}
	wg.Wait()
}

func packedLen(p int) int { return p * (p + 1) / 2 }

// coxEval is one evaluation of the partial likelihood.
type coxEval struct {
	loglik float64
	u      []float64 // score, p
	imat   []float64 // information, p*p row-major
}

// eval computes the log partial likelihood, score and information at beta
// (on the scaled covariates), exactly as R's coxfit6_iter/agfit4 do:
// Breslow or Efron (the k-th of d tied deaths counts (k+1)/d of the deaths'
// risk in the denominator).
//
// The information is split as
//
//	I = sum_i r_i H_i x_i x_i' - sum_steps f_s/D_s A_s A_s'
//
// with H_i the summed f_s = w̄/D_s over the steps where row i is at risk, so
// the O(n p²) part is one weighted cross-product computed in parallel.
func (cp *coxProblem) eval(beta []float64, ev *coxEval) {
	n, p := cp.n, cp.p
	x := cp.x
	workers := cp.nWorkers()
	if cp.eta == nil {
		cp.eta = make([]float64, n)
		cp.r = make([]float64, n)
		cp.h = make([]float64, n)
		cp.gidx = make([]int32, n)
		cp.ridx = make([]int32, n)
		cp.gsf = make([]float64, 0, 1024)
		cp.gcor = make([]float64, 0, 1024)
	}
	cp.linearPredictor(beta)
	eta, r, h := cp.eta, cp.r, cp.h

	if ev.u == nil {
		ev.u = make([]float64, p)
		ev.imat = make([]float64, p*p)
	}
	u, imat := ev.u, ev.imat
	clear(u)
	clear(imat)
	loglik := 0.0
	A := make([]float64, p)
	a2 := make([]float64, p)
	gidx, ridx := cp.gidx, cp.ridx
	for s := 0; s+1 < len(cp.sbounds); s++ {
		lo, hi := cp.sbounds[s], cp.sbounds[s+1]
		D := 0.0
		clear(A)
		gsf, gcor := cp.gsf[:0], cp.gcor[:0]
		k := hi - 1 // start-order pointer
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
			// rows g0+1 .. j share time t
			nd := 0
			deadwt, denom2 := 0.0, 0.0
			clear(a2)
			g := int32(len(gsf))
			for i := g0 + 1; i <= j; i++ {
				gidx[i] = g
				ridx[i] = -1
				row := x[i*p : i*p+p]
				ri := r[i]
				if cp.death[i] {
					nd++
					deadwt += cp.wt[i]
					denom2 += ri
					loglik += cp.wt[i] * eta[i]
					for c := range p {
						u[c] += cp.wt[i] * row[c]
						a2[c] += ri * row[c]
					}
				} else {
					D += ri
					for c := range p {
						A[c] += ri * row[c]
					}
				}
			}
			if nd > 0 {
				var sf, sfc, g0s, g1s, g2s, corr float64
				if !cp.efron || nd == 1 {
					d := D + denom2
					f := deadwt / d
					loglik -= deadwt * math.Log(d)
					sf, sfc = f, f
					g0s, g1s, g2s = f/d, f/d, f/d
				} else {
					wtave := deadwt / float64(nd)
					for kk := range nd {
						c := float64(kk+1) / float64(nd)
						d := D + c*denom2
						f := wtave / d
						loglik -= wtave * math.Log(d)
						sf += f
						sfc += f * c
						g := f / d
						g0s += g
						g1s += g * c
						g2s += g * c * c
						corr += (1 - c) * f
					}
				}
				for c := range p {
					u[c] -= sf*A[c] + sfc*a2[c]
				}
				for a := range p {
					for b := 0; b <= a; b++ {
						imat[a*p+b] -= g0s*A[a]*A[b] + g1s*(A[a]*a2[b]+a2[a]*A[b]) + g2s*a2[a]*a2[b]
					}
				}
				gsf = append(gsf, sf)
				gcor = append(gcor, corr)
				D += denom2
				for c := range p {
					A[c] += a2[c]
				}
			} else {
				D += denom2
				gsf = append(gsf, 0)
				gcor = append(gcor, 0)
			}
			j = g0
		}
		// H(t) = sum of the increments at times <= t, summed forward in time
		// (small early increments first, as R accumulates them)
		cum := 0.0
		for g := len(gsf) - 1; g >= 0; g-- {
			cum += gsf[g]
			gsf[g] = cum
		}
		for i := lo; i < hi; i++ {
			g := gidx[i]
			hv := gsf[g]
			if cp.death[i] {
				hv -= gcor[g]
			}
			if q := ridx[i]; q >= 0 {
				hv -= gsf[q]
			}
			h[i] = hv
		}
		cp.gsf, cp.gcor = gsf, gcor
	}
	// sum_i r_i H_i x_i x_i' over fixed chunks, added in chunk order
	pl := packedLen(p)
	nc := (n + chunkRows - 1) / chunkRows
	if len(cp.parts) < nc*pl {
		cp.parts = make([]float64, nc*pl)
	}
	parts := cp.parts
	parallelChunks(n, workers, func(ci, lo, hi int) {
		acc := parts[ci*pl : (ci+1)*pl]
		clear(acc)
		crossprod(acc, x, r, h, lo, hi, p)
	})
	for ci := range nc {
		acc := parts[ci*pl : (ci+1)*pl]
		idx := 0
		for a := range p {
			for b := 0; b <= a; b++ {
				imat[a*p+b] += acc[idx]
				idx++
			}
		}
	}
	for a := range p {
		for b := 0; b < a; b++ {
			imat[b*p+a] = imat[a*p+b]
		}
	}
	ev.loglik = loglik
}

// crossprod adds sum_{i in [lo,hi)} r_i h_i x_i x_i' to the packed lower
// triangle acc, four rows at a time so each accumulator element is loaded
// and stored once per four rows.
func crossprod(acc, x, r, h []float64, lo, hi, p int) {
	i := lo
	for ; i+4 <= hi; i += 4 {
		g0, g1, g2, g3 := r[i]*h[i], r[i+1]*h[i+1], r[i+2]*h[i+2], r[i+3]*h[i+3]
		x0 := x[i*p : i*p+p]
		x1 := x[(i+1)*p : (i+1)*p+p]
		x2 := x[(i+2)*p : (i+2)*p+p]
		x3 := x[(i+3)*p : (i+3)*p+p]
		idx := 0
		for a := range p {
			a0, a1, a2, a3 := g0*x0[a], g1*x1[a], g2*x2[a], g3*x3[a]
			seg := acc[idx : idx+a+1]
			y0, y1, y2, y3 := x0[:len(seg)], x1[:len(seg)], x2[:len(seg)], x3[:len(seg)]
			for b := range seg {
				seg[b] += a0*y0[b] + a1*y1[b] + a2*y2[b] + a3*y3[b]
			}
			idx += a + 1
		}
	}
	for ; i < hi; i++ {
		g := r[i] * h[i]
		row := x[i*p : i*p+p]
		idx := 0
		for a := range p {
			ga := g * row[a]
			seg := acc[idx : idx+a+1]
			y := row[:len(seg)]
			for b := range seg {
				seg[b] += ga * y[b]
			}
			idx += a + 1
		}
	}
}

// linearPredictor fills cp.eta with x'β (scaled covariates) and cp.r with
// the weighted risks.
func (cp *coxProblem) linearPredictor(beta []float64) {
	n, p := cp.n, cp.p
	if cp.eta == nil {
		cp.eta = make([]float64, n)
		cp.r = make([]float64, n)
	}
	x := cp.x
	parallelChunks(n, cp.nWorkers(), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			row := x[i*p : i*p+p]
			z := 0.0
			if cp.offset != nil {
				z = cp.offset[i]
			}
			for j, b := range beta {
				z += b * row[j]
			}
			cp.eta[i] = z
			cp.r[i] = math.Exp(z) * cp.wt[i]
		}
	})
}
