package survival

import (
	"fmt"
	"math"
	"sort"
)

// timeFixTol is R's default aeqSurv tolerance, sqrt(.Machine$double.eps).
var timeFixTol = math.Sqrt(0x1p-52)

// timeFix merges time values that differ only by floating-point noise, as
// R's aeqSurv (coxph, survfit and survdiff with timefix = TRUE, the default):
// with y the sorted distinct finite times (start and stop together), a gap
//
//	y[i+1] - y[i] <= tol   or   (y[i+1] - y[i]) / mean|y| <= tol,   tol = sqrt(eps)
//
// ties y[i+1] to y[i]; every value of a tied run becomes the run's smallest.
// Without such a gap the inputs are returned as they are; else new slices
// (inputs are never mutated). An interval whose start and stop merge is an
// error, as in R.
//
// References:
//
//	Therneau T (2023). A package for survival analysis in R, version 3.5
//	(aeqSurv; the "roundoff error and tied times" vignette).
func timeFix(start, time []float64) ([]float64, []float64, error) {
	y := make([]float64, 0, len(time)+len(start))
	for _, v := range time {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			y = append(y, v)
		}
	}
	for _, v := range start {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			y = append(y, v)
		}
	}
	// distinct values in order through the package's radix sort (a
	// comparison sort of a million times costs more than the KM fit)
	keys := make([]uint64, len(y))
	for i, v := range y {
		keys[i] = floatKey(v + 0) // -0 and +0 are one value
	}
	order := sortOrder(keys)
	sorted := make([]float64, 0, len(y))
	for _, k := range order {
		if v := y[k] + 0; len(sorted) == 0 || v != sorted[len(sorted)-1] {
			sorted = append(sorted, v)
		}
	}
	y = sorted
	if len(y) < 2 {
		return start, time, nil
	}
	cuts, tied := timeFixCuts(y)
	if !tied {
		return start, time, nil
	}
	fix := func(x []float64) []float64 {
		if x == nil {
			return nil
		}
		out := make([]float64, len(x))
		for i, v := range x {
			// findInterval: the last cut <= v
			j := sort.Search(len(cuts), func(k int) bool { return cuts[k] > v })
			if j == 0 || math.IsNaN(v) {
				out[i] = v
				continue
			}
			out[i] = cuts[j-1]
		}
		return out
	}
	ns, nt := fix(start), fix(time)
	for i := range ns {
		if ns[i] == nt[i] && start[i] != time[i] {
			return nil, nil, &DataError{Field: "start", Row: i, Value: start[i],
				Err: fmt.Errorf("%w: interval (%v, %v] has length 0 once times within floating-point noise are merged (R's aeqSurv)", ErrTime, start[i], time[i])}
		}
	}
	return ns, nt, nil
}

// timeFixCuts returns the values that start a run of near-tied values in
// the sorted distinct values y (aeqSurv's cuts), and whether any run has
// more than one value.
func timeFixCuts(y []float64) ([]float64, bool) {
	mean := 0.0
	for _, v := range y {
		mean += math.Abs(v)
	}
	mean /= float64(len(y))
	cuts := []float64{y[0]}
	tied := false
	for i := 1; i < len(y); i++ {
		dy := y[i] - y[i-1]
		if dy <= timeFixTol || dy/mean <= timeFixTol {
			tied = true
			continue
		}
		cuts = append(cuts, y[i])
	}
	return cuts, tied
}

// timeFixSorted is timeFix for finite right-censored times already sorted
// by order (ascending): O(n), and order stays a sorting permutation of the
// result since merging never reorders values.
func timeFixSorted(time []float64, order []int32) []float64 {
	y := make([]float64, 0, 64)
	for _, k := range order {
		if v := time[k] + 0; len(y) == 0 || v != y[len(y)-1] {
			y = append(y, v)
		}
	}
	if len(y) < 2 {
		return time
	}
	cuts, tied := timeFixCuts(y)
	if !tied {
		return time
	}
	out := make([]float64, len(time))
	c := 0
	for _, k := range order {
		for c+1 < len(cuts) && cuts[c+1] <= time[k] {
			c++
		}
		out[k] = cuts[c]
	}
	return out
}
