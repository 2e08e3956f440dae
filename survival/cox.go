package survival

import (
	"context"
	"fmt"
	"math"
)

// Ties names the approximation for tied event times.
type Ties string

const (
	// Efron (the default, as R's coxph).
	Efron Ties = "efron"
	// Breslow.
	Breslow Ties = "breslow"
)

// Cox fits Cox proportional hazards models by Newton-Raphson exactly as R's
// coxph (survival 3.5): covariates centred at their (weighted) means unless
// all their values lie in {-1, 0, 1}, and scaled by their mean absolute
// deviation; step-halving when the log partial likelihood decreases; stop
// when |1 - L_old/L_new| <= Eps. The zero value means R's defaults.
//
// The log partial likelihood with Efron's approximation, for the d_j tied
// deaths D_j at time t_j, risk set R_j and r_i = w_i exp(x_i'β), is
//
//	l(β) = sum_j [ sum_{i in D_j} w_i x_i'β
//	        - w̄_j sum_{k=0}^{d_j-1} log( sum_{R_j} r_i - k/d_j sum_{D_j} r_i ) ]
//
// (Breslow: the k term is dropped). A ridge penalty θ/2·Σβ² (R's
// ridge(..., theta, scale=FALSE)) is subtracted when Ridge > 0.
//
// References:
//
//	Cox, D. R. (1972). Regression models and life-tables. JRSS B 34, 187-220.
//	Efron, B. (1977). The efficiency of Cox's likelihood function for
//	censored data. JASA 72, 557-565.
//	Therneau, T. M. and Grambsch, P. M. (2000). Modeling Survival Data:
//	Extending the Cox Model. Springer.
type Cox struct {
	Ties    Ties    `json:"ties"`     // Zero means Efron.
	MaxIter int     `json:"iter_max"` // Zero means 20 (coxph.control iter.max).
	Eps     float64 `json:"eps"`      // Zero means 1e-9 (coxph.control eps).
	Ridge   float64 `json:"ridge"`    // θ of a ridge penalty; zero means none.
	// Robust adds the sandwich (dfbeta) variance; with Cluster set in the
	// data, residuals are summed within clusters first. As in R, the robust
	// variance is also used, without setting Robust, when the data have a
	// Cluster column or a weight that is not a whole number, unless
	// ModelVariance is set.
	Robust        bool `json:"robust"`
	ModelVariance bool `json:"model_variance"`
	Workers       int  `json:"-"` // Zero means GOMAXPROCS.
}

// CoxData is the input of a Cox fit. X holds one slice per covariate (all of
// length n). Start is nil for right-censored data, else the left ends of
// (start, stop] intervals. Strata, Weights and Cluster are optional (nil).
type CoxData struct {
	Names   []string
	X       [][]float64
	Time    []float64
	Event   []float64
	Start   []float64
	Strata  []string
	Weights []float64
	Cluster []string
}

// Test is a chi-square test.
type Test struct {
	Chisq float64 `json:"chisq"`
	DF    float64 `json:"df"`
	P     float64 `json:"p"`
}

// Concordance holds Harrell's C with R's conventions (pairs tied on time are
// not comparable; tied risk scores count one half; an event and a censoring
// at the same time are comparable, the censored one outliving):
//
//	C = (concordant + tied_x/2) / (concordant + discordant + tied_x)
//
// SE is R's infinitesimal-jackknife standard error (summed within clusters
// for robust fits), counts are weighted by the case weights.
//
// References:
//
//	Harrell, F. E. et al. (1982). Evaluating the yield of medical tests.
//	JAMA 247, 2543-2546.
//	Therneau, T. M. and Atkinson, E. (2023). The concordance statistic.
//	Vignette of the R survival package.
type Concordance struct {
	C          float64 `json:"concordance"`
	SE         float64 `json:"se"`
	Concordant float64 `json:"concordant"`
	Discordant float64 `json:"discordant"`
	TiedX      float64 `json:"tied_x"`
	TiedY      float64 `json:"tied_y"`
	TiedXY     float64 `json:"tied_xy"`
}

