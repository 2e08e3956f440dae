package churn

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Reason is one feature's part in a customer's churn score: its TreeSHAP
// contribution to the margin (log-odds for binary:logistic, log relative
// hazard for survival:cox) and the customer's value of the feature.
type Reason struct {
	Feature      string  `json:"feature"`
	Value        float64 `json:"value"` // NaN: missing
	Contribution float64 `json:"contribution"`
}

// String is "feature = value (+contribution)".
func (r Reason) String() string {
	v := "missing"
	if !math.IsNaN(r.Value) {
		v = strconv.FormatFloat(r.Value, 'g', 4, 64)
	}
	return fmt.Sprintf("%s = %s (%+.3f)", r.Feature, v, r.Contribution)
}

// Reasons returns up to k features that raise row x's score the most: the
// positive TreeSHAP contributions (Model.ContribRow), largest first, ties
// in feature order. x has one value per feature (NaN = missing); a wrong
// length panics, as in ContribRow.
func (m *Model) Reasons(x []float64, k int) []Reason {
	return topReasons(m.features, x, m.ContribRow(nil, x), k)
}

// ReasonsDense computes Reasons for every row of the row-major matrix x
// (rows spread over GOMAXPROCS goroutines by ContribDense).
func (m *Model) ReasonsDense(x []float64, k int) [][]Reason {
	nf := len(m.features)
	phi := m.ContribDense(nil, x)
	out := make([][]Reason, len(x)/nf)
	for r := range out {
		out[r] = topReasons(m.features, x[r*nf:(r+1)*nf], phi[r*(nf+1):(r+1)*(nf+1)-1], k)
	}
	return out
}

func topReasons(names []string, x, phi []float64, k int) []Reason {
	var rs []Reason
	for j, c := range phi[:len(names)] {
		if c > 0 {
			rs = append(rs, Reason{Feature: names[j], Value: x[j], Contribution: c})
		}
	}
	slices.SortStableFunc(rs, func(a, b Reason) int { return cmp.Compare(b.Contribution, a.Contribution) })
	if len(rs) > max(k, 0) {
		rs = rs[:max(k, 0)]
	}
	return rs
}
