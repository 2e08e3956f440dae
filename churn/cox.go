package churn

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"
	"unsafe"
)

// CoxObjective is the name of the Cox proportional-hazards objective,
// XGBoost's survival:cox. Its label is the observed time for an event and
// minus the time for a censored row (time must be positive); the margin m is
// the log relative hazard, so exp(m) ranks customers by hazard (higher:
// expected to churn sooner). Model.PredictRow and MarginRow return m itself
// (apply math.Exp for XGBoost's hazard-ratio prediction).
const CoxObjective = "survival:cox"

func init() { objectives[CoxObjective] = cox{} }

// cox is the negative Breslow partial log-likelihood. With rows sorted by
// time t_i, event indicator δ_i (label > 0), weights w_i and risk sets
// R(t) = {j : t_j ≥ t},
//
//	ℓ(m) = -Σ_i w_i δ_i [m_i - log S(t_i)],   S(t) = Σ_{j∈R(t)} w_j exp(m_j)
//
// (Breslow's treatment of ties: all rows tied at t share the risk set
// R(t)), so with A_k = Σ_{i: δ_i, t_i ≤ t_k} w_i / S(t_i) and
// B_k = Σ_{i: δ_i, t_i ≤ t_k} w_i / S(t_i)²,
//
//	∂ℓ/∂m_k   = w_k exp(m_k) A_k - w_k δ_k
//	∂²ℓ/∂m_k² = w_k exp(m_k) A_k - w_k² exp(2 m_k) B_k
//
// (the diagonal of the Hessian, as XGBoost uses it). Without tied times
// and with unit weights this is exactly XGBoost's CoxRegression gradient:
// trained with the same parameters on lung with its ties broken, the
// margins agree with XGBoost 1.7.4's to 2e-7 (testdata/events/xgb_cox).
// Two differences are deliberate. Within tied event times XGBoost adds each
// event's 1/S(t) to the running sums one row at a time, so the first rows
// of a tie miss the later ones' terms and its model depends on the row
// order (reversing lung's rows moves its 10-round margins by up to 0.45);
// here every row of a tie gets all of them, exact Breslow, independent of
// row order. With weights XGBoost only multiplies its unweighted gradient
// by w_k, while here the weights also enter the risk sets (the weighted
// partial likelihood that R's coxph maximises). The margins are shifted by their maximum before exp, which
// changes nothing mathematically and avoids overflow.
//
// Loss is XGBoost's cox-nloglik: ℓ divided by the weighted number of events
// (NaN when there is none).
//
// References:
//
//	D. R. Cox. Regression Models and Life-Tables. JRSS B 34(2), 1972, 187-220.
//	N. E. Breslow. Covariance Analysis of Censored Survival Data. Biometrics 30, 1974, 89-99.
//	XGBoost src/objective/regression_obj.cu, CoxRegression (survival:cox).
type cox struct{}

func (cox) Name() string { return CoxObjective }

func (cox) CheckLabels(label []float64) error {
	events := 0
	for i, y := range label {
		if math.IsNaN(y) || math.IsInf(y, 0) || y == 0 {
			return fmt.Errorf("%w: row %d label %v (survival:cox wants the time, negative when censored, never 0)", ErrLabel, i+1, y)
		}
		if y > 0 {
			events++
		}
	}
	if events == 0 {
		return fmt.Errorf("%w: survival:cox needs at least one event (a positive label) among %d rows", ErrLabel, len(label))
	}
	return nil
}

// BaseMargin is log(base_score), XGBoost's ProbToMargin for survival:cox.
// A constant margin does not change the partial likelihood.
func (cox) BaseMargin(b float64) float64 {
	if !(b > 0) {
		return 0
	}
	return math.Log(b)
}

// coxOrder returns the row indices sorted by |label| ascending, ties in row
// order.
func coxOrder(label []float64) []int32 {
	ord := make([]int32, len(label))
	for i := range ord {
		ord[i] = int32(i)
	}
	slices.SortStableFunc(ord, func(a, b int32) int { return cmp.Compare(math.Abs(label[a]), math.Abs(label[b])) })
	return ord
}