func (c Cox) resolve() (Cox, error) {
	if c.Ties == "" {
		c.Ties = Efron
	}
	if c.Ties != Efron && c.Ties != Breslow {
		return c, fmt.Errorf("%w: ties %q (want efron or breslow)", ErrInput, string(c.Ties))
	}
	if c.MaxIter == 0 {
		c.MaxIter = 20
	}
	if c.Eps == 0 {
		c.Eps = 1e-9
	}
	if c.MaxIter < 0 || !(c.Eps > 0) || c.Ridge < 0 || math.IsNaN(c.Ridge) || math.IsInf(c.Ridge, 0) {
		return c, fmt.Errorf("%w: max iter %d, eps %v, ridge %v", ErrInput, c.MaxIter, c.Eps, c.Ridge)
	}
	if c.Workers < 0 {
		return c, fmt.Errorf("%w: workers %d", ErrInput, c.Workers)
	}
	return c, nil
}

func (d *CoxData) validate() error {
	n := len(d.Time)
	if n == 0 {
		return fmt.Errorf("%w: no rows", ErrInput)
	}
	if len(d.X) == 0 {
		return fmt.Errorf("%w: no covariates", ErrInput)
	}
	if len(d.Names) != len(d.X) {
		return fmt.Errorf("%w: %d names for %d covariates", ErrInput, len(d.Names), len(d.X))
	}
	if len(d.Event) != n || (d.Start != nil && len(d.Start) != n) || (d.Strata != nil && len(d.Strata) != n) ||
		(d.Weights != nil && len(d.Weights) != n) || (d.Cluster != nil && len(d.Cluster) != n) {
		return fmt.Errorf("%w: time, event, start, strata, weights and cluster lengths differ", ErrInput)
	}
	for j, col := range d.X {
		if len(col) != n {
			return fmt.Errorf("%w: covariate %q has %d values for %d rows", ErrInput, d.Names[j], len(col), n)
		}
		for i, v := range col {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &DataError{Field: d.Names[j], Row: i, Value: v, Err: ErrCovariate}
			}
		}
	}
	if err := checkTimeEvent(d.Start, d.Time, d.Event); err != nil {
		return err
	}
	for i, w := range d.Weights {
		if !(w > 0) || math.IsInf(w, 0) {
			return &DataError{Field: "weight", Row: i, Value: w, Err: ErrWeight}
		}
	}
	ev := 0
	for _, e := range d.Event {
		if e == 1 {
			ev++
		}
	}
	if ev == 0 {
		return fmt.Errorf("%w: all %d rows are censored", ErrNoEvents, n)
	}
	for j, col := range d.X {
		constant := true
		for _, v := range col[1:] {
			if v != col[0] {
				constant = false
				break
			}
		}
		if constant {
			return fmt.Errorf("%w: %q has the single value %v", ErrConstant, d.Names[j], col[0])
		}
	}
	return nil
}

