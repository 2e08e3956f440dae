package forecast

import (
	"errors"
	"math"
	"sort"
)

// errSingular is R's "system is computationally singular".
var errSingular = errors.New("forecast: matrix is computationally singular")

// luSolve solves A X = B for the n×n row-major A and n×k B (row-major),
// with partial pivoting. Like R's solve it fails when the reciprocal
// 1-norm condition number is below machine epsilon.
func luSolve(A []float64, n int, B []float64, k int) ([]float64, error) {
	lu := append([]float64(nil), A...)
	x := append([]float64(nil), B...)
	anorm := 0.0
	for j := 0; j < n; j++ {
		s := 0.0
		for i := 0; i < n; i++ {
			s += math.Abs(A[i*n+j])
		}
		anorm = math.Max(anorm, s)
	}
	if math.IsNaN(anorm) || math.IsInf(anorm, 0) {
		return nil, errSingular
	}
	piv := make([]int, n)
	for c := 0; c < n; c++ {
		best, bi := -1.0, c
		for r := c; r < n; r++ {
			if v := math.Abs(lu[r*n+c]); v > best {
				best, bi = v, r
			}
		}
		piv[c] = bi
		if best == 0 {
			return nil, errSingular
		}
		if bi != c {
			for j := 0; j < n; j++ {
				lu[c*n+j], lu[bi*n+j] = lu[bi*n+j], lu[c*n+j]
			}
		}
		for r := c + 1; r < n; r++ {
			f := lu[r*n+c] / lu[c*n+c]
			lu[r*n+c] = f
			for j := c + 1; j < n; j++ {
				lu[r*n+j] -= f * lu[c*n+j]
			}
		}
	}
	solve := func(x []float64, k int) {
		for c := 0; c < n; c++ {
			if piv[c] != c {
				for j := 0; j < k; j++ {
					x[c*k+j], x[piv[c]*k+j] = x[piv[c]*k+j], x[c*k+j]
				}
			}
		}
		for r := 1; r < n; r++ {
			for c := 0; c < r; c++ {
				f := lu[r*n+c]
				for j := 0; j < k; j++ {
					x[r*k+j] -= f * x[c*k+j]
				}
			}
		}
		for r := n - 1; r >= 0; r-- {
			for c := r + 1; c < n; c++ {
				f := lu[r*n+c]
				for j := 0; j < k; j++ {
					x[r*k+j] -= f * x[c*k+j]
				}
			}
			for j := 0; j < k; j++ {
				x[r*k+j] /= lu[r*n+r]
			}
		}
	}
	// 1-norm of the inverse, column by column (n is small here).
	inv := make([]float64, n*n)
	for i := 0; i < n; i++ {
		inv[i*n+i] = 1
	}
	solve(inv, n)
	inorm := 0.0
	for j := 0; j < n; j++ {
		s := 0.0
		for i := 0; i < n; i++ {
			s += math.Abs(inv[i*n+j])
		}
		inorm = math.Max(inorm, s)
	}
	rcond := 1 / (anorm * inorm)
	if !(rcond >= 2.220446049250313e-16) {
		return nil, errSingular
	}
	solve(x, k)
	return x, nil
}

