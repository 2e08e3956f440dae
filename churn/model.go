package churn

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Panic messages for programmer mistakes (lengths the caller controls).
const (
	badRowLength  = "churn: row length does not match the number of features"
	badDstLength  = "churn: destination length does not match rows"
	badMatrixSize = "churn: matrix length is not a multiple of the number of features"
	nilModel      = "churn: method called on a nil or zero Model"
)

// Model is a fitted (or imported) ensemble of regression trees. Its
// prediction for a row x is
//
//	margin(x) = b + Σ_t f_t(x)        (f_t: the value of the leaf x reaches in tree t)
//	p(x)      = 1 / (1 + exp(-margin)) for the logistic objectives, margin otherwise
//
// where b is the base margin (logit(base_score) for the logistic objectives,
// base_score for squared error). A Model is immutable and safe for
// concurrent use.
type Model struct {
	features    []string
	categorical []bool // per feature: split natively as categories
	objective   string
	baseScore   float64
	baseMargin  float64
	trees       []tree
	// float32Sum adds the leaf values in float32, tree by tree, as XGBoost
	// does; imported XGBoost models set it so margins match bit for bit.
	float32Sum bool
	// flat is the compact layout that MarginRow and batch scoring walk
	// (nil when the model is too deep or too wide for it: the general walk).
	flat *flatForest

	config        Config // resolved training parameters (zero for imports)
	bestIteration int    // index of the best round under early stopping, else last
	source        string // "sibyl" or "xgboost 1.7.4"
	evalHistory   []float64
}

// NumFeatures is the number of features a row must have.
func (m *Model) NumFeatures() int { return len(m.features) }

// Features returns the feature names in model order (a copy).
func (m *Model) Features() []string { return append([]string(nil), m.features...) }

// NumTrees is the number of trees.
func (m *Model) NumTrees() int { return len(m.trees) }

// Objective is the objective's name: "binary:logistic", "reg:logistic" or
// "reg:squarederror".
func (m *Model) Objective() string { return m.objective }

// BaseScore is the global bias on the prediction scale (XGBoost's base_score).
func (m *Model) BaseScore() float64 { return m.baseScore }

// Config returns the resolved training parameters (the zero Config for an
// imported model).
func (m *Model) Config() Config { return m.config }

// BestIteration is the 0-based round with the best validation loss when
// early stopping was used; otherwise the last round.
func (m *Model) BestIteration() int { return m.bestIteration }

// EvalHistory returns the validation loss after each round (nil without a
// validation set).
func (m *Model) EvalHistory() []float64 { return append([]float64(nil), m.evalHistory...) }

func (m *Model) logistic() bool { return isLogistic(m.objective) }

func isLogistic(obj string) bool { return obj == "binary:logistic" || obj == "reg:logistic" }

func (m *Model) check() {
	if m == nil || m.objective == "" {
		panic(nilModel)
	}
}

// MarginRow returns the raw margin (log-odds for the logistic objectives)
// for one row of NumFeatures values; NaN means missing. It allocates nothing.
// It panics if len(x) != NumFeatures().
//
// Trees of depth at most 8 on at most 256 features are walked in a compact
// copy (perfect binary trees of 8-byte nodes, eight trees in lockstep, the
// row converted to float32 once); others four at a time through the node
// arrays. Both add the leaf values in tree order and give the same bits.
func (m *Model) MarginRow(x []float64) float64 {
	m.check()
	if len(x) != len(m.features) {
		panic(badRowLength)
	}
	if m.flat != nil {
		return m.flat.margin(m, x)
	}
	if m.float32Sum {
		s := float32(m.baseMargin)
		trees := m.trees
		k := 0
		for ; k+4 <= len(trees); k += 4 {
			a, b, c, d := walk4(trees[k:k+4], x)
			s += float32(a)
			s += float32(b)
			s += float32(c)
			s += float32(d)
		}
		for ; k < len(trees); k++ {
			t := &trees[k]
			s += float32(t.leaves[t.leaf(x)])
		}
		return float64(s)
	}
	s := m.baseMargin
	trees := m.trees
	k := 0
	for ; k+4 <= len(trees); k += 4 {
		a, b, c, d := walk4(trees[k:k+4], x)
		s += a
		s += b
		s += c
		s += d
	}
	for ; k < len(trees); k++ {
		t := &trees[k]
		s += t.leaves[t.leaf(x)]
	}
	return s
}

