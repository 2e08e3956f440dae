package survival

import (
	"context"
	"math"
)

// newtonFit is the outcome of the Newton-Raphson iterations on the scaled
// covariates.
type newtonFit struct {
	beta      []float64 // scaled
	vinv      []float64 // inverse (penalized) information at beta, p*p
	info      []float64 // unpenalized information at beta, p*p
	u         []float64 // score at beta (penalized for ridge)
	loglik0   float64
	loglik    float64 // unpenalized log partial likelihood at beta
	sctest    float64
	iter      int
	rank0     int // rank of the information at the start
	converged bool
}

func allFinite(v ...[]float64) bool {
	for _, s := range v {
		for _, x := range s {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
	}
	return true
}

// newton follows R's coxfit6: a step from beta = 0, then iterations until the
// relative change in the log likelihood is at most eps; when the likelihood
// drops (or is not finite) the step is pulled back towards the last good beta
// ever more aggressively.
func (cp *coxProblem) newton(ctx context.Context, maxIter int, eps float64) (*newtonFit, error) {
	p := cp.p
	beta := make([]float64, p)
	newbeta := make([]float64, p)
	var ev coxEval
	cp.eval(beta, &ev)
	nf := &newtonFit{loglik0: ev.loglik}
	m := append([]float64(nil), ev.imat...)
	rank, _ := cholesky2(m, p, cholTol)
	nf.rank0 = rank
	a := append([]float64(nil), ev.u...)
	chsolve2(m, p, a)
	for i := range p {
		nf.sctest += ev.u[i] * a[i]
	}
	if rank < p {
		// caller reports the collinear column; keep m for that
		nf.vinv = m
		return nf, nil
	}
	best := ev.loglik
	for i := range p {
		newbeta[i] = beta[i] + a[i]
	}
	halving := 0
	for iter := 1; iter <= maxIter; iter++ {
		if err := checkCtx(ctx); err != nil {
			return nil, err
		}
		cp.eval(newbeta, &ev)
		m = append(m[:0], ev.imat...)
		cholesky2(m, p, cholTol)
		finite := allFinite(ev.u, ev.imat) && !math.IsNaN(ev.loglik) && !math.IsInf(ev.loglik, 0)
		if finite && math.Abs(1-best/ev.loglik) <= eps {
			copy(beta, newbeta)
			nf.iter = iter
			nf.converged = true
			nf.loglik = ev.loglik
			nf.info = append([]float64(nil), ev.imat...)
			nf.u = append([]float64(nil), ev.u...)
			chinv2(m, p)
			nf.vinv = m
			nf.beta = beta
			return nf, nil
		}
		if !finite || ev.loglik < best {
			halving++
			for i := range p {
				newbeta[i] = (newbeta[i] + float64(halving)*beta[i]) / (float64(halving) + 1)
			}
			continue
		}
		halving = 0
		best = ev.loglik
		step := append([]float64(nil), ev.u...)
		chsolve2(m, p, step)
		for i := range p {
			beta[i] = newbeta[i]
			newbeta[i] += step[i]
		}
	}
	// ran out of iterations: report the last good beta
	cp.eval(beta, &ev)
	nf.iter = maxIter
	nf.loglik = ev.loglik
	nf.info = append([]float64(nil), ev.imat...)
	nf.u = append([]float64(nil), ev.u...)
	m = append(m[:0], ev.imat...)
	cholesky2(m, p, cholTol)
	chinv2(m, p)
	nf.vinv = m
	nf.beta = beta
	return nf, nil
}

// newtonRidge follows R's coxfit5 (coxpenal.fit) for a ridge penalty
// θ/2·Σβ²: the penalized likelihood is maximised, plain step-halving, and
// the iteration count starts at the evaluation at beta = 0.
func (cp *coxProblem) newtonRidge(ctx context.Context, maxIter int, eps, theta float64) (*newtonFit, error) {
	p := cp.p
	beta := make([]float64, p)
	oldbeta := make([]float64, p)
	var ev coxEval
	nf := &newtonFit{}
	best := 0.0
	halving := false
	m := make([]float64, p*p)
	var newlk float64
	var upen []float64
	for iter := 0; iter <= maxIter; iter++ {
		if err := checkCtx(ctx); err != nil {
			return nil, err
		}
		cp.eval(beta, &ev)
		if iter == 0 {
			nf.loglik0 = ev.loglik
		}
		pen := 0.0
		for _, b := range beta {
			pen += b * b
		}
		pen *= theta / 2
		newlk = ev.loglik - pen
		upen = append(upen[:0], ev.u...)
		for i := range p {
			upen[i] -= theta * beta[i]
		}
		copy(m, ev.imat)
		for i := range p {
			m[i*p+i] += theta
		}
		rank, _ := cholesky2(m, p, cholTol)
		if iter == 0 {
			nf.rank0 = rank
		}
		finite := allFinite(upen, ev.imat) && !math.IsNaN(newlk) && !math.IsInf(newlk, 0)
		if finite && (math.Abs(newlk) < eps || (math.Abs(1-best/newlk) <= eps && !halving)) {
			nf.iter = iter
			nf.converged = true
			break
		}
		nf.iter = iter
		if iter == maxIter {
			break
		}
		if iter > 0 && (!finite || newlk < best) {
			halving = true
			for i := range p {
				beta[i] = (oldbeta[i] + beta[i]) / 2
			}
			continue
		}
		halving = false
		best = newlk
		step := append([]float64(nil), upen...)
		chsolve2(m, p, step)
		for i := range p {
			oldbeta[i] = beta[i]
			beta[i] += step[i]
		}
	}
	nf.loglik = ev.loglik
	nf.info = append([]float64(nil), ev.imat...)
	nf.u = upen
	chinv2(m, p)
	nf.vinv = m
	nf.beta = beta
	return nf, nil
}
