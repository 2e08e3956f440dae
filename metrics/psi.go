package metrics

import (
	"math"
	"slices"
)

// psiFloor is the floor on a bin's share in PSI.
const psiFloor = 1e-4

// PSIResult is the population stability index with its bin detail.
type PSIResult struct {
	PSI            float64   // sum of Terms
	Edges          []float64 // bins-1 quantile edges of the expected sample
	ExpectedCounts []int     // rows of the expected sample per bin
	ActualCounts   []int     // rows of the actual sample per bin
	Terms          []float64 // (a_i - e_i) ln(a_i / e_i) per bin
	DuplicateEdges int       // edges equal to the one before (discrete data)
}

// PSI returns the population stability index of the actual sample against
// the expected (reference) sample over bins quantile bins of the expected
// sample (zero means 10):
//
//	edges    e_k = quantile(expected, k/bins), k = 1..bins-1 (NumPy's default
//	         "linear" method, Hyndman-Fan type 7); outer bins open-ended
//	bin(x)   = searchsorted(edges, x, side="right"): (-inf, e_1), [e_1, e_2), ..., [e_{bins-1}, inf)
//	E_i      = max(count_expected(i)/n_E, 1e-4),  A_i = max(count_actual(i)/n_A, 1e-4)
//	PSI      = sum_i (A_i - E_i) ln(A_i / E_i)
//
// Duplicate edges (discrete data) are kept, which leaves empty bins; a bin
// empty in both samples adds 0. There is no renormalisation after the floor.
//
// References:
//
//	Yurdakul B (2018). Statistical properties of population stability index.
//	PhD dissertation, Western Michigan University.
//	Siddiqi N (2006). Credit Risk Scorecards, ch. 8. Wiley.
func PSI(expected, actual []float64, bins int) (PSIResult, error) {
	if bins == 0 {
		bins = 10
	}
	if bins < 1 {
		return PSIResult{}, valueErr("bins", 0, float64(bins), ErrRange)
	}
	if len(expected) == 0 || len(actual) == 0 {
		return PSIResult{}, ErrEmpty
	}
	if err := checkFinite("expected", expected); err != nil {
		return PSIResult{}, err
	}
	if err := checkFinite("actual", actual); err != nil {
		return PSIResult{}, err
	}
	sorted := slices.Clone(expected)
	slices.Sort(sorted)
	var r PSIResult
	r.Edges = make([]float64, bins-1)
	for k := range r.Edges {
		r.Edges[k] = quantileType7(sorted, float64(k+1)/float64(bins))
		if k > 0 && r.Edges[k] == r.Edges[k-1] {
			r.DuplicateEdges++
		}
	}
	r.ExpectedCounts = binCounts(r.Edges, expected, bins)
	r.ActualCounts = binCounts(r.Edges, actual, bins)
	r.Terms = make([]float64, bins)
	nE, nA := float64(len(expected)), float64(len(actual))
	for i := range r.Terms {
		e := max(float64(r.ExpectedCounts[i])/nE, psiFloor)
		a := max(float64(r.ActualCounts[i])/nA, psiFloor)
		r.Terms[i] = (a - e) * math.Log(a/e)
		r.PSI += r.Terms[i]
	}
	return r, nil
}

// binCounts counts x per bin, bin = number of edges <= x.
func binCounts(edges, x []float64, bins int) []int {
	c := make([]int, bins)
	for _, v := range x {
		lo, hi := 0, len(edges)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if edges[m] <= v {
				lo = m + 1
			} else {
				hi = m
			}
		}
		c[lo]++
	}
	return c
}

// quantileType7 is NumPy's quantile(x, q) with the default "linear" method
// on sorted x, including its two-sided interpolation:
//
//	h = (n-1) q,  j = floor(h),  γ = h - j
//	Q = x_j + (x_{j+1} - x_j) γ        if γ < 0.5
//	Q = x_{j+1} - (x_{j+1} - x_j)(1-γ) if γ >= 0.5
//
// References:
//
//	Hyndman RJ, Fan Y (1996). Sample quantiles in statistical packages.
//	The American Statistician 50(4), 361-365 (definition 7).
func quantileType7(sorted []float64, q float64) float64 {
	n := len(sorted)
	h := float64(n-1) * q
	if h >= float64(n-1) {
		return sorted[n-1]
	}
	if h < 0 {
		return sorted[0]
	}
	j := math.Floor(h)
	g := h - j
	a, b := sorted[int(j)], sorted[int(j)+1]
	d := b - a
	if g >= 0.5 {
		return b - d*(1-g)
	}
	return a + d*g
}
