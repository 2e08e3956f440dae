package forecast

import (
	"errors"
	"math"
)

// errOptimNonFinite is returned when the objective is not finite at the start
// or a finite-difference gradient is not finite.
var errOptimNonFinite = errors.New("forecast: objective or its numerical gradient is not finite")

// bfgsSettings are the controls of R's optim(method = "BFGS"). The zero value
// means R's defaults: MaxIt 100, RelTol sqrt(machine epsilon), NDeps 1e-3,
// no absolute tolerance and unit parameter scales.
type bfgsSettings struct {
	MaxIt    int       // zero means 100; negative means no iteration (evaluate only)
	RelTol   float64   // zero means sqrt(2.220446e-16)
	NDeps    float64   // finite-difference step on the scaled parameters; zero means 1e-3
	ParScale []float64 // nil means all ones
	// Pin, when set, is called before each numerical gradient: the last
	// point evaluated is the one the gradient is taken at (vmmin always
	// evaluates it first), which lets the objective keep work that the
	// perturbed points share with it.
	Pin func()
}

// bfgsResult is where the variable-metric search stopped.
type bfgsResult struct {
	X         []float64 // in the caller's (unscaled) parameters
	F         float64
	FnCount   int
	GrCount   int
	Converged bool // false when MaxIt was reached (R's convergence code 1)
}

// optimizer holds the objective and scratch space of one minimisation, so
// that repeated gradient evaluations allocate nothing.
type optimizer struct {
	fn    func(x []float64) float64
	pin   func()
	scale []float64
	ndeps float64
	xs    []float64 // unscaled argument passed to fn
}

func newOptimizer(fn func([]float64) float64, n int, s bfgsSettings) *optimizer {
	o := &optimizer{fn: fn, pin: s.Pin, ndeps: s.NDeps, xs: make([]float64, n)}
	if o.ndeps == 0 {
		o.ndeps = 1e-3
	}
	o.scale = make([]float64, n)
	for i := range o.scale {
		o.scale[i] = 1
		if s.ParScale != nil {
			o.scale[i] = s.ParScale[i]
		}
	}
	return o
}

// f evaluates the objective at scaled parameters p.
func (o *optimizer) f(p []float64) float64 {
	for i, v := range p {
		o.xs[i] = v * o.scale[i]
	}
	return o.fn(o.xs)
}

// grad is R's fmingr without bounds: central differences of step ndeps on
// the scaled parameters.
func (o *optimizer) grad(p, df []float64) error {
	if o.pin != nil {
		o.pin()
	}
	for i := range p {
		for j, v := range p {
			o.xs[j] = v * o.scale[j]
		}
		eps := o.ndeps
		o.xs[i] = (p[i] + eps) * o.scale[i]
		v1 := o.fn(o.xs)
		o.xs[i] = (p[i] - eps) * o.scale[i]
		v2 := o.fn(o.xs)
		df[i] = (v1 - v2) / (2 * eps)
		if math.IsNaN(df[i]) || math.IsInf(df[i], 0) {
			return errOptimNonFinite
		}
	}
	return nil
}