// walk4 walks four trees for one row in lockstep, so the four dependent
// chains of loads overlap, and returns their leaf values.
func walk4(ts []tree, x []float64) (float64, float64, float64, float64) {
	ta, tb, tc, td := &ts[0], &ts[1], &ts[2], &ts[3]
	var a, b, c, d uint32
	steps := max(ta.maxDepth, tb.maxDepth, tc.maxDepth, td.maxDepth)
	if !(ta.hasCat || tb.hasCat || tc.hasCat || td.hasCat) {
		for range steps {
			na, nb, nc, nd := &ta.nodes[a], &tb.nodes[b], &tc.nodes[c], &td.nodes[d]
			a, b, c, d = choose(na, x[na.Feature]), choose(nb, x[nb.Feature]), choose(nc, x[nc.Feature]), choose(nd, x[nd.Feature])
		}
		return ta.leaves[ta.leafIndex[a]], tb.leaves[tb.leafIndex[b]], tc.leaves[tc.leafIndex[c]], td.leaves[td.leafIndex[d]]
	}
	for range steps {
		na, nb, nc, nd := &ta.nodes[a], &tb.nodes[b], &tc.nodes[c], &td.nodes[d]
		va, vb, vc, vd := x[na.Feature], x[nb.Feature], x[nc.Feature], x[nd.Feature]
		a2, b2, c2, d2 := choose(na, va), choose(nb, vb), choose(nc, vc), choose(nd, vd)
		if (na.Flags|nb.Flags|nc.Flags|nd.Flags)&flagCategorical != 0 {
			a2, b2, c2, d2 = ta.step(a, x), tb.step(b, x), tc.step(c, x), td.step(d, x)
		}
		a, b, c, d = a2, b2, c2, d2
	}
	return ta.leaves[ta.leafIndex[a]], tb.leaves[tb.leafIndex[b]], tc.leaves[tc.leafIndex[c]], td.leaves[td.leafIndex[d]]
}

// PredictRow returns the prediction for one row: P(label = 1) for the
// logistic objectives, the regression value otherwise. NaN means missing. It
// allocates nothing and panics if len(x) != NumFeatures().
func (m *Model) PredictRow(x []float64) float64 {
	return m.transform(m.MarginRow(x))
}

func (m *Model) transform(margin float64) float64 {
	if !m.logistic() {
		return margin
	}
	if m.float32Sum {
		// XGBoost: float32 1/(1+expf(-margin)).
		return float64(float32(1 / (1 + math.Exp(-float64(float32(margin))))))
	}
	return sigmoid(margin)
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// LeafRow writes into dst the node number (XGBoost's pred_leaf numbering) of
// the leaf row x reaches in each tree and returns dst; nil dst allocates,
// otherwise len(dst) must be NumTrees().
func (m *Model) LeafRow(dst []int32, x []float64) []int32 {
	m.check()
	if len(x) != len(m.features) {
		panic(badRowLength)
	}
	if dst == nil {
		dst = make([]int32, len(m.trees))
	} else if len(dst) != len(m.trees) {
		panic(badDstLength)
	}
	for i := range m.trees {
		t := &m.trees[i]
		dst[i] = t.nodeID[t.leafNode(x)]
	}
	return dst
}

// MarginDense writes the margins of the rows of x, a dense row-major matrix
// with NumFeatures columns, into dst and returns it (nil allocates; else
// len(dst) must be the number of rows). Rows are scored in blocks across
// GOMAXPROCS goroutines; every row's result is independent of the split.
func (m *Model) MarginDense(dst, x []float64) []float64 {
	m.check()
	dst = m.denseDst(dst, x)
	nf := len(m.features)
	m.parallelRows(len(dst), func(lo, hi int) {
		m.marginBlock(dst[lo:hi], x[lo*nf:hi*nf])
	})
	return dst
}

// PredictDense is MarginDense followed by the objective's transform
// (probabilities for the logistic objectives).
func (m *Model) PredictDense(dst, x []float64) []float64 {
	m.check()
	dst = m.denseDst(dst, x)
	nf := len(m.features)
	m.parallelRows(len(dst), func(lo, hi int) {
		out := dst[lo:hi]
		m.marginBlock(out, x[lo*nf:hi*nf])
		for i, v := range out {
			out[i] = m.transform(v)
		}
	})
	return dst
}

// LeafIndicesDense writes, for each row of the row-major matrix x, the leaf
// node number in every tree: dst[r*NumTrees()+t]. nil dst allocates.
func (m *Model) LeafIndicesDense(dst []int32, x []float64) []int32 {
	m.check()
	nf, nt := len(m.features), len(m.trees)
	if nf == 0 || len(x)%nf != 0 {
		panic(badMatrixSize)
	}
	rows := len(x) / nf
	if dst == nil {
		dst = make([]int32, rows*nt)
	} else if len(dst) != rows*nt {
		panic(badDstLength)
	}
	m.parallelRows(rows, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			m.LeafRow(dst[r*nt:(r+1)*nt], x[r*nf:(r+1)*nf])
		}
	})
	return dst
}

