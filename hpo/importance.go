package hpo

import (
	"slices"
	"sort"
)

// Importance estimates how much each parameter matters to the objective
// from the complete trials: the correlation ratio η² of the objective's
// ranks on the parameter, binned (categoricals by choice, numbers into up to
// 10 equal-count bins of their values):
//
//	η²_p = Σ_b n_b (r̄_b − r̄)² / Σ_i (r_i − r̄)²
//
// where r_i are the ranks of the trials' values and r̄_b the mean rank in bin
// b. Ranks make it insensitive to the objective's scale and outliers. The
// scores are then divided by their sum, so they add up to 1. It is a simple,
// main-effects-only stand-in for fANOVA (Hutter et al. 2014): interactions
// are not attributed, and with few trials every score carries noise of about
// (bins − 1)/n. Parameters seen in fewer than 4 complete trials are left out.
//
// References:
//
//	Hutter, Hoos, Leyton-Brown (2014). An efficient approach for assessing
//	hyperparameter importance. ICML.
func Importance(trials []FrozenTrial) map[string]float64 {
	var done []FrozenTrial
	names := map[string]bool{}
	for _, t := range trials {
		if t.State == Complete {
			done = append(done, t)
			for n := range t.Params {
				names[n] = true
			}
		}
	}
	out := map[string]float64{}
	total := 0.0
	for name := range names {
		var vals, xs []float64
		var p Param
		for _, t := range done {
			if x, ok := t.Params[name]; ok {
				vals = append(vals, t.Value)
				xs = append(xs, x)
				p = t.Space[name]
			}
		}
		n := len(vals)
		if n < 4 {
			continue
		}
		r := ranks(vals)
		bin := make([]int, n)
		if p.Type == CategoricalParam {
			for i, x := range xs {
				bin[i] = int(x)
			}
		} else {
			order := make([]int, n)
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(a, b int) bool { return xs[order[a]] < xs[order[b]] })
			nb := min(10, n/2)
			for k, i := range order {
				bin[i] = k * nb / n
			}
			// Equal values share a bin.
			for k := 1; k < n; k++ {
				if xs[order[k]] == xs[order[k-1]] {
					bin[order[k]] = bin[order[k-1]]
				}
			}
		}
		mean := float64(n+1) / 2
		sums, counts := map[int]float64{}, map[int]float64{}
		ssTot := 0.0
		for i := range n {
			sums[bin[i]] += r[i]
			counts[bin[i]]++
			ssTot += (r[i] - mean) * (r[i] - mean)
		}
		ssB := 0.0
		for b, s := range sums {
			m := s / counts[b]
			ssB += counts[b] * (m - mean) * (m - mean)
		}
		if ssTot > 0 {
			out[name] = ssB / ssTot
			total += out[name]
		} else {
			out[name] = 0
		}
	}
	if total > 0 {
		for k := range out {
			out[k] /= total
		}
	}
	return out
}

// ranks returns the 1-based ranks of v, ties sharing their mean rank.
func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case v[a] < v[b]:
			return -1
		case v[a] > v[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			r[idx[k]] = float64(i+j)/2 + 1
		}
		i = j + 1
	}
	return r
}