// coxOrders caches the last few sort orders: Fit calls Gradients and Loss
// with the same label slices every round. An entry is used only when it
// still sorts the labels it is asked for (an O(n) check), so a reused
// address or changed labels just miss. Keys are addresses as integers, so
// the cache keeps no label slice alive.
var coxOrders struct {
	mu      sync.Mutex
	entries [4]coxOrderEntry
	next    int
}

type coxOrderEntry struct {
	addr uintptr
	ord  []int32
}

func cachedCoxOrder(label []float64) []int32 {
	if len(label) == 0 {
		return nil
	}
	addr := uintptr(unsafe.Pointer(&label[0]))
	coxOrders.mu.Lock()
	for _, e := range coxOrders.entries {
		if e.addr == addr && len(e.ord) == len(label) {
			coxOrders.mu.Unlock()
			if sortsLabels(e.ord, label) {
				return e.ord
			}
			coxOrders.mu.Lock()
			break
		}
	}
	coxOrders.mu.Unlock()
	ord := coxOrder(label)
	coxOrders.mu.Lock()
	coxOrders.entries[coxOrders.next] = coxOrderEntry{addr, ord}
	coxOrders.next = (coxOrders.next + 1) % len(coxOrders.entries)
	coxOrders.mu.Unlock()
	return ord
}

// sortsLabels reports whether ord is a permutation that sorts |label|
// ascending (ord comes from coxOrder on a slice of the same length, so it
// is a permutation).
func sortsLabels(ord []int32, label []float64) bool {
	for k := 1; k < len(ord); k++ {
		if !(math.Abs(label[ord[k-1]]) <= math.Abs(label[ord[k]])) {
			return false
		}
	}
	return true
}

func coxWeight(weight []float64, i int32) float64 {
	if weight == nil {
		return 1
	}
	return weight[i]
}

// coxRiskTotal returns the largest margin (the shift that keeps exp from
// overflowing; 0 when it is not finite) and Σ w_i exp(margin_i - shift)
// over the rows in ord, the risk set of the earliest time.
func coxRiskTotal(margin, weight []float64, ord []int32) (shift, total float64) {
	shift = math.Inf(-1)
	for _, m := range margin {
		shift = max(shift, m)
	}
	if math.IsInf(shift, 0) || math.IsNaN(shift) {
		shift = 0
	}
	for _, i := range ord {
		total += coxWeight(weight, i) * math.Exp(margin[i]-shift)
	}
	return shift, total
}

func (cox) Gradients(dst []GradPair, margin, label, weight []float64) {
	n := len(dst)
	label, margin = label[:n], margin[:n]
	if n == 0 {
		return
	}
	ord := cachedCoxOrder(label)
	// The risk set of a time is the total minus the weights of earlier
	// times.
	shift, total := coxRiskTotal(margin, weight, ord)
	var a, b float64
	for k := 0; k < n; {
		t := math.Abs(label[ord[k]])
		end := k
		var tied, dw float64
		for end < n && math.Abs(label[ord[end]]) == t {
			i := ord[end]
			w := coxWeight(weight, i)
			tied += w * math.Exp(margin[i]-shift)
			if label[i] > 0 {
				dw += w
			}
			end++
		}
		s := total
		if s > 0 && dw > 0 {
			a += dw / s
			b += dw / (s * s)
		}
		for _, i := range ord[k:end] {
			w := coxWeight(weight, i)
			e := math.Exp(margin[i] - shift)
			// A and B are in units of exp(-shift): w e a is invariant.
			g := w * e * a
			h := g - w*w*e*e*b
			if label[i] > 0 {
				g -= w
			}
			dst[i] = GradPair{g, max(h, 1e-16)}
		}
		total = max(total-tied, 0)
		k = end
	}
}

func (cox) Loss(margin, label, weight []float64) float64 {
	n := len(margin)
	if n == 0 {
		return math.NaN()
	}
	ord := cachedCoxOrder(label[:n])
	shift, total := coxRiskTotal(margin, weight, ord)
	var loss, events float64
	for k := 0; k < n; {
		t := math.Abs(label[ord[k]])
		end := k
		var tied float64
		for end < n && math.Abs(label[ord[end]]) == t {
			i := ord[end]
			w := coxWeight(weight, i)
			tied += w * math.Exp(margin[i]-shift)
			if label[i] > 0 {
				loss -= w * (margin[i] - shift - math.Log(total))
				events += w
			}
			end++
		}
		total = max(total-tied, 0)
		k = end
	}
	if events == 0 {
		return math.NaN()
	}
	return loss / events
}

