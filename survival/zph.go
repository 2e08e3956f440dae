package survival

import (
	"context"
	"fmt"
	"math"
	"sort"
)

// ZPH is the test of proportional hazards of R's cox.zph with transform
// "km": for each covariate, the score test of adding x·g(t), g(t) = 1 - KM(t-)
// centred at its mean over the events, with β held at the fit.
type ZPH struct {
	Names []string // covariates, then "GLOBAL"
	Tests []Test   // one per covariate, then the global test
	// Time and X are the event times and their transformed times g, in
	// stratum-then-time order; Y holds per event the scaled Schoenfeld
	// residuals plus β (row-major, one row of p per event): the smoothed
	// Y[, j] against X estimates β_j(t).
	Time []float64
	X    []float64
	Y    []float64
}

// ZPH tests the proportional hazards assumption on the training data d, as
// R's cox.zph(fit, transform = "km"). Counting-process data is not supported.
//
// References:
//
//	Grambsch, P. M. and Therneau, T. M. (1994). Proportional hazards tests
//	and diagnostics based on weighted residuals. Biometrika 81, 515-526.
func (m *CoxModel) ZPH(ctx context.Context, d CoxData) (*ZPH, error) {
	cp, _, err := m.refit(&d)
	if err != nil {
		return nil, err
	}
	if cp.start != nil {
		return nil, fmt.Errorf("%w: cox.zph for (start, stop] data is not supported", ErrInput)
	}
	if m.Config.Ridge > 0 {
		return nil, fmt.Errorf("%w: cox.zph for ridge fits is not supported", ErrInput)
	}
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	n, p := cp.n, cp.p
	// raw covariates in sorted order, centred at their unweighted means
	x := make([]float64, n*p)
	for j, col := range d.X {
		mu := 0.0
		for _, v := range col {
			mu += v
		}
		mu /= float64(n)
		for k, i := range cp.orig {
			x[k*p+j] = col[i] - mu
		}
	}
	eta := make([]float64, n)
	for k := range n {
		for j, b := range m.Coef {
			eta[k] += b * x[k*p+j]
		}
	}
	// g(t) = 1 - KM(t-) over all rows, unweighted, ignoring strata
	times := append([]float64(nil), cp.stop...)
	sort.Float64s(times)
	var kmT, kmS []float64
	s := 1.0
	atRisk := float64(n)
	for a := 0; a < n; {
		t := times[a]
		for a < n && times[a] == t {
			a++
		}
		kmT = append(kmT, t)
		kmS = append(kmS, 0)
	}
	// event counts per distinct time
	dcount := make(map[float64]float64)
	ncount := make(map[float64]float64)
	for k := range n {
		ncount[cp.stop[k]]++
		if cp.death[k] {
			dcount[cp.stop[k]]++
		}
	}
	for q, t := range kmT {
		if dd := dcount[t]; dd > 0 {
			s *= 1 - dd/atRisk
		}
		kmS[q] = s
		atRisk -= ncount[t]
	}
	gt := make([]float64, n)
	gsum, nev := 0.0, 0.0
	for k := range n {
		idx := sort.SearchFloat64s(kmT, cp.stop[k]) // km times strictly below
		sl := 1.0
		if idx > 0 {
			sl = kmS[idx-1]
		}
		gt[k] = 1 - sl
		if cp.death[k] {
			gsum += gt[k]
			nev++
		}
	}
	gmean := gsum / nev
	for k := range gt {
		gt[k] -= gmean
	}
	// R's zph1: u and the 2p×2p information at β, Schoenfeld residuals
	p2 := 2 * p
	u := make([]float64, p2)
	imat := make([]float64, p2*p2)
	schoen := make([]float64, 0, int(nev)*p)
	var schoenRow []int
	a := make([]float64, p)
	a2 := make([]float64, p)
	cmat := make([]float64, p*p)
	cmat2 := make([]float64, p*p)
	ns := len(cp.sbounds) - 1
	used := make([][]float64, ns)
	for st := range ns {
		lo, hi := cp.sbounds[st], cp.sbounds[st+1]
		used[st] = make([]float64, p)
		dead := 0.0
		for k := lo; k < hi; k++ {
			if cp.death[k] {
				dead++
			}
		}
		for j := range p {
			for k := lo; k < hi; k++ {
				if x[k*p+j] != x[lo*p+j] {
					used[st][j] = dead
					break
				}
			}
		}
	}
	// process strata from the last, time backwards, filling residuals from the end
	type srow struct {
		k    int
		vals []float64
	}
	var rows []srow
	for st := ns - 1; st >= 0; st-- {
		lo, hi := cp.sbounds[st], cp.sbounds[st+1]
		denom := 0.0
		clear(a)
		clear(cmat)
		for ip := hi - 1; ip >= lo; {
			dtime := cp.stop[ip]
			timewt := gt[ip]
			ndead := 0
			deadwt, denom2 := 0.0, 0.0
			var deaths []int
			for ; ip >= lo && cp.stop[ip] == dtime; ip-- {
				risk := math.Exp(eta[ip]) * cp.wt[ip]
				xr := x[ip*p : ip*p+p]
				if !cp.death[ip] {
					denom += risk
					for i := range p {
						a[i] += risk * xr[i]
						for j := 0; j <= i; j++ {
							cmat[i*p+j] += risk * xr[i] * xr[j]
						}
					}
					continue
				}
				ndead++
				deaths = append(deaths, ip)
				deadwt += cp.wt[ip]
				denom2 += risk
				for i := range p {
					u[i] += cp.wt[ip] * xr[i]
					u[i+p] += timewt * cp.wt[ip] * xr[i]
					a2[i] += risk * xr[i]
					for j := 0; j <= i; j++ {
						cmat2[i*p+j] += risk * xr[i] * xr[j]
					}
				}
			}
			if ndead == 0 {
				continue
			}
			xbar := make([]float64, p)
			add := func(i, j int, v float64) {
				imat[j*p2+i] += v
				imat[j*p2+i+p] += v * timewt
				imat[(j+p)*p2+i+p] += v * timewt * timewt
			}
			if !cp.efron {
				denom += denom2
				for i := range p {
					a[i] += a2[i]
					temp2 := a[i] / denom
					xbar[i] = temp2
					u[i] -= deadwt * temp2
					u[i+p] -= timewt * deadwt * temp2
					for j := 0; j <= i; j++ {
						cmat[i*p+j] += cmat2[i*p+j]
						add(i, j, deadwt*(cmat[i*p+j]-temp2*a[j])/denom)
					}
				}
			} else {
				nd := float64(ndead)
				wtave := deadwt / nd
				for i := range p {
					tm := 0.0
					for k := range ndead {
						tp := float64(k+1) / nd
						tm += (a[i] + a2[i]*tp) / (denom + denom2*tp)
					}
					xbar[i] = tm / nd
				}
				for range ndead {
					denom += denom2 / nd
					for i := range p {
						a[i] += a2[i] / nd
						temp2 := a[i] / denom
						u[i] -= wtave * temp2
						u[i+p] -= timewt * wtave * temp2
						for j := 0; j <= i; j++ {
							cmat[i*p+j] += cmat2[i*p+j] / nd
							add(i, j, wtave*(cmat[i*p+j]-temp2*a[j])/denom)
						}
					}
				}
			}
			for _, k := range deaths {
				v := make([]float64, p)
				for i := range p {
					v[i] = x[k*p+i] - xbar[i]
				}
				rows = append(rows, srow{k, v})
			}
			clear(a2)
			clear(cmat2)
		}
	}
	// the g-weighted block is symmetric: fill its other half, then mirror
	for i := range p {
		for j := i + 1; j < p; j++ {
			imat[j*p2+i+p] = imat[i*p2+j+p]
		}
	}
	for i := range p2 {
		for j := range i {
			// imat[j][i] in R's column-major terms is our imat[j*p2+i]
			imat[i*p2+j] = imat[j*p2+i]
		}
	}
	// rows were collected backwards in time; R's order is forwards
	for q := len(rows) - 1; q >= 0; q-- {
		schoen = append(schoen, rows[q].vals...)
		schoenRow = append(schoenRow, rows[q].k)
	}
	z := &ZPH{Names: append(append([]string(nil), m.Names...), "GLOBAL")}
	for j := range p {
		kk := make([]int, 0, p+1)
		for i := range p {
			kk = append(kk, i)
		}
		kk = append(kk, j+p)
		sub := make([]float64, len(kk)*len(kk))
		for a1, r1 := range kk {
			for b1, c1 := range kk {
				sub[a1*len(kk)+b1] = imat[r1*p2+c1]
			}
		}
		uu := make([]float64, len(kk))
		uu[p] = u[j+p]
		chi := waldTest(sub, uu, len(kk))
		z.Tests = append(z.Tests, Test{Chisq: chi, DF: 1, P: chisqSurvival(chi, 1)})
	}
	uu := make([]float64, p2)
	copy(uu[p:], u[p:])
	chi := waldTest(imat, uu, p2)
	z.Tests = append(z.Tests, Test{Chisq: chi, DF: float64(p), P: chisqSurvival(chi, float64(p))})
	// scaled Schoenfeld residuals: r · vmean⁻¹ + β, vmean = I / wtmat
	wtmat := make([]float64, p*p)
	for _, us := range used {
		for i := range p {
			for j := range p {
				wtmat[i*p+j] += math.Min(us[i], us[j])
			}
		}
	}
	vmean := make([]float64, p*p)
	for i := range p {
		for j := range p {
			w := wtmat[i*p+j]
			if w == 0 {
				w = 1
			}
			vmean[i*p+j] = imat[i*p2+j] / w
		}
	}
	vinv, _ := invSym(vmean, p)
	for q, k := range schoenRow {
		z.Time = append(z.Time, cp.stop[k])
		z.X = append(z.X, gt[k]+gmean)
		r := schoen[q*p : q*p+p]
		for j := range p {
			v := m.Coef[j]
			for i := range p {
				v += vinv[j*p+i] * r[i]
			}
			z.Y = append(z.Y, v)
		}
	}
	return z, nil
}
