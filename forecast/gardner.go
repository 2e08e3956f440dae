package forecast

// gardnerQ0 computes the stationary covariance Q0 of the r ARMA states (the
// solution of Q0 = T Q0 Tᵀ + R Rᵀ) the way R's arima does by default
// (makeARIMA with SSinit = "Gardner1980", C routine getQ0): algorithm AS 154
// of Gardner, Harvey and Phillips (1980). The r(r+1)/2 distinct entries of
// Q0 solve the linear system
//
//	vec(Q0) - vec(T Q0 Tᵀ) = vec(R Rᵀ)
//
// whose rows are fed one at a time to a square-root-free Givens QR
// (Gentleman 1973, AS 75) and solved by back substitution; for a pure MA
// model Q0 follows by back substitution alone.
//
// This is not the most accurate way to get Q0 (stationaryCov is): for long
// AR polynomials, as seasonal AR terms give, its rounding errors reach 1e-4
// relative, enough to move R's likelihood, its optimiser's path, its
// estimates and so auto.arima's choice. sibyl uses it so that fits agree
// with R's; the arithmetic is done in R's order, so the result is the same
// to the last bit. Exact zeros are skipped (rows of the system are sparse,
// the AR coefficients of a seasonal model mostly zero), which changes no
// value: a skipped update would have added zero to zero.
//
// References:
//
//	Gardner, G., Harvey, A.C. and Phillips, G.D.A. (1980). Algorithm AS 154:
//	An algorithm for exact maximum likelihood estimation of autoregressive-
//	moving average models by means of Kalman filtering. Applied Statistics
//	29(3), 311-322.
//	Gentleman, W.M. (1973). Least squares computations by Givens
//	transformations without square roots. J. Inst. Maths Applics 12, 329-336.
//	R Core Team. makeARIMA and getQ0 in R's stats package (src/arima.c).
type gardnerQ0 struct {
	r, np  int
	v      []float64 // R Rᵀ packed by rows of its upper triangle
	xnext  []float64 // the next row of the system
	xrow   []float64 // that row while it is rotated in (zero between calls)
	d      []float64 // diagonal of the square-root-free factor, then the solution
	thetab []float64 // rotated right-hand side
	// The unit upper triangular factor, by rows: the columns of row i's
	// non-zero entries, sorted, are hk[i] and their values hv[i]. The factor
	// is sparse (2,513 of 61,425 entries at r = 26; TestGardnerQ0Sparse), so
	// memory is O(non-zeros) where R's dense triangle needs np²/2 values:
	// 124 MB for a weekly model with two seasonal AR terms (r = 105).
	hk  [][]int32
	hv  [][]float64
	xs  []int32   // scratch: the row's first non-zero columns
	us  []int32   // scratch: a merged pattern
	usv []float64 // and its values
}

func newGardnerQ0(r int) *gardnerQ0 {
	np := r * (r + 1) / 2
	g := &gardnerQ0{r: r, np: np}
	buf := make([]float64, 5*np)
	g.v, g.xnext, g.xrow, g.d, g.thetab = buf[:np], buf[np:2*np], buf[2*np:3*np], buf[3*np:4*np], buf[4*np:]
	const c0 = 8
	kbuf, vbuf := make([]int32, np*c0), make([]float64, np*c0)
	g.hk, g.hv = make([][]int32, np), make([][]float64, np)
	for i := range g.hk {
		g.hk[i] = kbuf[i*c0 : i*c0 : i*c0+c0]
		g.hv[i] = vbuf[i*c0 : i*c0 : i*c0+c0]
	}
	g.xs = make([]int32, 0, np)
	g.us = make([]int32, 0, np)
	g.usv = make([]float64, 0, np)
	return g
}

// compute writes Q0 (r×r, row-major, leading dimension ld) into dst for AR
// coefficients phi and MA coefficients theta (len(theta) ≤ r-1, r ≥ 2).
func (g *gardnerQ0) compute(dst []float64, ld int, phi, theta []float64) {
	r, np := g.r, g.np
	p, q := len(phi), len(theta)
	coefV := func(i int) float64 {
		switch {
		case i == 0:
			return 1
		case i-1 < q:
			return theta[i-1]
		}
		return 0
	}
	// V packed by columns j, rows i ≥ j (the same numbers as by rows of the
	// upper triangle, since V is symmetric).
	ind := 0
	for j := 0; j < r; j++ {
		vj := coefV(j)
		for i := j; i < r; i++ {
			g.v[ind] = coefV(i) * vj
			ind++
		}
	}
	P := g.d
	if p == 0 {
		// Pure MA: Q0_ij = V_ij + Q0_{i+1,j+1}, by back substitution.
		indn, ind := np, np
		for i := 0; i < r; i++ {
			for j := 0; j <= i; j++ {
				ind--
				P[ind] = g.v[ind]
				if j != 0 {
					indn--
					P[ind] += P[indn]
				}
			}
		}
		g.unpack(dst, ld)
		return
	}
	for i := range P {
		P[i], g.thetab[i], g.xnext[i] = 0, 0, 0
	}
	for i := range g.hk {
		g.hk[i], g.hv[i] = g.hk[i][:0], g.hv[i][:0]
	}
	// The unknowns are ordered so that the rows have leading zeros: the
	// last r of them are the first row of Q0.
	npr := np - r
	ind, ind1, indj, ind2 := 0, -1, npr, npr-1
	xn := g.xnext
	for j := 0; j < r; j++ {
		phij := 0.0
		if j < p {
			phij = phi[j]
		}
		xn[indj] = 0
		indj++
		indi := npr + 1 + j
		for i := j; i < r; i++ {
			y := g.v[ind]
			ind++
			phii := 0.0
			if i < p {
				phii = phi[i]
			}
			if j != r-1 {
				xn[indj] = -phii
				if i != r-1 {
					xn[indi] -= phij
					ind1++
					xn[ind1] = -1
				}
			}
			xn[npr] = -phii * phij
			ind2++
			if ind2 >= np {
				ind2 = 0
			}
			xn[ind2]++
			// The row is zero but at these places.
			cand := [5]int{ind1, indj, indi, npr, ind2}
			g.include(cand[:], y)
			xn[ind2] = 0
			if i != r-1 {
				xn[indi] = 0
				indi++
				xn[ind1] = 0
			}
		}
	}
	// Back substitution, last unknown first.
	for i := np - 1; i >= 0; i-- {
		bi := g.thetab[i]
		hk, hv := g.hk[i], g.hv[i]
		hv = hv[:len(hk)]
		for k := len(hk) - 1; k >= 0; k-- {
			bi -= hv[k] * P[hk[k]]
		}
		P[i] = bi
	}
	// Undo the ordering: the first row of Q0 was solved for last.
	xr := g.xrow[:r]
	copy(xr, P[npr:])
	copy(P[r:], P[:npr])
	copy(P[:r], xr)
	clear(xr)
	g.unpack(dst, ld)
}

