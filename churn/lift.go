package churn

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrScore: a score is not finite, a label not 0/1, lengths differ, or a
// number of groups is out of range in the business tables.
var ErrScore = errors.New("churn: bad scores")

// LiftRow is one group (decile for 10 groups) of a lift table, highest
// scores first.
type LiftRow struct {
	Group     int     `json:"group"`     // 1 = the highest scores
	Customers float64 `json:"customers"` // rows in the group (fractional where a tie straddles a boundary)
	MinScore  float64 `json:"min_score"`
	MaxScore  float64 `json:"max_score"`
	Expected  float64 `json:"expected"` // Σ score: expected churners when scores are probabilities
	Churners  float64 `json:"churners"` // observed churners
	Rate      float64 `json:"rate"`     // Churners / Customers
	Lift      float64 `json:"lift"`     // Rate / overall churn rate
	Gain      float64 `json:"gain"`     // cumulative share of all churners in groups 1..Group
	CumLift   float64 `json:"cum_lift"` // Gain / cumulative share of customers
}

// LiftTable orders customers by score, highest first, cuts them into groups
// of equal size (10: deciles) and reports per group the observed churn rate
// and lift, and the cumulative gain:
//
//	Rate_g = churners_g / n_g,   Lift_g = Rate_g / (churners / n)
//	Gain_g = Σ_{h ≤ g} churners_h / churners,   CumLift_g = Gain_g / (g / groups)
//
// Customers tied on score are spread over the groups their block
// straddles in proportion (the expected result of breaking the tie at
// random), so the table does not depend on row order, and Gain_g equals
// metrics.LiftAt(y, score, nil, g/groups).Gain. y holds 0/1 labels.
// Errors wrap ErrScore.
//
// References:
//
//	C. X. Ling, C. Li. Data Mining for Direct Marketing: Problems and Solutions. KDD 1998, 73-79.
func LiftTable(y, score []float64, groups int) ([]LiftRow, error) {
	n := len(score)
	if len(y) != n {
		return nil, fmt.Errorf("%w: %d labels for %d scores", ErrScore, len(y), n)
	}
	if n == 0 || groups < 1 || groups > n {
		return nil, fmt.Errorf("%w: %d groups for %d customers", ErrScore, groups, n)
	}
	var pos float64
	for i := range n {
		if math.IsNaN(score[i]) || math.IsInf(score[i], 0) {
			return nil, fmt.Errorf("%w: row %d score %v", ErrScore, i+1, score[i])
		}
		if y[i] != 0 && y[i] != 1 {
			return nil, fmt.Errorf("%w: row %d label %v is not 0 or 1", ErrScore, i+1, y[i])
		}
		pos += y[i]
	}
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	slices.SortFunc(ord, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
	rows := make([]LiftRow, groups)
	for g := range rows {
		rows[g] = LiftRow{Group: g + 1, MinScore: math.Inf(1), MaxScore: math.Inf(-1)}
	}
	size := float64(n) / float64(groups)
	for a := 0; a < n; {
		b := a + 1
		for b < n && score[ord[b]] == score[ord[a]] {
			b++
		}
		s := score[ord[a]]
		var p float64
		for _, i := range ord[a:b] {
			p += y[i]
		}
		block := float64(b - a)
		for g := max(int(float64(a)/size)-1, 0); g < groups && float64(g)*size < float64(b); g++ {
			lo, hi := max(float64(a), float64(g)*size), min(float64(b), float64(g+1)*size)
			if g == groups-1 {
				hi = float64(b)
			}
			if hi <= lo {
				continue
			}
			share := (hi - lo) / block
			r := &rows[g]
			r.Customers += hi - lo
			r.Churners += share * p
			r.Expected += (hi - lo) * s
			r.MinScore, r.MaxScore = min(r.MinScore, s), max(r.MaxScore, s)
		}
		a = b
	}
	rate := pos / float64(n)
	var cum, cumN float64
	for g := range rows {
		r := &rows[g]
		cum += r.Churners
		cumN += r.Customers
		r.Rate = r.Churners / r.Customers
		r.Lift, r.Gain, r.CumLift = math.NaN(), math.NaN(), math.NaN()
		if pos > 0 {
			r.Lift = r.Rate / rate
			r.Gain = cum / pos
			r.CumLift = r.Gain / (cumN / float64(n))
		}
	}
	return rows, nil
}

// ExpectedChurners is the expected number of churners among the k
// customers with the highest churn probabilities p: the sum of the k
// largest p. k is clamped to [0, len(p)]. Errors: a p outside [0, 1] or
// NaN (ErrScore).
func ExpectedChurners(p []float64, k int) (float64, error) {
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return 0, fmt.Errorf("%w: row %d probability %v", ErrScore, i+1, v)
		}
	}
	k = min(max(k, 0), len(p))
	s := slices.Clone(p)
	slices.SortFunc(s, func(a, b float64) int { return cmp.Compare(b, a) })
	var sum float64
	for _, v := range s[:k] {
		sum += v
	}
	return sum, nil
}