// bfgs minimises fn from x0 by R's variable-metric method (optim "BFGS",
// Nash's vmmin) with numerical gradients, step for step as R does it, so
// that both stop at the same point.
//
// The search direction is t = -B g with B the inverse-Hessian estimate
// (reset to I at the start, after an uphill direction and every 2n
// gradients). The step starts at 1 and shrinks by 0.2 until the Armijo
// condition f(x+st) <= f(x) + 1e-4 s gᵀt holds; B gets the BFGS update
//
//	B += ((1 + cᵀBc/tᵀc) t tᵀ - (Bc) tᵀ - t (Bc)ᵀ) / tᵀc,	c = Δg,
//
// and the search stops when f changes by less than RelTol·(|f|+RelTol).
//
// References:
//
//	Nash, J.C. (1990). Compact Numerical Methods for Computers, 2nd ed.,
//	Algorithm 21. Adam Hilger.
//	R Core Team. optim() in R's stats package (src/appl/optim.c, vmmin).
func bfgs(fn func([]float64) float64, x0 []float64, s bfgsSettings) (bfgsResult, error) {
	const (
		stepredn = 0.2
		acctol   = 0.0001
		reltest  = 10.0
	)
	n := len(x0)
	o := newOptimizer(fn, n, s)
	maxit := s.MaxIt
	if maxit == 0 {
		maxit = 100
	}
	reltol := s.RelTol
	if reltol == 0 {
		reltol = 1.4901161193847656e-08
	}
	b := make([]float64, n)
	for i := range b {
		b[i] = x0[i] / o.scale[i]
	}
	res := bfgsResult{X: make([]float64, n)}
	finish := func() {
		for i := range b {
			res.X[i] = b[i] * o.scale[i]
		}
	}
	if maxit < 0 || n == 0 {
		res.F = o.f(b)
		res.Converged = true
		finish()
		return res, nil
	}
	f := o.f(b)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return res, errOptimNonFinite
	}
	fmin := f
	funcount, gradcount := 1, 1
	g := make([]float64, n)
	if err := o.grad(b, g); err != nil {
		return res, err
	}
	iter := 1
	ilast := gradcount
	t := make([]float64, n)
	X := make([]float64, n)
	c := make([]float64, n)
	B := make([]float64, n*n) // lower triangle used, row-major
	count := 0
	for {
		if ilast == gradcount {
			for i := 0; i < n; i++ {
				for j := 0; j < i; j++ {
					B[i*n+j] = 0
				}
				B[i*n+i] = 1
			}
		}
		copy(X, b)
		copy(c, g)
		gradproj := 0.0
		for i := 0; i < n; i++ {
			sum := 0.0
			for j := 0; j <= i; j++ {
				sum -= B[i*n+j] * g[j]
			}
			for j := i + 1; j < n; j++ {
				sum -= B[j*n+i] * g[j]
			}
			t[i] = sum
			gradproj += sum * g[i]
		}
		if gradproj < 0 {
			steplength := 1.0
			accpoint := false
			for {
				count = 0
				for i := 0; i < n; i++ {
					b[i] = X[i] + steplength*t[i]
					if reltest+X[i] == reltest+b[i] {
						count++
					}
				}
				if count < n {
					f = o.f(b)
					funcount++
					accpoint = !math.IsNaN(f) && !math.IsInf(f, 0) && f <= fmin+gradproj*steplength*acctol
					if !accpoint {
						steplength *= stepredn
					}
				}
				if count == n || accpoint {
					break
				}
			}
			enough := f > math.Inf(-1) && math.Abs(f-fmin) > reltol*(math.Abs(fmin)+reltol)
			if !enough {
				count = n
				fmin = f
			}
			if count < n {
				fmin = f
				if err := o.grad(b, g); err != nil {
					return res, err
				}
				gradcount++
				iter++
				d1 := 0.0
				for i := 0; i < n; i++ {
					t[i] *= steplength
					c[i] = g[i] - c[i]
					d1 += t[i] * c[i]
				}
				if d1 > 0 {
					d2 := 0.0
					for i := 0; i < n; i++ {
						sum := 0.0
						for j := 0; j <= i; j++ {
							sum += B[i*n+j] * c[j]
						}
						for j := i + 1; j < n; j++ {
							sum += B[j*n+i] * c[j]
						}
						X[i] = sum
						d2 += sum * c[i]
					}
					d2 = 1 + d2/d1
					for i := 0; i < n; i++ {
						for j := 0; j <= i; j++ {
							B[i*n+j] += (d2*t[i]*t[j] - X[i]*t[j] - t[i]*X[j]) / d1
						}
					}
				} else {
					ilast = gradcount
				}
			} else if ilast < gradcount {
				count = 0
				ilast = gradcount
			}
		} else {
			count = 0
			if ilast == gradcount {
				count = n
			} else {
				ilast = gradcount
			}
		}
		if iter >= maxit {
			break
		}
		if gradcount-ilast > 2*n {
			ilast = gradcount
		}
		if count == n && ilast == gradcount {
			break
		}
	}
	res.F = fmin
	res.FnCount = funcount
	res.GrCount = gradcount
	res.Converged = iter < maxit
	finish()
	return res, nil
}

// numHessian is R's optimHess without an analytic gradient: central
// differences (step NDeps/ParScale on the scaled parameters) of the
// central-difference gradient, then symmetrised. dst is n×n row-major.
func numHessian(fn func([]float64) float64, x []float64, s bfgsSettings) ([]float64, error) {
	n := len(x)
	o := newOptimizer(fn, n, s)
	dpar := make([]float64, n)
	for i := range dpar {
		dpar[i] = x[i] / o.scale[i]
	}
	df1 := make([]float64, n)
	df2 := make([]float64, n)
	h := make([]float64, n*n)
	for i := 0; i < n; i++ {
		eps := o.ndeps / o.scale[i]
		dpar[i] += eps
		if err := o.grad(dpar, df1); err != nil {
			return nil, err
		}
		dpar[i] -= 2 * eps
		if err := o.grad(dpar, df2); err != nil {
			return nil, err
		}
		for j := 0; j < n; j++ {
			h[i*n+j] = (df1[j] - df2[j]) / (2 * eps * o.scale[i] * o.scale[j])
		}
		dpar[i] += eps
	}
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			v := 0.5 * (h[i*n+j] + h[j*n+i])
			h[i*n+j], h[j*n+i] = v, v
		}
	}
	return h, nil
}