// Concordance is Harrell's C of risk scores against right-censored times
// with R survival's conventions: a pair (i, j) is comparable when the one
// with the shorter time had an event (pairs tied on time are not
// comparable; an event and a censoring at the same time are, the censored
// one outliving); it is concordant when the shorter time has the higher
// risk, and a tie in risk counts one half:
//
//	C = (concordant + tied_risk/2) / (concordant + discordant + tied_risk)
//
// event holds 0/1; when event is nil, time follows the survival:cox label
// convention (negative = censored). Errors wrap ErrScore: lengths differ,
// a time that is 0 or not finite (or negative with an event column), an
// event not 0/1, a risk that is not finite, or no comparable pair. The
// pairs are counted with a Fenwick tree over the risk ranks: O(n log n).
//
// References:
//
//	F. E. Harrell et al. Evaluating the Yield of Medical Tests. JAMA 247, 1982, 2543-2546.
//	T. M. Therneau, E. Atkinson. The concordance statistic. Vignette of the R survival package, 2023.
func Concordance(time, event, risk []float64) (float64, error) {
	n := len(risk)
	if len(time) != n || (event != nil && len(event) != n) {
		return math.NaN(), fmt.Errorf("%w: concordance of %d times, %d events, %d risks", ErrScore, len(time), len(event), n)
	}
	for i := range n {
		t := time[i]
		switch {
		case math.IsNaN(t) || math.IsInf(t, 0) || t == 0 || (event != nil && t < 0):
			return math.NaN(), fmt.Errorf("%w: row %d time %v", ErrScore, i+1, t)
		case event != nil && event[i] != 0 && event[i] != 1:
			return math.NaN(), fmt.Errorf("%w: row %d event %v is not 0 or 1", ErrScore, i+1, event[i])
		case math.IsNaN(risk[i]) || math.IsInf(risk[i], 0):
			return math.NaN(), fmt.Errorf("%w: row %d risk %v", ErrScore, i+1, risk[i])
		}
	}
	isEvent := func(i int) bool {
		if event == nil {
			return time[i] > 0
		}
		return event[i] != 0
	}
	// Risk ranks for a Fenwick tree of counts.
	rs := slices.Clone(risk)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	rank := make([]int, n)
	for i, r := range risk {
		rank[i], _ = slices.BinarySearch(rs, r)
	}
	bit := make([]float64, len(rs)+1)
	add := func(k int) {
		for k++; k < len(bit); k += k & -k {
			bit[k]++
		}
	}
	below := func(k int) float64 { // rows inserted with rank < k
		var c float64
		for ; k > 0; k -= k & -k {
			c += bit[k]
		}
		return c
	}
	// Rows by time, longest first; within a time, censored rows go in
	// before the events of that time are scored (an event and a censoring
	// at the same time are comparable, two events are not).
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	slices.SortFunc(ord, func(a, b int) int { return cmp.Compare(math.Abs(time[b]), math.Abs(time[a])) })
	var conc, disc, tied, inserted float64
	for a := 0; a < n; {
		b := a + 1
		for b < n && math.Abs(time[ord[b]]) == math.Abs(time[ord[a]]) {
			b++
		}
		for _, i := range ord[a:b] {
			if !isEvent(i) {
				add(rank[i])
				inserted++
			}
		}
		for _, i := range ord[a:b] {
			if isEvent(i) {
				lo, le := below(rank[i]), below(rank[i]+1)
				conc += lo
				tied += le - lo
				disc += inserted - le
			}
		}
		for _, i := range ord[a:b] {
			if isEvent(i) {
				add(rank[i])
				inserted++
			}
		}
		a = b
	}
	d := conc + disc + tied
	if d == 0 {
		return math.NaN(), fmt.Errorf("%w: no comparable pair among %d rows (no event before another row's time)", ErrScore, n)
	}
	return (conc + tied/2) / d, nil
}
