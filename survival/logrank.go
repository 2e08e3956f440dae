package survival

import (
	"context"
	"fmt"
)

// LogRank is the result of the log-rank test (R's survdiff, rho = 0).
type LogRank struct {
	Chisq    float64     `json:"chisq"`
	DF       float64     `json:"df"`
	P        float64     `json:"p"`
	Groups   []string    `json:"groups"`
	N        []int       `json:"n"`
	Observed []float64   `json:"observed"`
	Expected []float64   `json:"expected"`
	Variance [][]float64 `json:"variance"`
}

// LogRankTest compares the survival of the groups, optionally within strata
// (nil strata: one stratum). At each event time with n at risk and d events,
// n_g at risk in group g:
//
//	E_g += d n_g / n
//	V_gh += d (n-d)/(n-1) · n_g/n · (δ_gh - n_h/n)
//	chisq = (O-E)' V⁻ (O-E)  over the groups with E > 0, less one
//
// summed over strata; df = (number of groups with E > 0) - 1.
//
// References:
//
//	Mantel, N. (1966). Evaluation of survival data and two new rank order
//	statistics arising in its consideration. Cancer Chemotherapy Reports 50.
func LogRankTest(ctx context.Context, time, event []float64, group, strata []string) (*LogRank, error) {
	if len(event) != len(time) || len(group) != len(time) || (strata != nil && len(strata) != len(time)) {
		return nil, fmt.Errorf("%w: time, event, group and strata lengths differ", ErrInput)
	}
	if err := checkTimeEvent(nil, time, event); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	levels, codes := groupCodes(group)
	ng := len(levels)
	var scodes []int
	ns := 1
	if strata != nil {
		var sl []string
		sl, scodes = groupCodes(strata)
		ns = len(sl)
	}
	res := &LogRank{Groups: levels, N: make([]int, ng), Observed: make([]float64, ng), Expected: make([]float64, ng)}
	v := make([]float64, ng*ng)
	order := sortOrder(timeKeys(time))
	time = timeFixSorted(time, order) // R's aeqSurv (timefix = TRUE)
	byStratum := make([][]int32, ns)
	for _, i := range order {
		s := 0
		if scodes != nil {
			s = scodes[i]
		}
		byStratum[s] = append(byStratum[s], i)
		res.N[codes[i]]++
	}
	risk := make([]float64, ng)
	deaths := make([]float64, ng)
	for _, rows := range byStratum {
		clear(risk)
		for _, i := range rows {
			risk[codes[i]]++
		}
		n := float64(len(rows))
		for a := 0; a < len(rows); {
			t := time[rows[a]]
			b := a
			clear(deaths)
			var d, leave float64
			for ; b < len(rows) && time[rows[b]] == t; b++ {
				i := rows[b]
				if event[i] == 1 {
					deaths[codes[i]]++
					d++
				}
				leave++
			}
			if d > 0 {
				for g := range ng {
					res.Observed[g] += deaths[g]
					res.Expected[g] += d * risk[g] / n
				}
				if n > 1 {
					f := d * (n - d) / (n - 1)
					for g := range ng {
						for h := range ng {
							delta := 0.0
							if g == h {
								delta = 1
							}
							v[g*ng+h] += f * risk[g] / n * (delta - risk[h]/n)
						}
					}
				}
			}
			for c := a; c < b; c++ {
				risk[codes[rows[c]]]--
			}
			n -= leave
			a = b
		}
	}
	res.Variance = make([][]float64, ng)
	for g := range ng {
		res.Variance[g] = v[g*ng : (g+1)*ng]
	}
	var keep []int
	for g := range ng {
		if res.Expected[g] > 0 {
			keep = append(keep, g)
		}
	}
	if len(keep) < 2 {
		res.DF = float64(len(keep)) - 1
		if res.DF < 0 {
			res.DF = 0
		}
		res.Chisq = 0
		res.P = 1
		return res, nil
	}
	k := len(keep) - 1
	vv := make([]float64, k*k)
	r := make([]float64, k)
	for a := range k {
		ga := keep[a+1]
		r[a] = res.Observed[ga] - res.Expected[ga]
		for b := range k {
			vv[a*k+b] = v[ga*ng+keep[b+1]]
		}
	}
	sol := append([]float64(nil), r...)
	if _, ok := cholSolve(vv, k, sol); !ok {
		return nil, fmt.Errorf("%w: log-rank variance is singular", ErrInput)
	}
	for a := range k {
		res.Chisq += r[a] * sol[a]
	}
	res.DF = float64(k)
	res.P = chisqSurvival(res.Chisq, res.DF)
	return res, nil
}