// newProblem sorts the data once by (stratum, stop) and centres and scales
// the covariates. Weighted means; columns whose values all lie in {-1,0,1}
// are neither centred nor scaled (R's nocenter). With ridge, R's coxfit5
// centres at unweighted means and does not scale.
func newProblem(d *CoxData, c Cox) (*coxProblem, []string) {
	n, p := len(d.Time), len(d.X)
	keys := make([]uint64, n)
	for i, t := range d.Time {
		keys[i] = floatKey(t)
	}
	order := sortOrder(keys)
	var levels []string
	var codes []int
	if d.Strata != nil {
		levels, codes = groupCodes(d.Strata)
		order = stablePartition(order, codes, len(levels))
	} else {
		levels = []string{""}
	}
	cp := &coxProblem{n: n, p: p, efron: c.Ties == Efron, workers: c.Workers}
	cp.orig = order
	cp.stop = make([]float64, n)
	cp.death = make([]bool, n)
	cp.wt = make([]float64, n)
	cp.strat = make([]int32, n)
	counts := make([]int, len(levels))
	for k, i := range order {
		cp.stop[k] = d.Time[i]
		cp.death[k] = d.Event[i] == 1
		cp.wt[k] = 1
		if d.Weights != nil {
			cp.wt[k] = d.Weights[i]
		}
		if codes != nil {
			cp.strat[k] = int32(codes[i])
			counts[codes[i]]++
		} else {
			counts[0]++
		}
	}
	cp.sbounds = make([]int, len(levels)+1)
	for s, cnt := range counts {
		cp.sbounds[s+1] = cp.sbounds[s] + cnt
	}
	if d.Start != nil {
		cp.start = make([]float64, n)
		skeys := make([]uint64, n)
		for k, i := range order {
			cp.start[k] = d.Start[i]
			skeys[k] = floatKey(d.Start[i])
		}
		so := sortOrder(skeys)
		sc := make([]int, n)
		for k := range sc {
			sc[k] = int(cp.strat[k])
		}
		cp.sstart = stablePartition(so, sc, len(levels))
	}
	cp.means = make([]float64, p)
	cp.scale = make([]float64, p)
	cp.x = make([]float64, n*p)
	x := cp.x
	// per column, from the input (sequential reads): the {-1,0,1} test, the
	// (weighted) mean and the mean absolute deviation that scales it
	var win []float64 // weights in input order
	if d.Weights != nil && c.Ridge == 0 {
		win = d.Weights
	}
	sw := float64(n)
	if win != nil {
		sw = 0
		for _, w := range win {
			sw += w
		}
	}
	parallelChunks(p*chunkRows, cp.nWorkers(), func(j, _, _ int) {
		col := d.X[j]
		cp.scale[j] = 1
		zeroOne := true
		for _, v := range col {
			if v != 0 && v != 1 && v != -1 {
				zeroOne = false
				break
			}
		}
		if zeroOne {
			return
		}
		sum := 0.0
		if win != nil {
			for i, v := range col {
				sum += win[i] * v
			}
		} else {
			for _, v := range col {
				sum += v
			}
		}
		m := sum / sw
		cp.means[j] = m
		if c.Ridge > 0 {
			return
		}
		mad := 0.0
		if win != nil {
			for i, v := range col {
				mad += win[i] * math.Abs(v-m)
			}
		} else {
			for _, v := range col {
				mad += math.Abs(v - m)
			}
		}
		if mad > 0 {
			cp.scale[j] = sw / mad
		}
	})
	// transform and transpose to rows in input order (sequential reads),
	// then gather whole rows in sorted order: one random access per row
	xin := make([]float64, n*p)
	parallelChunks(n, cp.nWorkers(), func(_, lo, hi int) {
		for j, col := range d.X {
			m, sc := cp.means[j], cp.scale[j]
			for i := lo; i < hi; i++ {
				xin[i*p+j] = (col[i] - m) * sc
			}
		}
	})
	parallelChunks(n, cp.nWorkers(), func(_, lo, hi int) {
		copyRows(x[lo*p:hi*p], xin, order[lo:hi], p)
	})
	return cp, levels
}

// stablePartition reorders order so rows are grouped by code (ascending),
// keeping the relative order within each code.
func stablePartition(order []int32, codes []int, ncode int) []int32 {
	start := make([]int, ncode+1)
	for _, i := range order {
		start[codes[i]+1]++
	}
	for s := range ncode {
		start[s+1] += start[s]
	}
	out := make([]int32, len(order))
	for _, i := range order {
		c := codes[i]
		out[start[c]] = i
		start[c]++
	}
	return out
}

// checkCtx returns ctx.Err() without blocking.
func checkCtx(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
	}
}

// copyRows copies row order[k] of src (p values per row) to row k of dst.
func copyRows(dst, src []float64, order []int32, p int) {
	for k, i := range order {
		copy(dst[k*p:k*p+p], src[int(i)*p:int(i)*p+p])
	}
}
