package journey

import (
	"context"
	"errors"
	"math"
)

// ErrNoConvergence is returned when the iterative solver used for large
// state spaces does not reach full precision.
var ErrNoConvergence = errors.New("journey: absorbing-chain solve did not converge")

// denseMax is the largest number of transient states solved by dense LU;
// larger (higher-order) chains are solved by strongly connected component
// (gaussSeidel, and GMRES in large components; see blockSolver).
var denseMax = 400

// absorbing solves (I − Q) x = rhs for the transient block Q of a chain,
// optionally with some states removed (their rows of Q and their rhs set to
// zero, i.e. they move to (null) with probability 1).
type absorbing struct {
	n      int
	off    []int32
	target []int32
	prob   []float64
	sp     *sparseQ // built on first iterative solve
}

// sparseQ is Q without its diagonal and absorbing entries, in compressed
// rows, with the diagonal apart: the form a Gauss-Seidel sweep reads.
type sparseQ struct {
	off  []int32
	col  []int32
	val  []float64
	diag []float64
	// order lists the states by strongly connected component, sinks first
	// (every state's successors outside its component come earlier), and
	// block[i]:block[i+1] is component i of order.
	order []int32
	block []int32
	comp  []int32 // component of each state
	local []int32 // index of each state within its component
	inner map[int32]*innerQ
}

// innerQ is the block of Q inside one large component, rows and columns
// numbered within it, diagonal apart: what the sweeps inside GMRES read.
type innerQ struct {
	off  []int32
	col  []int32
	val  []float64
	diag []float64
}

func (q *absorbing) sparse() *sparseQ {
	if q.sp != nil {
		return q.sp
	}
	sp := &sparseQ{off: make([]int32, 1, q.n+1), diag: make([]float64, q.n)}
	for s := 0; s < q.n; s++ {
		for e := q.off[s]; e < q.off[s+1]; e++ {
			t := q.target[e]
			switch {
			case t < 0:
			case int(t) == s:
				sp.diag[s] += q.prob[e]
			default:
				sp.col = append(sp.col, t)
				sp.val = append(sp.val, q.prob[e])
			}
		}
		sp.off = append(sp.off, int32(len(sp.col)))
	}
	sp.components()
	q.sp = sp
	return sp
}

// components fills order and block by Tarjan's algorithm, which emits the
// strongly connected components in reverse topological order.
func (sp *sparseQ) components() {
	n := len(sp.diag)
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int32
	var counter int32
	sp.order = make([]int32, 0, n)
	sp.block = append(sp.block[:0], 0)
	var visit func(v int32)
	visit = func(v int32) {
		index[v], low[v] = counter, counter
		counter++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range sp.col[sp.off[v]:sp.off[v+1]] {
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				sp.order = append(sp.order, w)
				if w == v {
					break
				}
			}
			sp.block = append(sp.block, int32(len(sp.order)))
		}
	}
	for v := 0; v < n; v++ {
		if index[v] < 0 {
			visit(int32(v))
		}
	}
	sp.comp = make([]int32, n)
	sp.local = make([]int32, n)
	for b := 0; b+1 < len(sp.block); b++ {
		for i, s := range sp.order[sp.block[b]:sp.block[b+1]] {
			sp.comp[s], sp.local[s] = int32(b), int32(i)
		}
	}
	sp.inner = map[int32]*innerQ{}
	for b := 0; b+1 < len(sp.block); b++ {
		states := sp.order[sp.block[b]:sp.block[b+1]]
		if len(states) < gmresMin {
			continue
		}
		in := &innerQ{off: make([]int32, 1, len(states)+1), diag: make([]float64, len(states))}
		for i, s := range states {
			in.diag[i] = sp.diag[s]
			for e := sp.off[s]; e < sp.off[s+1]; e++ {
				if t := sp.col[e]; sp.comp[t] == int32(b) {
					in.col = append(in.col, sp.local[t])
					in.val = append(in.val, sp.val[e])
				}
			}
			in.off = append(in.off, int32(len(in.col)))
		}
		sp.inner[int32(b)] = in
	}
}

// lu is a dense LU factorisation with partial pivoting of I − Q.
type lu struct {
	n   int
	a   []float64
	piv []int
}

func (q *absorbing) factor(removed []bool) *lu {
	n := q.n
	a := make([]float64, n*n)
	for s := 0; s < n; s++ {
		a[s*n+s] = 1
		if removed != nil && removed[s] {
			continue
		}
		for e := q.off[s]; e < q.off[s+1]; e++ {
			if t := q.target[e]; t >= 0 {
				a[s*n+int(t)] -= q.prob[e]
			}
		}
	}
	return luFactor(a, n)
}

