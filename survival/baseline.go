package survival

import "math"

// baseline returns, per stratum, the uncentred baseline cumulative hazard at
// every distinct stop time (R's basehaz(fit, centered = FALSE)).
func (cp *coxProblem) baseline(betaScaled, coef, means []float64, levels []string) []Baseline {
	rp := cp.pass(betaScaled, false)
	shift := 0.0
	for j, b := range coef {
		shift += b * means[j]
	}
	adj := math.Exp(-shift)
	var out []Baseline
	for s := 0; s+1 < len(cp.sbounds); s++ {
		lo, hi := cp.sbounds[s], cp.sbounds[s+1]
		b := Baseline{Stratum: levels[s]}
		type step struct{ h1, h2 float64 }
		var times []float64
		var steps []step
		for j := hi - 1; j >= lo; {
			t := cp.stop[j]
			g0 := j
			for g0 >= lo && cp.stop[g0] == t {
				g0--
			}
			times = append(times, t)
			steps = append(steps, step{})
			j = g0
		}
		// risk sums at each distinct time (rows with stop >= t, start < t)
		D := 0.0
		k := hi - 1
		idx := 0
		for j := hi - 1; j >= lo; idx++ {
			t := cp.stop[j]
			if cp.start != nil {
				for k >= lo {
					q := int(cp.sstart[k])
					if cp.start[q] < t {
						break
					}
					D -= rp.score[q] * cp.wt[q]
					k--
				}
			}
			g0 := j
			nd := 0
			deadwt, denom2 := 0.0, 0.0
			for ; g0 >= lo && cp.stop[g0] == t; g0-- {
				ri := rp.score[g0] * cp.wt[g0]
				if cp.death[g0] {
					nd++
					deadwt += cp.wt[g0]
					denom2 += ri
				} else {
					D += ri
				}
			}
			D += denom2
			if nd > 0 {
				steps[idx].h1 = deadwt / D * adj
				if cp.efron && nd > 1 {
					wtave := deadwt / float64(nd)
					h := 0.0
					for kk := range nd {
						h += wtave / (D - float64(kk)/float64(nd)*denom2)
					}
					steps[idx].h2 = h * adj
				} else {
					steps[idx].h2 = steps[idx].h1
				}
			}
			j = g0
		}
		m := len(times)
		b.Time = make([]float64, m)
		b.CumHaz = make([]float64, m)
		b.CumHazBreslow = make([]float64, m)
		c1, c2 := 0.0, 0.0
		for q := m - 1; q >= 0; q-- {
			c1 += steps[q].h1
			c2 += steps[q].h2
			b.Time[m-1-q] = times[q]
			b.CumHaz[m-1-q] = c2
			b.CumHazBreslow[m-1-q] = c1
		}
		if !cp.efron {
			copy(b.CumHaz, b.CumHazBreslow)
		}
		out = append(out, b)
	}
	return out
}
