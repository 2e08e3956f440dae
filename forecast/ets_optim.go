package forecast

import "math"

// nmBig replaces non-finite objective values, as R's optim.
const nmBig = 1.0e35

// nelderMead minimises fn from x0 with the Nelder-Mead simplex exactly as
// R's nmmin (src/appl/optim.c, used by forecast's etsNelderMead): initial
// step 0.1 max|x0_i| (0.1 if x0 = 0), reflection 1, contraction 0.5,
// expansion 2, stop when the simplex's function values are within
// reltol (|f(x0)| + reltol) or after maxit evaluations. It returns the best
// vertex, its value, the number of evaluations and a code (0 converged, 1
// maxit reached, 10 simplex degenerated). fn(x0) must be finite; otherwise
// code 2 is returned.
//
// References:
//
//	Nelder, J. A. and Mead, R. (1965). A simplex method for function
//	minimization. The Computer Journal 7(4), 308-313.
//	Nash, J. C. (1990). Compact Numerical Methods for Computers, 2nd ed.,
//	Algorithm 19. Adam Hilger.
func nelderMead(fn func([]float64) float64, x0 []float64, reltol float64, maxit int) (x []float64, fmin float64, evals, code int) {
	const (
		alpha = 1.0
		bet   = 0.5
		gamm  = 2.0
	)
	n := len(x0)
	bvec := append([]float64(nil), x0...)
	if maxit <= 0 {
		return bvec, fn(bvec), 0, 0
	}
	f := fn(bvec)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return bvec, f, 1, 2
	}
	funcount := 1
	convtol := reltol * (math.Abs(f) + reltol)
	n1 := n + 1
	C := n + 2
	// p[i][j]: i < n coordinates, i = n function value; columns 0..n vertices,
	// column n+1 the centroid.
	p := make([][]float64, n+1)
	for i := range p {
		p[i] = make([]float64, n+2)
	}
	p[n1-1][0] = f
	for i := 0; i < n; i++ {
		p[i][0] = bvec[i]
	}
	L := 1
	size := 0.0
	step := 0.0
	for i := 0; i < n; i++ {
		if 0.1*math.Abs(bvec[i]) > step {
			step = 0.1 * math.Abs(bvec[i])
		}
	}
	if step == 0 {
		step = 0.1
	}
	for j := 2; j <= n1; j++ {
		for i := 0; i < n; i++ {
			p[i][j-1] = bvec[i]
		}
		trystep := step
		for p[j-2][j-1] == bvec[j-2] {
			p[j-2][j-1] = bvec[j-2] + trystep
			trystep *= 10
		}
		size += trystep
	}
	oldsize := size
	calcvert := true
	finite := func(v float64) float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nmBig
		}
		return v
	}
	for {
		if calcvert {
			for j := 0; j < n1; j++ {
				if j+1 != L {
					for i := 0; i < n; i++ {
						bvec[i] = p[i][j]
					}
					f = finite(fn(bvec))
					funcount++
					p[n1-1][j] = f
				}
			}
			calcvert = false
		}
		VL := p[n1-1][L-1]
		VH := VL
		H := L
		for j := 1; j <= n1; j++ {
			if j != L {
				f = p[n1-1][j-1]
				if f < VL {
					L = j
					VL = f
				}
				if f > VH {
					H = j
					VH = f
				}
			}
		}
		if VH <= VL+convtol || VL <= math.Inf(-1) {
			break
		}
		for i := 0; i < n; i++ {
			temp := -p[i][H-1]
			for j := 0; j < n1; j++ {
				temp += p[i][j]
			}
			p[i][C-1] = temp / float64(n)
		}
		for i := 0; i < n; i++ {
			bvec[i] = (1+alpha)*p[i][C-1] - alpha*p[i][H-1]
		}
		f = finite(fn(bvec))
		funcount++
		VR := f
		if VR < VL {
			p[n1-1][C-1] = f
			for i := 0; i < n; i++ {
				f = gamm*bvec[i] + (1-gamm)*p[i][C-1]
				p[i][C-1] = bvec[i]
				bvec[i] = f
			}
			f = finite(fn(bvec))
			funcount++
			if f < VR {
				for i := 0; i < n; i++ {
					p[i][H-1] = bvec[i]
				}
				p[n1-1][H-1] = f
			} else {
				for i := 0; i < n; i++ {
					p[i][H-1] = p[i][C-1]
				}
				p[n1-1][H-1] = VR
			}
		} else {
			if VR < VH {
				for i := 0; i < n; i++ {
					p[i][H-1] = bvec[i]
				}
				p[n1-1][H-1] = VR
			}
			for i := 0; i < n; i++ {
				bvec[i] = (1-bet)*p[i][H-1] + bet*p[i][C-1]
			}
			f = finite(fn(bvec))
			funcount++
			if f < p[n1-1][H-1] {
				for i := 0; i < n; i++ {
					p[i][H-1] = bvec[i]
				}
				p[n1-1][H-1] = f
			} else if VR >= VH {
				calcvert = true
				size = 0.0
				for j := 0; j < n1; j++ {
					if j+1 != L {
						for i := 0; i < n; i++ {
							p[i][j] = bet*(p[i][j]-p[i][L-1]) + p[i][L-1]
							size += math.Abs(p[i][j] - p[i][L-1])
						}
					}
				}
				if size < oldsize {
					oldsize = size
				} else {
					code = 10
					break
				}
			}
		}
		if funcount > maxit {
			break
		}
	}
	x = make([]float64, n)
	for i := 0; i < n; i++ {
		x[i] = p[i][L-1]
	}
	if funcount > maxit {
		code = 1
	}
	return x, p[n1-1][L-1], funcount, code
}
