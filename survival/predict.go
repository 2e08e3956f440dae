package survival

import (
	"fmt"
	"math"
	"sort"
)

// LinearPredictor returns x'β for one subject (uncentred). It allocates
// nothing. It panics if len(x) differs from the number of covariates.
func (m *CoxModel) LinearPredictor(x []float64) float64 {
	if m == nil || len(m.Coef) == 0 {
		panic(nilModel)
	}
	if len(x) != len(m.Coef) {
		panic(badRowLength)
	}
	s := 0.0
	for j, b := range m.Coef {
		s += b * x[j]
	}
	return s
}

// stratumIndex returns the index of the stratum level s (0 when the model is
// not stratified).
func (m *CoxModel) stratumIndex(s string) (int, error) {
	if m.Strata == nil {
		return 0, nil
	}
	for i, l := range m.Strata {
		if l == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: stratum %q was not in the training data", ErrInput, s)
}

// LinearPredictors writes the linear predictor of each row of the columns x
// (one slice per covariate) into dst. Uncentred it is x'β; centred it is R's
// predict(type = "lp"): x'β - Σ means·β, or for a stratified model x'β less
// the same at the row's stratum means (reference = "strata"). strata is used
// only for centred predictions from stratified models.
func (m *CoxModel) LinearPredictors(dst []float64, x [][]float64, strata []string, centered bool) ([]float64, error) {
	if m == nil || len(m.Coef) == 0 {
		panic(nilModel)
	}
	p := len(m.Coef)
	if len(x) != p {
		return nil, fmt.Errorf("%w: %d covariate columns for %d coefficients", ErrInput, len(x), p)
	}
	n := len(x[0])
	for _, c := range x {
		if len(c) != n {
			return nil, fmt.Errorf("%w: covariate columns of different lengths", ErrInput)
		}
	}
	if dst == nil {
		dst = make([]float64, n)
	} else if len(dst) != n {
		panic(badDstLength)
	}
	clear(dst)
	for j, b := range m.Coef {
		for i, v := range x[j] {
			dst[i] += b * v
		}
	}
	if !centered {
		return dst, nil
	}
	if m.Strata == nil {
		c := 0.0
		for j, b := range m.Coef {
			c += b * m.Means[j]
		}
		for i := range dst {
			dst[i] -= c
		}
		return dst, nil
	}
	if len(strata) != n {
		return nil, fmt.Errorf("%w: centred predictions of a stratified model need the strata of all %d rows", ErrInput, n)
	}
	shift := make([]float64, len(m.Strata))
	for s, mu := range m.StrataMeans {
		for j, b := range m.Coef {
			shift[s] += b * mu[j]
		}
	}
	for i := range dst {
		s, err := m.stratumIndex(strata[i])
		if err != nil {
			return nil, err
		}
		dst[i] -= shift[s]
	}
	return dst, nil
}

// Risks writes exp of the linear predictors (R's predict(type = "risk") when
// centred) into dst; see LinearPredictors.
func (m *CoxModel) Risks(dst []float64, x [][]float64, strata []string, centered bool) ([]float64, error) {
	dst, err := m.LinearPredictors(dst, x, strata, centered)
	if err != nil {
		return nil, err
	}
	for i, v := range dst {
		dst[i] = math.Exp(v)
	}
	return dst, nil
}

// BaselineCumHaz returns the baseline cumulative hazard (x = 0) of the stratum
// (ignored when unstratified) at each of times: the step function's value
// at the last baseline time <= t, 0 before the first.
func (m *CoxModel) BaselineCumHaz(dst []float64, stratum string, times []float64) ([]float64, error) {
	s, err := m.stratumIndex(stratum)
	if err != nil {
		return nil, err
	}
	if dst == nil {
		dst = make([]float64, len(times))
	} else if len(dst) != len(times) {
		panic(badDstLength)
	}
	b := &m.Baseline[s]
	for i, t := range times {
		j := sort.SearchFloat64s(b.Time, math.Nextafter(t, math.Inf(1))) - 1
		if j < 0 {
			dst[i] = 0
		} else {
			dst[i] = b.CumHaz[j]
		}
	}
	return dst, nil
}

// SurvivalAt writes S(t | x) = exp(-H0(t)·exp(x'β)) for one subject with
// covariates x in the given stratum at each of times into dst (R's
// survfit(fit, newdata) with stype 2; Efron-corrected H0 after an Efron
// fit).
func (m *CoxModel) SurvivalAt(dst []float64, x []float64, stratum string, times []float64) ([]float64, error) {
	dst, err := m.BaselineCumHaz(dst, stratum, times)
	if err != nil {
		return nil, err
	}
	r := math.Exp(m.LinearPredictor(x))
	for i, h := range dst {
		dst[i] = math.Exp(-h * r)
	}
	return dst, nil
}

// SurvivalCurves writes the survival of each row of the columns x at each
// of times into dst, row-major (len(dst) = rows·len(times)); memory is
// bounded by the caller's grid. strata is nil for unstratified models.
func (m *CoxModel) SurvivalCurves(dst []float64, x [][]float64, strata []string, times []float64) ([]float64, error) {
	lp, err := m.LinearPredictors(nil, x, nil, false)
	if err != nil {
		return nil, err
	}
	n, k := len(lp), len(times)
	if dst == nil {
		dst = make([]float64, n*k)
	} else if len(dst) != n*k {
		panic(badDstLength)
	}
	if m.Strata != nil && len(strata) != n {
		return nil, fmt.Errorf("%w: a stratified model needs the strata of all %d rows", ErrInput, n)
	}
	hs := make([][]float64, len(m.Baseline))
	for i := range n {
		s := 0
		if m.Strata != nil {
			if s, err = m.stratumIndex(strata[i]); err != nil {
				return nil, err
			}
		}
		if hs[s] == nil {
			if hs[s], err = m.BaselineCumHaz(nil, m.Baseline[s].Stratum, times); err != nil {
				return nil, err
			}
		}
		r := math.Exp(lp[i])
		for j, h := range hs[s] {
			dst[i*k+j] = math.Exp(-h * r)
		}
	}
	return dst, nil
}
