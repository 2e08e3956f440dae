package hpo

import (
	"math"
	"slices"
)

// Pruner decides whether a running trial should stop early, from its
// reported intermediate values and the other trials of the study (trials, in
// number order, excluding t).
type Pruner interface {
	Prune(trials []FrozenTrial, dir Direction, t FrozenTrial) bool
}

// Median is Optuna's MedianPruner (a PercentilePruner at 50): at step s it
// stops a trial whose best value reported so far is worse than the median of
// the values the COMPLETE trials reported at step s.
//
//	prune ⇔ n_complete ≥ StartupTrials, s ≥ WarmupSteps, s is the first report
//	        in its interval, #complete trials with a value at s ≥ MinTrials, and
//	        best_{k ≤ s} v_k > median{ v_s(j) : j complete }   (minimising)
//
// The median interpolates linearly (numpy.percentile). A trial whose values
// are all NaN is pruned. Pruned and running trials do not count.
type Median struct {
	// StartupTrials: no pruning until this many trials are complete. Zero
	// means 5, Optuna's default; use a negative value for none.
	StartupTrials int `json:"startup_trials"`
	// WarmupSteps: steps below it are never pruned. Zero means none.
	WarmupSteps int `json:"warmup_steps"`
	// IntervalSteps between checks. Zero means 1.
	IntervalSteps int `json:"interval_steps"`
	// MinTrials complete trials with a value at the step are needed. Zero
	// means 1.
	MinTrials int `json:"min_trials"`
}

var _ Pruner = Median{}

// Prune implements Pruner.
func (m Median) Prune(trials []FrozenTrial, dir Direction, t FrozenTrial) bool {
	startup := m.StartupTrials
	if startup == 0 {
		startup = 5
	}
	interval := max(m.IntervalSteps, 1)
	minTrials := max(m.MinTrials, 1)
	nComplete := 0
	for _, o := range trials {
		if o.State == Complete {
			nComplete++
		}
	}
	if nComplete == 0 || nComplete < startup {
		return false
	}
	step := t.LastStep()
	if step < 0 || step < m.WarmupSteps {
		return false
	}
	// Optuna's _is_first_in_interval_step.
	nearest := (step-m.WarmupSteps)/interval*interval + m.WarmupSteps
	second := -1
	for s := range t.Intermediate {
		if s > second && s != step {
			second = s
		}
	}
	if second >= nearest {
		return false
	}
	best := math.NaN()
	for _, v := range t.Intermediate {
		if math.IsNaN(v) {
			continue
		}
		if math.IsNaN(best) || (dir == Maximize && v > best) || (dir == Minimize && v < best) {
			best = v
		}
	}
	if math.IsNaN(best) {
		return true
	}
	var vals []float64
	for _, o := range trials {
		if o.State != Complete {
			continue
		}
		if v, ok := o.Intermediate[step]; ok && !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	if len(vals) < minTrials || len(vals) == 0 {
		return false
	}
	slices.Sort(vals)
	med := Percentile(vals, 50)
	if dir == Maximize {
		return best < med
	}
	return best > med
}

// Percentile returns the q-th percentile (0 ≤ q ≤ 100) of sorted values with
// linear interpolation between closest ranks (numpy.percentile's default):
//
//	pos = q/100·(n−1),  P = x[⌊pos⌋] + (x[⌈pos⌉] − x[⌊pos⌋])·(pos − ⌊pos⌋)
//
// It returns NaN for no values.
func Percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	pos := q / 100 * float64(len(sorted)-1)
	lo, hi := int(math.Floor(pos)), int(math.Ceil(pos))
	return sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
}

// SuccessiveHalving is asynchronous successive halving (ASHA, Li et al.
// 2020), Optuna's SuccessiveHalvingPruner. Rung k is reached at step
//
//	r_k = MinResource · ReductionFactor^(MinEarlyStoppingRate + k)
//
// and a trial reaching it is promoted (goes on) only when its value there is
// among the best 1/ReductionFactor of the values every trial (itself
// included) had at rung k; while fewer than ReductionFactor trials have
// reached the rung it must be the best of them.
type SuccessiveHalving struct {
	// MinResource r is the first rung's step. Zero means Optuna's "auto":
	// max(1, largest last step of the complete trials / 100), and no pruning
	// until a trial has completed.
	MinResource int `json:"min_resource"`
	// ReductionFactor η. Zero means 4.
	ReductionFactor int `json:"reduction_factor"`
	// MinEarlyStoppingRate s. Zero means 0.
	MinEarlyStoppingRate int `json:"min_early_stopping_rate"`
	// BootstrapCount: a rung needs more than this many values before
	// promoting anyone. Zero means 0.
	BootstrapCount int `json:"bootstrap_count"`
}

var _ Pruner = SuccessiveHalving{}

// Prune implements Pruner.
func (sh SuccessiveHalving) Prune(trials []FrozenTrial, dir Direction, t FrozenTrial) bool {
	step := t.LastStep()
	if step < 0 {
		return false
	}
	eta := sh.ReductionFactor
	if eta <= 1 {
		eta = 4
	}
	r := sh.MinResource
	if r <= 0 {
		last := -1
		for _, o := range trials {
			if o.State == Complete {
				last = max(last, o.LastStep())
			}
		}
		if last < 0 {
			return false
		}
		r = max(last/100, 1)
	}
	// Judge the highest rung reached, once: at the first report at or after
	// its step (a trial that is still running passed the earlier rungs).
	rung := -1
	for k := 0; ; k++ {
		if r*ipow(eta, sh.MinEarlyStoppingRate+k) > step {
			break
		}
		rung = k
	}
	if rung < 0 {
		return false
	}
	at := r * ipow(eta, sh.MinEarlyStoppingRate+rung)
	first, value := rungStep(t, at)
	if first != step {
		return false
	}
	if math.IsNaN(value) {
		return true
	}
	competing := []float64{value}
	for _, o := range trials {
		if s, v := rungStep(o, at); s >= 0 && !math.IsNaN(v) {
			competing = append(competing, v)
		}
	}
	if len(competing) <= sh.BootstrapCount {
		return true
	}
	idx := max(len(competing)/eta-1, 0)
	slices.Sort(competing)
	if dir == Maximize {
		return value < competing[len(competing)-1-idx]
	}
	return value > competing[idx]
}

// rungStep returns the first step ≥ at that t reported and its value, or
// -1 when there is none.
func rungStep(t FrozenTrial, at int) (int, float64) {
	best, v := -1, 0.0
	for s, x := range t.Intermediate {
		if s >= at && (best < 0 || s < best) {
			best, v = s, x
		}
	}
	return best, v
}

func ipow(b, e int) int {
	p := 1
	for range e {
		if p > math.MaxInt/b {
			return math.MaxInt
		}
		p *= b
	}
	return p
}
