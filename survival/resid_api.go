package survival

import (
	"context"
	"fmt"
	"math"
)

// Residuals of a fitted Cox model on its training data, in the input row
// order unless stated.
type Residuals struct {
	// Martingale: δ_i - Ĥ_i, Ĥ_i the fitted cumulative hazard of row i
	// (unweighted, as R).
	Martingale []float64
	// Deviance: sign(m)·sqrt(-2(m + δ log(δ - m))).
	Deviance []float64
	// Score: n rows of p, row-major, unweighted (R's type = "score").
	Score []float64
	// Schoenfeld: one row of p per event, x_i - x̄(t_i) (Efron: x̄ averaged
	// over the tied deaths' steps), ordered by stratum then time as R
	// returns them; SchoenfeldTime holds the event times.
	Schoenfeld     []float64
	SchoenfeldTime []float64
	// SchoenfeldRow is the input row of each Schoenfeld residual.
	SchoenfeldRow []int
}

// refit rebuilds the sorted, centred problem for the training data d and
// returns β on its scale.
func (m *CoxModel) refit(d *CoxData) (*coxProblem, []float64, error) {
	if m == nil || len(m.Coef) == 0 {
		panic(nilModel)
	}
	if len(d.X) != len(m.Coef) {
		return nil, nil, fmt.Errorf("%w: %d covariates for a model with %d", ErrInput, len(d.X), len(m.Coef))
	}
	if err := d.validate(); err != nil {
		return nil, nil, err
	}
	cp, _ := newProblem(d, m.Config)
	beta := make([]float64, cp.p)
	for j := range beta {
		beta[j] = m.Coef[j] / cp.scale[j]
	}
	return cp, beta, nil
}

// Residuals computes the martingale, deviance, score and Schoenfeld
// residuals on the training data d (the data given to Fit).
//
// References:
//
//	Therneau, T. M., Grambsch, P. M. and Fleming, T. R. (1990).
//	Martingale-based residuals for survival models. Biometrika 77, 147-160.
//	Schoenfeld, D. (1982). Partial residuals for the proportional hazards
//	regression model. Biometrika 69, 239-241.
func (m *CoxModel) Residuals(ctx context.Context, d CoxData) (*Residuals, error) {
	cp, beta, err := m.refit(&d)
	if err != nil {
		return nil, err
	}
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	n, p := cp.n, cp.p
	rp := cp.pass(beta, true)
	res := &Residuals{
		Martingale: make([]float64, n),
		Deviance:   make([]float64, n),
		Score:      make([]float64, n*p),
	}
	for k := range n {
		i := cp.orig[k]
		delta := 0.0
		if cp.death[k] {
			delta = 1
		}
		mr := delta - rp.score[k]*rp.hh[k]
		res.Martingale[i] = mr
		dv := -2 * mr
		if delta == 1 {
			dv = -2 * (mr + math.Log(1-mr))
		}
		res.Deviance[i] = math.Copysign(math.Sqrt(math.Max(dv, 0)), mr)
		row := cp.x[k*p : k*p+p]
		for c := range p {
			v := -rp.score[k] * (row[c]*rp.hh[k] - rp.xh[k*p+c])
			if cp.death[k] {
				v += row[c] - rp.xb[k*p+c]
			}
			res.Score[int(i)*p+c] = v / cp.scale[c]
		}
	}
	for k := range n {
		if !cp.death[k] {
			continue
		}
		for c := range p {
			res.Schoenfeld = append(res.Schoenfeld, (cp.x[k*p+c]-rp.xb[k*p+c])/cp.scale[c])
		}
		res.SchoenfeldTime = append(res.SchoenfeldTime, cp.stop[k])
		res.SchoenfeldRow = append(res.SchoenfeldRow, int(cp.orig[k]))
	}
	return res, nil
}
