package survival

import (
	"context"
	"fmt"
	"math"
)

// Baseline is the baseline cumulative hazard of one stratum at every distinct
// observed time, uncentred (x = 0), as R's basehaz(fit, centered = FALSE).
type Baseline struct {
	Stratum string    `json:"stratum"`
	Time    []float64 `json:"time"`
	// CumHaz uses the increments R uses for survival curves after the fit:
	// Efron-corrected after an Efron fit (survfit ctype 2), else Breslow.
	CumHaz []float64 `json:"cumhaz"`
	// CumHazBreslow uses Breslow increments sum w_deaths / sum r (ctype 1).
	CumHazBreslow []float64 `json:"cumhaz_breslow"`
}

// CoxModel is a fitted Cox model. It is immutable (do not modify its slices)
// and safe for concurrent use; it holds no training data.
type CoxModel struct {
	Config   Cox       `json:"config"`
	Names    []string  `json:"covariates"`
	Coef     []float64 `json:"coef"`
	SE       []float64 `json:"se"`        // model-based
	RobustSE []float64 `json:"robust_se"` // nil unless Robust
	// Z and P use the robust variance when Robust, as R's summary does.
	Z        []float64 `json:"z"`
	P        []float64 `json:"p"`
	Var      []float64 `json:"var"`                 // p*p row-major; the robust one when Robust
	NaiveVar []float64 `json:"naive_var,omitempty"` // model-based p*p when Robust
	// Var2 is var·I·var for ridge fits (R's var2).
	Var2  []float64 `json:"var2,omitempty"`
	Means []float64 `json:"means"` // centring used for the linear predictor (0 for {-1,0,1} covariates)
	// Loglik is R's c(null model, fitted) log partial likelihood; for ridge
	// fits the fitted value is unpenalized.
	Loglik          [2]float64  `json:"loglik"`
	Penalty         float64     `json:"penalty,omitempty"`
	DF              float64     `json:"df"` // degrees of freedom (trace(var·I) for ridge)
	Iterations      int         `json:"iterations"`
	N               int         `json:"n"`
	NEvent          int         `json:"n_event"`
	LRTest          Test        `json:"lr_test"`
	WaldTest        Test        `json:"wald_test"`
	ScoreTest       Test        `json:"score_test"` // NaN for ridge fits
	RobustScoreTest *Test       `json:"robust_score_test,omitempty"`
	Concordance     Concordance `json:"concordance"`
	Warnings        []string    `json:"warnings,omitempty"`
	Strata          []string    `json:"strata,omitempty"`       // stratum levels; nil when unstratified
	StrataMeans     [][]float64 `json:"strata_means,omitempty"` // per stratum weighted means of every covariate
	Baseline        []Baseline  `json:"baseline"`
	Converged       bool        `json:"converged"`
}

