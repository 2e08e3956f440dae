package journey

import "math"

// gmresRestart is the Krylov dimension of one GMRES cycle and gmresMin the
// smallest component solved by GMRES rather than by sweeps alone.
const (
	gmresRestart = 10
	gmresMin     = 64
)

// blockSolver solves one strongly connected component of the removed
// chain, (I − Q)_BB x_B = f, by restarted GMRES (modified Gram-Schmidt,
// Givens rotations) on the Gauss-Seidel fixed-point equation
//
//	(I − G) x = c,   x ← G x + c one sweep of x_s = (f_s + Σ Q_st x_t) / (1 − Q_ss)
//
// The walk leaks slowly (paths of tens of steps), so plain sweeps need about
// a thousand passes to reach rounding level on a large component of a
// sparse second-order chain; GMRES over the sweeps needs far fewer. The
// residual of the preconditioned system is the change one sweep would make,
// so the stopping rule is the sweeps' own (1e-15 relative). Restart 10 was
// the fastest of 5, 10, 20 and 40 on 300 channels (orthogonalisation costs
// grow with it; plain GMRES on I − Q converged no faster than the sweeps,
// the spectrum of a sparse random walk not being clustered).
//
// References:
//
//	Saad, Y., Schultz, M. H. (1986). GMRES: A generalized minimal residual
//	algorithm for solving nonsymmetric linear systems. SIAM Journal on
//	Scientific and Statistical Computing 7(3), 856–869.
//	Paige, C. C., Rozložník, M., Strakoš, Z. (2006). Modified Gram-Schmidt
//	(MGS), least squares, and backward stability of MGS-GMRES. SIAM Journal
//	on Matrix Analysis and Applications 28(1), 264–284.
type blockSolver struct {
	sp      *sparseQ
	states  []int32
	comp    int32 // the component's number in sp
	removed []bool
	v       [][]float64
	h       []float64 // (m+1) × m, column-major
	cs, sn  []float64
	g, y    []float64
	w, r, c []float64
	f, xb   []float64 // the caller's right-hand side and iterate
}

func newBlockSolver(sp *sparseQ, comp int32) *blockSolver {
	states := sp.order[sp.block[comp]:sp.block[comp+1]]
	m := len(states)
	bs := &blockSolver{sp: sp, states: states, comp: comp,
		h: make([]float64, (gmresRestart+1)*gmresRestart), cs: make([]float64, gmresRestart),
		sn: make([]float64, gmresRestart), g: make([]float64, gmresRestart+1), y: make([]float64, gmresRestart),
		w: make([]float64, m), r: make([]float64, m), c: make([]float64, m),
		f: make([]float64, m), xb: make([]float64, m)}
	bs.v = make([][]float64, gmresRestart+1)
	for i := range bs.v {
		bs.v[i] = make([]float64, m)
	}
	return bs
}

// sweep runs one Gauss-Seidel sweep over the block in place, y ← G y + c
// with c the sweep of f from zero (f nil: the homogeneous sweep, G y).
func (bs *blockSolver) sweep(y, f []float64) {
	in := bs.sp.inner[bs.comp]
	for i, s := range bs.states {
		if bs.removed != nil && bs.removed[s] {
			y[i] = 0
			continue
		}
		var v float64
		if f != nil {
			v = f[i]
		}
		cols, vals := in.col[in.off[i]:in.off[i+1]], in.val[in.off[i]:in.off[i+1]]
		for j, t := range cols {
			v += vals[j] * y[t]
		}
		y[i] = v / (1 - in.diag[i])
	}
}

// apply sets dst = (I − G) src, G the Gauss-Seidel iteration matrix of the
// block: GMRES then accelerates the sweeps (the fixed point of x ← G x + c
// solves (I − Q)_BB x = f).
func (bs *blockSolver) apply(dst, src []float64) {
	copy(bs.w, src)
	bs.sweep(bs.w, nil)
	for i := range dst {
		dst[i] = src[i] - bs.w[i]
	}
}

func norm2(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// solve improves x (length len(states)) towards (I − Q)_BB x = f until the
// residual is at most tol·‖f‖ or maxCycles restarts have run; it reports
// whether the tolerance was met.
func (bs *blockSolver) solve(f0, x []float64, tol float64, maxCycles int) bool {
	clear(bs.c)
	bs.sweep(bs.c, f0)
	f := bs.c
	fn := norm2(f)
	if fn == 0 {
		clear(x)
		return true
	}
	for cycle := 0; cycle < maxCycles; cycle++ {
		bs.apply(bs.r, x)
		for i := range bs.r {
			bs.r[i] = f[i] - bs.r[i]
		}
		beta := norm2(bs.r)
		if beta <= tol*fn {
			return true
		}
		for i, v := range bs.r {
			bs.v[0][i] = v / beta
		}
		clear(bs.g)
		bs.g[0] = beta
		k := 0
		for ; k < gmresRestart; k++ {
			w := bs.v[k+1]
			bs.apply(w, bs.v[k]) // uses bs.w as scratch before w is written
			hk := bs.h[k*(gmresRestart+1):]
			for j := 0; j <= k; j++ {
				var d float64
				vj := bs.v[j]
				for i, wi := range w {
					d += wi * vj[i]
				}
				hk[j] = d
				for i := range w {
					w[i] -= d * vj[i]
				}
			}
			hn := norm2(w)
			hk[k+1] = hn
			if hn != 0 {
				for i := range w {
					w[i] /= hn
				}
			}
			for j := 0; j < k; j++ {
				a, b := hk[j], hk[j+1]
				hk[j], hk[j+1] = bs.cs[j]*a+bs.sn[j]*b, -bs.sn[j]*a+bs.cs[j]*b
			}
			d := math.Hypot(hk[k], hk[k+1])
			if d == 0 {
				break
			}
			bs.cs[k], bs.sn[k] = hk[k]/d, hk[k+1]/d
			hk[k], hk[k+1] = d, 0
			bs.g[k+1] = -bs.sn[k] * bs.g[k]
			bs.g[k] *= bs.cs[k]
			if math.Abs(bs.g[k+1]) <= tol*fn || hn == 0 {
				k++
				break
			}
		}
		for i := k - 1; i >= 0; i-- {
			s := bs.g[i]
			for j := i + 1; j < k; j++ {
				s -= bs.h[j*(gmresRestart+1)+i] * bs.y[j]
			}
			bs.y[i] = s / bs.h[i*(gmresRestart+1)+i]
		}
		for j := 0; j < k; j++ {
			yj, vj := bs.y[j], bs.v[j]
			for i := range x {
				x[i] += yj * vj[i]
			}
		}
	}
	bs.apply(bs.r, x)
	for i := range bs.r {
		bs.r[i] = f[i] - bs.r[i]
	}
	return norm2(bs.r) <= tol*fn
}