func (m *Model) denseDst(dst, x []float64) []float64 {
	nf := len(m.features)
	if nf == 0 || len(x)%nf != 0 {
		panic(badMatrixSize)
	}
	rows := len(x) / nf
	if dst == nil {
		return make([]float64, rows)
	}
	if len(dst) != rows {
		panic(badDstLength)
	}
	return dst
}

// scoreBlock is the number of rows scored together, tree by tree, so a tree
// stays in cache while it serves many rows.
const scoreBlock = 64

// marginBlock computes margins for the rows of x (row-major) into dst. On
// the compact layout see flatForest.marginRows; otherwise tree by tree over
// blocks of rows, so a tree stays in cache, walking eight rows in lockstep
// so their chains of loads overlap.
func (m *Model) marginBlock(dst, x []float64) {
	if m.flat != nil {
		m.flat.marginRows(m, dst, x)
		return
	}
	nf := len(m.features)
	var acc32 [scoreBlock]float32
	var idx [8]uint32
	for lo := 0; lo < len(dst); lo += scoreBlock {
		hi := min(lo+scoreBlock, len(dst))
		out := dst[lo:hi]
		a := acc32[:hi-lo]
		for i := range out {
			out[i] = m.baseMargin
			a[i] = float32(m.baseMargin)
		}
		for ti := range m.trees {
			t := &m.trees[ti]
			i := 0
			for ; i+8 <= len(out); i += 8 {
				base := (lo + i) * nf
				x0 := x[base : base+8*nf]
				idx = [8]uint32{}
				if !t.hasCat {
					for range t.maxDepth {
						for k := range idx {
							n := &t.nodes[idx[k]]
							idx[k] = choose(n, x0[k*nf+int(n.Feature)])
						}
					}
				}
				for d := 0; t.hasCat && d < t.maxDepth; d++ {
					var flags uint8
					prev := idx
					for k := range idx {
						n := &t.nodes[idx[k]]
						flags |= n.Flags
						idx[k] = choose(n, x0[k*nf+int(n.Feature)])
					}
					if flags&flagCategorical != 0 {
						// Redo this level honouring categorical splits.
						for k := range idx {
							idx[k] = t.step(prev[k], x0[k*nf:])
						}
					}
				}
				if m.float32Sum {
					for k, j := range idx {
						a[i+k] += float32(t.leaves[t.leafIndex[j]])
					}
				} else {
					for k, j := range idx {
						out[i+k] += t.leaves[t.leafIndex[j]]
					}
				}
			}
			for ; i < len(out); i++ {
				r := (lo + i) * nf
				v := t.leaves[t.leaf(x[r:r+nf])]
				if m.float32Sum {
					a[i] += float32(v)
				} else {
					out[i] += v
				}
			}
		}
		if m.float32Sum {
			for i, v := range a {
				out[i] = float64(v)
			}
		}
	}
}

// parallelRows runs fn over [0,rows) in chunks on up to GOMAXPROCS goroutines.
func (m *Model) parallelRows(rows int, fn func(lo, hi int)) {
	parallelChunks(rows, 2048, runtime.GOMAXPROCS(0), fn)
}

// parallelChunks calls fn(lo, hi) for consecutive chunks of size chunk
// covering [0,n), on up to workers goroutines. It returns when all are done.
func parallelChunks(n, chunk, workers int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	nChunks := (n + chunk - 1) / chunk
	workers = min(workers, nChunks)
	if workers <= 1 {
		for lo := 0; lo < n; lo += chunk {
			fn(lo, min(lo+chunk, n))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1)) - 1
				if c >= nChunks {
					return
				}
				lo := c * chunk
				fn(lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}