// leastSquares fits y ~ X - 1 (X given by columns, rows with a NaN
// dropped) by Householder QR and returns the coefficients, their standard
// errors and the rank (0 when a column is numerically zero).
func leastSquares(y []float64, cols [][]float64) (coef, se []float64, rank int) {
	k := len(cols)
	var rows []int
	for i := range y {
		ok := !math.IsNaN(y[i])
		for _, c := range cols {
			if math.IsNaN(c[i]) {
				ok = false
			}
		}
		if ok {
			rows = append(rows, i)
		}
	}
	n := len(rows)
	if n < k || k == 0 {
		return nil, nil, 0
	}
	// A is n×k column-major copy, b the response.
	A := make([]float64, n*k)
	b := make([]float64, n)
	for j, c := range cols {
		for i, r := range rows {
			A[j*n+i] = c[r]
		}
	}
	for i, r := range rows {
		b[i] = y[r]
	}
	diagR := make([]float64, k)
	for j := 0; j < k; j++ {
		col := A[j*n : j*n+n]
		norm := 0.0
		for i := j; i < n; i++ {
			norm = math.Hypot(norm, col[i])
		}
		if norm == 0 {
			return nil, nil, 0
		}
		if col[j] > 0 {
			norm = -norm
		}
		// v = col[j:] - norm e1, stored in col[j:]
		col[j] -= norm
		vnorm2 := 0.0
		for i := j; i < n; i++ {
			vnorm2 += col[i] * col[i]
		}
		apply := func(x []float64) {
			s := 0.0
			for i := j; i < n; i++ {
				s += col[i] * x[i]
			}
			s = 2 * s / vnorm2
			for i := j; i < n; i++ {
				x[i] -= s * col[i]
			}
		}
		for jj := j + 1; jj < k; jj++ {
			apply(A[jj*n : jj*n+n])
		}
		apply(b)
		diagR[j] = norm
	}
	// R is upper triangular: R[i][j] = A[j*n+i] for i<j, diag diagR.
	rr := func(i, j int) float64 {
		if i == j {
			return diagR[i]
		}
		return A[j*n+i]
	}
	maxd := 0.0
	for _, v := range diagR {
		maxd = math.Max(maxd, math.Abs(v))
	}
	for _, v := range diagR {
		if math.Abs(v) < 1e-7*maxd {
			return nil, nil, 0
		}
	}
	coef = make([]float64, k)
	for i := k - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j < k; j++ {
			s -= rr(i, j) * coef[j]
		}
		coef[i] = s / rr(i, i)
	}
	rss := 0.0
	for i := k; i < n; i++ {
		rss += b[i] * b[i]
	}
	s2 := math.NaN()
	if n > k {
		s2 = rss / float64(n-k)
	}
	// (RᵀR)⁻¹ diagonal = row norms² of R⁻¹.
	rinv := make([]float64, k*k)
	for c := 0; c < k; c++ {
		for i := k - 1; i >= 0; i-- {
			s := 0.0
			if i == c {
				s = 1
			}
			for j := i + 1; j < k; j++ {
				s -= rr(i, j) * rinv[j*k+c]
			}
			rinv[i*k+c] = s / rr(i, i)
		}
	}
	se = make([]float64, k)
	for i := 0; i < k; i++ {
		s := 0.0
		for c := 0; c < k; c++ {
			s += rinv[i*k+c] * rinv[i*k+c]
		}
		se[i] = math.Sqrt(s2 * s)
	}
	return coef, se, k
}

// rightSingularVectors returns V (k×k row-major, columns ordered by
// decreasing singular value) of the n×k matrix given by columns, skipping
// rows with a NaN, from the Jacobi eigen-decomposition of XᵀX.
func rightSingularVectors(cols [][]float64) []float64 {
	k := len(cols)
	S := make([]float64, k*k)
	n := len(cols[0])
	for i := 0; i < n; i++ {
		ok := true
		for _, c := range cols {
			if math.IsNaN(c[i]) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		for a := 0; a < k; a++ {
			for b := 0; b < k; b++ {
				S[a*k+b] += cols[a][i] * cols[b][i]
			}
		}
	}
	V := make([]float64, k*k)
	for i := 0; i < k; i++ {
		V[i*k+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for a := 0; a < k; a++ {
			for b := a + 1; b < k; b++ {
				off += S[a*k+b] * S[a*k+b]
			}
		}
		if off < 1e-30 {
			break
		}
		for a := 0; a < k; a++ {
			for b := a + 1; b < k; b++ {
				if S[a*k+b] == 0 {
					continue
				}
				theta := (S[b*k+b] - S[a*k+a]) / (2 * S[a*k+b])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for i := 0; i < k; i++ {
					sia, sib := S[i*k+a], S[i*k+b]
					S[i*k+a] = c*sia - s*sib
					S[i*k+b] = s*sia + c*sib
				}
				for i := 0; i < k; i++ {
					sai, sbi := S[a*k+i], S[b*k+i]
					S[a*k+i] = c*sai - s*sbi
					S[b*k+i] = s*sai + c*sbi
				}
				for i := 0; i < k; i++ {
					via, vib := V[i*k+a], V[i*k+b]
					V[i*k+a] = c*via - s*vib
					V[i*k+b] = s*via + c*vib
				}
			}
		}
	}
	idx := make([]int, k)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return S[idx[i]*k+idx[i]] > S[idx[j]*k+idx[j]] })
	out := make([]float64, k*k)
	for newc, oldc := range idx {
		// The sign of each vector is arbitrary; the fit does not depend on it.
		for i := 0; i < k; i++ {
			out[i*k+newc] = V[i*k+oldc]
		}
	}
	return out
}
