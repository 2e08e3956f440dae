package hpo

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// parzenOptions are the estimator settings of Optuna 3.1's
// _ParzenEstimatorParameters.
type parzenOptions struct {
	priorWeight       float64 // weight of the prior component (0 = no prior)
	magicClip         bool
	considerEndpoints bool
	multivariate      bool
	scaleJacobian     bool // subtract log σ in the density (Optuna 3.1 does not)
	blend             bool // multivariate: geometric mean of Scott's rule and the gap rule
}

// parzen is a Parzen estimator (mixture of truncated normals, and of
// categorical distributions) over one or several parameters: component c has
// weight w_c and, per parameter, a mean μ_c and bandwidth σ_c in the
// transformed space (or a probability vector for a categorical). In the
// multivariate estimator the components are products over the parameters.
type parzen struct {
	logW []float64 // log weights of the components
	w    []float64 // weights, summing to 1
	dims []parzenDim
}

type parzenDim struct {
	p      Param
	lo, hi float64 // bounds in the transformed space
	q      float64 // grid step (stepped floats and linear ints), else 0
	mus    []float64
	sigmas []float64
	logZ   []float64 // log mass of each truncated normal inside [lo, hi]
	logSig []float64
	k      int       // number of choices (categorical)
	cat    []float64 // categorical probabilities, row per component (n_comp × k)
	logCat []float64 // their logs
}

// defaultWeights is Optuna's default_weights: all 1 below 25 observations,
// otherwise a ramp from 1/n to 1 over the oldest n − 25 and 1 for the
// latest 25.
func defaultWeights(n int) []float64 {
	w := make([]float64, n)
	if n < 25 {
		for i := range w {
			w[i] = 1
		}
		return w
	}
	m := n - 25
	for i := range m {
		if m == 1 {
			w[i] = 1.0 / float64(n)
		} else {
			w[i] = 1.0/float64(n) + (1-1.0/float64(n))*float64(i)/float64(m-1)
		}
	}
	for i := m; i < n; i++ {
		w[i] = 1
	}
	return w
}

// newParzen builds the estimator of observations obs[d][i] (internal values
// of parameter space[d] in trial i, oldest first).
func newParzen(obs [][]float64, space []Param, o parzenOptions) *parzen {
	n := 0
	if len(obs) > 0 {
		n = len(obs[0])
	}
	prior := o.priorWeight
	if n == 0 && prior <= 0 {
		prior = 1 // an empty estimator is the prior alone, as in Optuna
	}
	w := defaultWeights(n)
	if prior > 0 {
		w = append(w, prior)
	}
	nc := len(w)
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	pz := &parzen{w: w, logW: make([]float64, nc)}
	for i := range w {
		w[i] /= sum
		pz.logW[i] = math.Log(w[i])
	}
	sigma0 := 0.0
	if o.multivariate {
		sigma0 = 0.2 * math.Pow(float64(max(n, 1)), -1.0/float64(len(space)+4))
	}
	pz.dims = make([]parzenDim, len(space))
	for d, p := range space {
		dim := parzenDim{p: p}
		if p.Type == CategoricalParam {
			k := len(p.Choices)
			dim.k = k
			dim.cat = make([]float64, nc*k)
			fill := prior / float64(n+1)
			if prior <= 0 {
				fill = 0
			}
			for c := range nc {
				row := dim.cat[c*k : (c+1)*k]
				for j := range row {
					row[j] = fill
				}
				if c < n {
					row[int(obs[d][c])]++
				}
				rs := 0.0
				for _, x := range row {
					rs += x
				}
				for j := range row {
					row[j] /= rs
				}
			}
			dim.logCat = make([]float64, len(dim.cat))
			for i, v := range dim.cat {
				dim.logCat[i] = math.Log(v)
			}
			pz.dims[d] = dim
			continue
		}
		dim.lo, dim.hi = p.bounds()
		if !p.Log && p.Step > 0 {
			dim.q = p.Step
		}
		mus := make([]float64, nc)
		for i := range n {
			mus[i] = p.toTransformed(obs[d][i])
		}
		if prior > 0 {
			mus[n] = 0.5 * (dim.lo + dim.hi)
		}
		span := dim.hi - dim.lo
		sig := make([]float64, nc)
		if o.multivariate {
			for i := range sig {
				sig[i] = sigma0 * span
			}
			if o.blend {
				gap := make([]float64, nc)
				bandwidths(gap, mus, dim.lo, dim.hi, o.considerEndpoints)
				for i := range sig {
					sig[i] = math.Sqrt(sig[i] * math.Max(gap[i], 1e-300))
				}
			}
		} else {
			bandwidths(sig, mus, dim.lo, dim.hi, o.considerEndpoints)
		}
		maxSig := span
		minSig := 1e-12
		if o.magicClip {
			minSig = span / math.Min(100, 1+float64(nc))
		}
		for i := range sig {
			sig[i] = math.Max(minSig, math.Min(maxSig, sig[i]))
		}
		if prior > 0 {
			sig[n] = span
		}
		dim.mus, dim.sigmas = mus, sig
		dim.logZ = make([]float64, nc)
		dim.logSig = make([]float64, nc)
		for i := range nc {
			dim.logZ[i] = logGaussMass((dim.lo-mus[i])/sig[i], (dim.hi-mus[i])/sig[i])
			if o.scaleJacobian && dim.q == 0 {
				dim.logSig[i] = math.Log(sig[i])
			}
		}
		pz.dims[d] = dim
	}
	return pz
}