// include rotates the row xnext, non-zero at most at the places cand, with
// right-hand side y into the factor (AS 75's INCLUD with unit weight).
//
// Entries outside both a factor row's pattern and the rest of xrow are
// zero in both and stay zero, so only their union is updated; where one of
// the two is known to be zero the update is written without it, which
// gives the same value (x - a·0 = x, 0 - a·b = -(a·b), c·0 + s·x = s·x).
func (g *gardnerQ0) include(cand []int, y float64) {
	np := g.np
	xrow := g.xrow
	xs := g.xs[:0]
	for _, c := range cand {
		if c < 0 || c >= np || g.xnext[c] == 0 || xrow[c] != 0 {
			continue
		}
		xrow[c] = g.xnext[c]
		// insertion keeps xs sorted (at most five entries)
		j := len(xs)
		xs = append(xs, int32(c))
		for j > 0 && xs[j-1] > int32(c) {
			xs[j] = xs[j-1]
			j--
		}
		xs[j] = int32(c)
	}
	d, thetab := g.d, g.thetab
	for len(xs) > 0 {
		i := xs[0]
		xs = xs[1:]
		xi := xrow[i]
		xrow[i] = 0
		if xi == 0 {
			continue
		}
		di := d[i]
		dpi := di + xi*xi
		d[i] = dpi
		cbar := di / dpi
		sbar := xi / dpi
		hk, hv := g.hk[i], g.hv[i]
		hv = hv[:len(hk)]
		// In place while the row's pattern holds every place of xs (the
		// common case); from the first new place on, the merged row is
		// built in the scratch and copied back.
		a, b := 0, 0
		for a < len(hk) {
			k := hk[a]
			rb := hv[a]
			if b < len(xs) && xs[b] <= k {
				if xs[b] < k {
					break
				}
				xk := xrow[k]
				xrow[k] = xk - xi*rb
				hv[a] = cbar*rb + sbar*xk
				b++
			} else {
				xrow[k] = -(xi * rb)
				hv[a] = cbar * rb
			}
			a++
		}
		if b < len(xs) {
			us := append(g.us[:0], hk[:a]...)
			usv := append(g.usv[:0], hv[:a]...)
			for a < len(hk) && b < len(xs) {
				k, kx := hk[a], xs[b]
				switch {
				case k < kx: // xrow[k] is zero
					rb := hv[a]
					xrow[k] = -(xi * rb)
					us, usv = append(us, k), append(usv, cbar*rb)
					a++
				case kx < k: // the factor's entry is zero
					us, usv = append(us, kx), append(usv, sbar*xrow[kx])
					b++
				default:
					xk := xrow[k]
					rb := hv[a]
					xrow[k] = xk - xi*rb
					us, usv = append(us, k), append(usv, cbar*rb+sbar*xk)
					a++
					b++
				}
			}
			for ; a < len(hk); a++ {
				k, rb := hk[a], hv[a]
				xrow[k] = -(xi * rb)
				us, usv = append(us, k), append(usv, cbar*rb)
			}
			for ; b < len(xs); b++ {
				k := xs[b]
				us, usv = append(us, k), append(usv, sbar*xrow[k])
			}
			g.hk[i], g.hv[i] = append(hk[:0], us...), append(hv[:0], usv...)
			g.us, g.usv = us, usv
		}
		xs = g.hk[i] // the rest of the row now has the row's pattern
		xk := y
		y = xk - xi*thetab[i]
		thetab[i] = cbar*thetab[i] + sbar*xk
		if di == 0 {
			for _, k := range xs {
				xrow[k] = 0
			}
			return
		}
	}
}

// unpack spreads the packed upper triangle in g.d (by rows) over the full
// symmetric r×r block of dst.
func (g *gardnerQ0) unpack(dst []float64, ld int) {
	r := g.r
	ind := 0
	for i := 0; i < r; i++ {
		for j := i; j < r; j++ {
			v := g.d[ind]
			ind++
			dst[i*ld+j] = v
			dst[j*ld+i] = v
		}
	}
}