// luFactor factors the n×n row-major matrix a in place.
func luFactor(a []float64, n int) *lu {
	piv := make([]int, n)
	for k := 0; k < n; k++ {
		p := k
		best := math.Abs(a[k*n+k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i*n+k]); v > best {
				best, p = v, i
			}
		}
		piv[k] = p
		if p != k {
			for j := 0; j < n; j++ {
				a[k*n+j], a[p*n+j] = a[p*n+j], a[k*n+j]
			}
		}
		d := a[k*n+k]
		if d == 0 {
			continue
		}
		for i := k + 1; i < n; i++ {
			f := a[i*n+k]
			if f == 0 {
				continue
			}
			f /= d
			a[i*n+k] = f
			ri, rk := a[i*n+k+1:i*n+n], a[k*n+k+1:k*n+n]
			for j := range ri {
				ri[j] -= f * rk[j]
			}
		}
	}
	return &lu{n: n, a: a, piv: piv}
}

func (f *lu) solve(x []float64) {
	n, a := f.n, f.a
	for k := 0; k < n; k++ {
		if p := f.piv[k]; p != k {
			x[k], x[p] = x[p], x[k]
		}
	}
	for i := 0; i < n; i++ {
		s := x[i]
		for j := 0; j < i; j++ {
			s -= a[i*n+j] * x[j]
		}
		x[i] = s
	}
	for i := n - 1; i >= 0; i-- {
		s := x[i]
		for j := i + 1; j < n; j++ {
			s -= a[i*n+j] * x[j]
		}
		x[i] = s / a[i*n+i]
	}
}

// solveMany returns (I − Q)⁻¹ rhs for each right-hand side, with the given
// states removed (nil: none).
func (q *absorbing) solveMany(ctx context.Context, removed []bool, rhs ...[]float64) ([][]float64, error) {
	out := make([][]float64, len(rhs))
	for i, r := range rhs {
		x := make([]float64, q.n)
		copy(x, r)
		if removed != nil {
			for s, rm := range removed {
				if rm {
					x[s] = 0
				}
			}
		}
		out[i] = x
	}
	if q.n <= denseMax {
		f := q.factor(removed)
		for _, x := range out {
			f.solve(x)
		}
		return out, nil
	}
	for i, x := range out {
		if err := q.gaussSeidel(ctx, removed, rhs[i], x, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// gaussSeidel solves component by component, sinks first: the values a
// component reads from outside it are then final, a component of one state
// without a self-loop is solved exactly by one evaluation, and within a
// larger component it iterates
//
//	x_s = (rhs_s + Σ_{t≠s} Q_st x_t) / (1 − Q_ss)
//
// until the largest change in the component is at the level of rounding of
// its largest value.
//
// ws, if not nil, keeps the GMRES work space between calls of one goroutine.
func (q *absorbing) gaussSeidel(ctx context.Context, removed []bool, rhs, x []float64, ws map[int32]*blockSolver) error {
	sp := q.sparse()
	for b := 0; b+1 < len(sp.block); b++ {
		if b&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		states := sp.order[sp.block[b]:sp.block[b+1]]
		if len(states) >= gmresMin && q.krylov(sp, int32(b), removed, rhs, x, ws) {
			continue
		}
		for it := 0; ; it++ {
			if it == 1000000 {
				return ErrNoConvergence
			}
			if it&63 == 63 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var delta, scale float64
			for _, s := range states {
				if removed != nil && removed[s] {
					x[s] = 0
					continue
				}
				v := rhs[s]
				cols, vals := sp.col[sp.off[s]:sp.off[s+1]], sp.val[sp.off[s]:sp.off[s+1]]
				for i, t := range cols {
					v += vals[i] * x[t]
				}
				v /= 1 - sp.diag[s]
				delta = math.Max(delta, math.Abs(v-x[s]))
				scale = math.Max(scale, math.Abs(v))
				x[s] = v
			}
			if math.IsNaN(delta) || math.IsInf(delta, 0) {
				return ErrNotAbsorbing
			}
			if len(states) == 1 || delta <= 1e-15*scale || delta == 0 {
				break
			}
		}
	}
	return nil
}

// krylov solves component b by GMRES (see blockSolver) to a residual of
// 1e-15 relative, starting from the current x; false (x then holds the best
// iterate, a valid start for sweeps) when that is not reached.
func (q *absorbing) krylov(sp *sparseQ, b int32, removed []bool, rhs, x []float64, ws map[int32]*blockSolver) bool {
	bs := ws[b]
	if bs == nil {
		bs = newBlockSolver(sp, b)
		if ws != nil {
			ws[b] = bs
		}
	}
	bs.removed = removed
	f, xb := bs.f, bs.xb
	for i, s := range bs.states {
		xb[i] = x[s]
		if removed != nil && removed[s] {
			xb[i], f[i] = 0, 0
			continue
		}
		v := rhs[s]
		for e := sp.off[s]; e < sp.off[s+1]; e++ {
			if t := sp.col[e]; sp.comp[t] != b {
				v += sp.val[e] * x[t]
			}
		}
		f[i] = v
	}
	ok := bs.solve(f, xb, 1e-15, 30)
	for i, s := range bs.states {
		x[s] = xb[i]
	}
	return ok
}
