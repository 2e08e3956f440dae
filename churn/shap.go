package churn

import "runtime"

// ContribRow writes the TreeSHAP contribution of every feature to row x's
// margin into dst[0:NumFeatures()], and the bias (the expected margin) into
// dst[NumFeatures()], and returns dst; nil dst allocates, otherwise
// len(dst) must be NumFeatures()+1. NaN means missing.
//
// The contributions are exact Shapley values of the game
//
//	v(S) = E[f(x) | x_S]  =  base margin + Σ_t E_t(root, S)
//	E_t(n, S) = value(n)                                   n a leaf
//	          = E_t(child taken by x, S)                   feature(n) ∈ S
//	          = Σ_c cover(c)/cover(n) · E_t(c, S)          otherwise
//
// (cover: the hessian sum of the training rows that reached a node), so
//
//	Σ_j dst[j] + bias = margin(x)
//
// up to rounding (for an imported XGBoost model, the margin computed in
// float64). The cost per tree is O(L·D²) for L leaves and depth D.
//
// References:
//
//	S. M. Lundberg, G. G. Erion, S.-I. Lee. Consistent Individualized Feature Attribution for Tree Ensembles. arXiv:1802.03888, 2018, Algorithm 2.
//	L. S. Shapley. A Value for n-Person Games. Contributions to the Theory of Games II, 1953.
func (m *Model) ContribRow(dst, x []float64) []float64 {
	m.check()
	nf := len(m.features)
	if len(x) != nf {
		panic(badRowLength)
	}
	if dst == nil {
		dst = make([]float64, nf+1)
	} else if len(dst) != nf+1 {
		panic(badDstLength)
	}
	clear(dst)
	var s shapScratch
	m.contrib(dst, x, &s)
	return dst
}

// ContribDense computes ContribRow for every row of the row-major matrix x:
// row r's contributions are dst[r*(NumFeatures()+1):(r+1)*(NumFeatures()+1)].
// nil dst allocates. Rows are spread over GOMAXPROCS goroutines.
func (m *Model) ContribDense(dst, x []float64) []float64 {
	m.check()
	nf := len(m.features)
	if len(x)%nf != 0 {
		panic(badMatrixSize)
	}
	rows := len(x) / nf
	if dst == nil {
		dst = make([]float64, rows*(nf+1))
	} else if len(dst) != rows*(nf+1) {
		panic(badDstLength)
	}
	parallelChunks(rows, 64, runtime.GOMAXPROCS(0), func(lo, hi int) {
		var s shapScratch
		for r := lo; r < hi; r++ {
			out := dst[r*(nf+1) : (r+1)*(nf+1)]
			clear(out)
			m.contrib(out, x[r*nf:(r+1)*nf], &s)
		}
	})
	return dst
}

type pathElem struct {
	feature           int
	zero, one, weight float64
}

type shapScratch struct{ path []pathElem }

func (m *Model) contrib(dst, x []float64, s *shapScratch) {
	nf := len(m.features)
	bias := m.baseMargin
	for ti := range m.trees {
		t := &m.trees[ti]
		d := t.maxDepth + 2
		if need := d * (d + 1) / 2; len(s.path) < need {
			s.path = make([]pathElem, need)
		}
		bias += t.expected(0)
		if t.maxDepth > 0 {
			t.shapRecurse(dst[:nf], x, 0, s.path, 0, 1, 1, -1)
		}
	}
	dst[nf] = bias
}

// expected is E_t(n, ∅): the cover-weighted mean leaf value below node n.
func (t *tree) expected(n uint32) float64 {
	if t.leafIndex[n] >= 0 {
		return t.leaves[t.leafIndex[n]]
	}
	nd := &t.nodes[n]
	fl, fr := t.fractions(n)
	return fl*t.expected(nd.Left) + fr*t.expected(nd.Right)
}

// fractions returns cover(left)/cover(n) and cover(right)/cover(n).
func (t *tree) fractions(n uint32) (float64, float64) {
	nd := &t.nodes[n]
	w := t.cover[n]
	if !(w > 0) {
		return 0.5, 0.5
	}
	return t.cover[nd.Left] / w, t.cover[nd.Right] / w
}

// shapRecurse is Algorithm 2's RECURSE: path holds the parent's unique path
// (depth+1 elements are used from its start, copied to path[depth+1:]).
func (t *tree) shapRecurse(phi, x []float64, n uint32, parent []pathElem, depth int, pz, po float64, pi int) {
	path := parent[depth+1:]
	copy(path[:depth+1], parent[:depth+1])
	extendPath(path, depth, pz, po, pi)
	if li := t.leafIndex[n]; li >= 0 {
		v := t.leaves[li]
		for i := 1; i <= depth; i++ {
			w := unwoundPathSum(path, depth, i)
			e := &path[i]
			phi[e.feature] += w * (e.one - e.zero) * v
		}
		return
	}
	nd := &t.nodes[n]
	hot := t.step(n, x)
	cold := nd.Left
	if hot == nd.Left {
		cold = nd.Right
	}
	w := t.cover[n]
	hz, cz := 0.5, 0.5
	if w > 0 {
		hz, cz = t.cover[hot]/w, t.cover[cold]/w
	}
	iz, io := 1.0, 1.0
	f := int(nd.Feature)
	k := 0
	for ; k <= depth; k++ {
		if path[k].feature == f {
			break
		}
	}
	if k != depth+1 {
		iz, io = path[k].zero, path[k].one
		unwindPath(path, depth, k)
		depth--
	}
	t.shapRecurse(phi, x, hot, path, depth+1, hz*iz, io, f)
	t.shapRecurse(phi, x, cold, path, depth+1, cz*iz, 0, f)
}

func extendPath(path []pathElem, depth int, zero, one float64, feature int) {
	w := 0.0
	if depth == 0 {
		w = 1
	}
	path[depth] = pathElem{feature: feature, zero: zero, one: one, weight: w}
	for i := depth - 1; i >= 0; i-- {
		path[i+1].weight += one * path[i].weight * float64(i+1) / float64(depth+1)
		path[i].weight = zero * path[i].weight * float64(depth-i) / float64(depth+1)
	}
}

func unwindPath(path []pathElem, depth, k int) {
	one, zero := path[k].one, path[k].zero
	next := path[depth].weight
	for i := depth - 1; i >= 0; i-- {
		if one != 0 {
			tmp := path[i].weight
			path[i].weight = next * float64(depth+1) / (float64(i+1) * one)
			next = tmp - path[i].weight*zero*float64(depth-i)/float64(depth+1)
		} else {
			path[i].weight = path[i].weight * float64(depth+1) / (zero * float64(depth-i))
		}
	}
	for i := k; i < depth; i++ {
		path[i].feature = path[i+1].feature
		path[i].zero = path[i+1].zero
		path[i].one = path[i+1].one
	}
}

func unwoundPathSum(path []pathElem, depth, k int) float64 {
	one, zero := path[k].one, path[k].zero
	next := path[depth].weight
	total := 0.0
	for i := depth - 1; i >= 0; i-- {
		if one != 0 {
			tmp := next * float64(depth+1) / (float64(i+1) * one)
			total += tmp
			next = path[i].weight - tmp*zero*float64(depth-i)/float64(depth+1)
		} else if zero != 0 {
			total += path[i].weight / zero / (float64(depth-i) / float64(depth+1))
		}
	}
	return total
}