// Fit fits the model. Rows must be complete (drop missing values first);
// constant or collinear covariates, bad times, events or weights and data
// without events are errors. When R would warn and proceed (monotone
// likelihood: a coefficient drifting to infinity, or no convergence), the fit
// is returned with the same numbers and the warning in Warnings.
func (c Cox) Fit(ctx context.Context, d CoxData) (*CoxModel, error) {
	c, err := c.resolve()
	if err != nil {
		return nil, err
	}
	if err := d.validate(); err != nil {
		return nil, err
	}
	if d.Start, d.Time, err = timeFix(d.Start, d.Time); err != nil {
		return nil, err
	}
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	if !c.ModelVariance && !c.Robust {
		// R's coxph default: robust when clustered or with fractional weights
		c.Robust = d.Cluster != nil
		for _, w := range d.Weights {
			if w != math.Floor(w) {
				c.Robust = true
				break
			}
		}
	}
	if c.ModelVariance {
		c.Robust = false
	}
	cp, levels := newProblem(&d, c)
	p := cp.p
	var nf *newtonFit
	if c.Ridge > 0 {
		nf, err = cp.newtonRidge(ctx, c.MaxIter, c.Eps, c.Ridge)
	} else {
		nf, err = cp.newton(ctx, c.MaxIter, c.Eps)
	}
	if err != nil {
		return nil, err
	}
	if nf.rank0 < p {
		for i := range p {
			if nf.vinv[i*p+i] == 0 {
				return nil, fmt.Errorf("%w: %q is a linear combination of the covariates before it, or carries no information in the risk sets", ErrCollinear, d.Names[i])
			}
		}
		return nil, fmt.Errorf("%w: information matrix is singular", ErrCollinear)
	}
	if !allFinite(nf.beta, nf.vinv) || math.IsNaN(nf.loglik) || math.IsInf(nf.loglik, 0) {
		return nil, fmt.Errorf("%w: non-finite coefficients after %d iterations", ErrDiverged, nf.iter)
	}
	m := &CoxModel{Config: c, Names: append([]string(nil), d.Names...), N: cp.n, Converged: nf.converged}
	if d.Strata != nil {
		m.Strata = levels
	}
	for _, dd := range cp.death {
		if dd {
			m.NEvent++
		}
	}
	m.Coef = make([]float64, p)
	u := make([]float64, p)
	naive := make([]float64, p*p)
	info := make([]float64, p*p)
	for i := range p {
		m.Coef[i] = nf.beta[i] * cp.scale[i]
		u[i] = nf.u[i] / cp.scale[i]
		for j := range p {
			naive[i*p+j] = nf.vinv[i*p+j] * cp.scale[i] * cp.scale[j]
			info[i*p+j] = nf.info[i*p+j] / (cp.scale[i] * cp.scale[j])
		}
	}
	for j := range p {
		if !allFinite(m.Coef[j:j+1], naive[j*p:j*p+p]) || !(naive[j*p+j] > 0) {
			return nil, fmt.Errorf("%w: coefficient or variance of %q is not representable (value %v): rescale the covariate", ErrDiverged, d.Names[j], m.Coef[j])
		}
	}
	m.Means = append([]float64(nil), cp.means...)
	m.Loglik = [2]float64{nf.loglik0, nf.loglik}
	m.Iterations = nf.iter
	m.DF = float64(p)
	if c.Ridge > 0 {
		for _, b := range m.Coef {
			m.Penalty += b * b
		}
		m.Penalty *= c.Ridge / 2
		// var2 = V I V, df = trace(V I)
		vi := matMul(naive, info, p)
		m.Var2 = matMul(vi, naive, p)
		m.DF = 0
		for i := range p {
			m.DF += vi[i*p+i]
		}
	}
	m.Var = naive
	m.SE = make([]float64, p)
	for i := range p {
		m.SE[i] = math.Sqrt(naive[i*p+i])
	}
	if c.Ridge == 0 {
		m.Warnings = monotoneWarnings(u, naive, m.Coef, c.Eps, nf.converged)
	}
	if c.Robust {
		// as coxph, also for a penalized fit: dfbeta residuals use the
		// inverse penalized information, and the Wald test then uses
		// the robust variance (coxpenal.fit sets no wald.test of its own)
		rv, rscore, err := cp.robust(nf.beta, naive, d.Cluster)
		if err != nil {
			return nil, err
		}
		m.NaiveVar = naive
		m.Var = rv
		m.RobustSE = make([]float64, p)
		for i := range p {
			m.RobustSE[i] = math.Sqrt(rv[i*p+i])
		}
		m.RobustScoreTest = &Test{Chisq: rscore, DF: float64(p), P: chisqSurvival(rscore, float64(p))}
	}
	se := m.SE
	if m.RobustSE != nil {
		se = m.RobustSE
	}
	m.Z = make([]float64, p)
	m.P = make([]float64, p)
	for i := range p {
		m.Z[i] = m.Coef[i] / se[i]
		m.P[i] = normTwoSided(m.Z[i])
	}
	if !allFinite(m.Z, m.P, m.RobustSE, m.Var) {
		return nil, fmt.Errorf("%w: non-finite standard errors (covariates on extreme scales?)", ErrDiverged)
	}
	lr := 2 * (m.Loglik[1] - m.Loglik[0])
	m.LRTest = Test{Chisq: lr, DF: m.DF, P: chisqSurvival(lr, m.DF)}
	wald := waldTest(m.Var, m.Coef, p)
	if c.Ridge > 0 {
		m.WaldTest = Test{Chisq: wald, DF: math.NaN(), P: math.NaN()}
		m.ScoreTest = Test{Chisq: math.NaN(), DF: math.NaN(), P: math.NaN()}
	} else {
		m.WaldTest = Test{Chisq: wald, DF: float64(p), P: chisqSurvival(wald, float64(p))}
		m.ScoreTest = Test{Chisq: nf.sctest, DF: float64(p), P: chisqSurvival(nf.sctest, float64(p))}
	}
	// linear predictor on the sorted rows (any centring: concordance and
	// hazards only use differences and ratios)
	cp.linearPredictor(nf.beta)
	var cluster []int
	if c.Robust && d.Cluster != nil {
		_, cl := groupCodes(d.Cluster)
		cluster = make([]int, cp.n)
		for k, i := range cp.orig {
			cluster[k] = cl[i]
		}
	}
	m.Concordance = cp.concordance(cp.eta, cluster)
	m.Baseline = cp.baseline(nf.beta, m.Coef, cp.means, levels)
	if d.Start != nil && d.Weights != nil {
		// R's agreg.fit reports colMeans(x), unweighted, for (start, stop]
		// data even with case weights (coxph.fit's are weighted); the
		// centring used inside the fit does not change the estimates.
		m.Means = unweightedMeans(d.X)
	}
	if d.Strata != nil {
		m.StrataMeans = cp.strataMeans(&d)
	}
	return m, nil
}