// bandwidths sets each σ_i to the larger gap to its neighbours among the
// sorted means, with lo and hi as outer neighbours; without
// considerEndpoints the two extreme means use their inner gap only (Optuna's
// univariate rule, Bergstra et al. 2011).
func bandwidths(sig, mus []float64, lo, hi float64, considerEndpoints bool) {
	n := len(mus)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return mus[idx[a]] < mus[idx[b]] })
	s := make([]float64, n+2)
	s[0], s[n+1] = lo, hi
	for i, j := range idx {
		s[i+1] = mus[j]
	}
	sorted := make([]float64, n)
	for i := range n {
		sorted[i] = math.Max(s[i+1]-s[i], s[i+2]-s[i+1])
	}
	if !considerEndpoints && n+2 >= 4 {
		sorted[0] = s[2] - s[1]
		sorted[n-1] = s[n] - s[n-1]
	}
	for i, j := range idx {
		sig[j] = sorted[i]
	}
}

// sample draws size points; out[d][i] is the internal value of dimension d
// in point i, tr[d][i] its transformed value.
func (pz *parzen) sample(rng *rand.Rand, size int) (out, tr [][]float64) {
	active := make([]int, size)
	cum := make([]float64, len(pz.w))
	acc := 0.0
	for i, w := range pz.w {
		acc += w
		cum[i] = acc
	}
	for i := range active {
		u := rng.Float64() * acc
		c := sort.SearchFloat64s(cum, u)
		for c < len(cum)-1 && cum[c] <= u {
			c++
		}
		active[i] = min(c, len(cum)-1)
	}
	out = make([][]float64, len(pz.dims))
	tr = make([][]float64, len(pz.dims))
	for d := range pz.dims {
		dim := &pz.dims[d]
		out[d] = make([]float64, size)
		tr[d] = make([]float64, size)
		for i, c := range active {
			if dim.k > 0 {
				row := dim.cat[c*dim.k : (c+1)*dim.k]
				u := rng.Float64()
				j, acc := 0, row[0]
				for acc < u && j < dim.k-1 {
					j++
					acc += row[j]
				}
				out[d][i] = float64(j)
				tr[d][i] = float64(j)
				continue
			}
			mu, sg := dim.mus[c], dim.sigmas[c]
			z := truncnormPPF(rng.Float64(), (dim.lo-mu)/sg, (dim.hi-mu)/sg)
			x := dim.p.fromTransformed(z*sg + mu)
			out[d][i] = x
			tr[d][i] = dim.p.toTransformed(x)
		}
	}
	return out, tr
}

// logPDF writes log p(x_i) for the points tr[d][i] (transformed values, as
// returned by sample) into dst:
//
//	log p(x) = log Σ_c w_c Π_d p_cd(x_d)
//
// where p_cd is the truncated normal density (Optuna 3.1 omits the 1/σ
// factor unless scaleJacobian), the probability of x's grid cell for stepped
// values, or the component's choice probability for a categorical.
func (pz *parzen) logPDF(dst []float64, tr [][]float64) []float64 {
	size := len(tr[0])
	nc := len(pz.w)
	comp := make([]float64, nc)
	// Grid cells repeat among candidates: their per-component log masses
	// are computed once per distinct value.
	type cell struct {
		x    float64
		logs []float64
	}
	cells := make([][]cell, len(pz.dims))
	for i := range size {
		copy(comp, pz.logW)
		for d := range pz.dims {
			dim := &pz.dims[d]
			x := tr[d][i]
			if dim.k > 0 {
				j := int(x)
				for c := range nc {
					comp[c] += dim.logCat[c*dim.k+j]
				}
				continue
			}
			if dim.q > 0 {
				var logs []float64
				for _, cl := range cells[d] {
					if cl.x == x {
						logs = cl.logs
						break
					}
				}
				if logs == nil {
					logs = make([]float64, nc)
					ub := math.Min(x+dim.q/2, dim.hi)
					lb := math.Max(x-dim.q/2, dim.lo)
					for c := range nc {
						mu, sg := dim.mus[c], dim.sigmas[c]
						logs[c] = logGaussMass((lb-mu)/sg, (ub-mu)/sg) - dim.logZ[c]
					}
					cells[d] = append(cells[d], cell{x, logs})
				}
				for c := range nc {
					comp[c] += logs[c]
				}
				continue
			}
			if x < dim.lo || x > dim.hi {
				for c := range nc {
					comp[c] = math.Inf(-1)
				}
				continue
			}
			for c := range nc {
				z := (x - dim.mus[c]) / dim.sigmas[c]
				comp[c] += -0.5*z*z - logSqrt2Pi - dim.logZ[c] - dim.logSig[c]
			}
		}
		m := slices.Max(comp)
		if math.IsInf(m, -1) {
			dst[i] = m
			continue
		}
		s := 0.0
		for _, v := range comp {
			s += math.Exp(v - m)
		}
		dst[i] = m + math.Log(s)
	}
	return dst
}