func matMul(a, b []float64, p int) []float64 {
	out := make([]float64, p*p)
	for i := range p {
		for k := range p {
			aik := a[i*p+k]
			for j := range p {
				out[i*p+j] += aik * b[k*p+j]
			}
		}
	}
	return out
}

// waldTest is b' V⁻¹ b as R's coxph.wtest (Cholesky with R's tolerance).
func waldTest(v, b []float64, p int) float64 {
	x := append([]float64(nil), b...)
	cholSolve(v, p, x)
	s := 0.0
	for i := range p {
		s += b[i] * x[i]
	}
	return s
}

// monotoneWarnings reproduces coxph.fit's checks after the iterations.
func monotoneWarnings(u, v, coef []float64, eps float64, converged bool) []string {
	p := len(u)
	if !converged {
		return []string{"Ran out of iterations and did not converge"}
	}
	tolInf := math.Sqrt(eps)
	var bad []int
	for j := range p {
		s := 0.0
		for i := range p {
			s += u[i] * v[i*p+j]
		}
		s = math.Abs(s)
		if math.IsNaN(u[j]) || math.IsInf(u[j], 0) || (s > eps && s > tolInf*math.Abs(coef[j])) {
			bad = append(bad, j+1)
		}
	}
	if bad == nil {
		return nil
	}
	list := ""
	for k, j := range bad {
		if k > 0 {
			list += ","
		}
		list += fmt.Sprint(j)
	}
	return []string{fmt.Sprintf("Loglik converged before variable  %s ; coefficient may be infinite. ", list)}
}

// strataMeans returns the weighted mean of every covariate in each stratum
// (R's predict(..., reference = "strata") centring).
func (cp *coxProblem) strataMeans(d *CoxData) [][]float64 {
	ns := len(cp.sbounds) - 1
	out := make([][]float64, ns)
	for s := range ns {
		out[s] = make([]float64, cp.p)
		sw := 0.0
		for k := cp.sbounds[s]; k < cp.sbounds[s+1]; k++ {
			i := cp.orig[k]
			w := cp.wt[k]
			sw += w
			for j, col := range d.X {
				out[s][j] += w * col[i]
			}
		}
		for j := range out[s] {
			out[s][j] /= sw
		}
	}
	return out
}

// unweightedMeans returns the column means of x, 0 for columns whose values
// all lie in {-1, 0, 1} (R's nocenter rule).
func unweightedMeans(x [][]float64) []float64 {
	out := make([]float64, len(x))
	for j, col := range x {
		zeroOne, sum := true, 0.0
		for _, v := range col {
			if v != 0 && v != 1 && v != -1 {
				zeroOne = false
			}
			sum += v
		}
		if !zeroOne && len(col) > 0 {
			out[j] = sum / float64(len(col))
		}
	}
	return out
}
