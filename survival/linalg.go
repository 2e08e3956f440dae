package survival

import "math"

// cholTol is R's coxph.control toler.chol default, .Machine$double.eps^0.75.
var cholTol = math.Pow(2.220446049250313e-16, 0.75)

// cholesky2 factors the symmetric n×n matrix m (row-major, upper triangle
// used) in place as L D L' exactly as R survival's cholesky2: a pivot below
// tol·max(diag) marks its column singular (set to zero). It returns the rank
// and whether the matrix was non-negative definite.
func cholesky2(m []float64, n int, tol float64) (rank int, nonneg bool) {
	eps := 0.0
	for i := range n {
		if m[i*n+i] > eps {
			eps = m[i*n+i]
		}
		for j := i + 1; j < n; j++ {
			m[j*n+i] = m[i*n+j]
		}
	}
	if eps == 0 {
		eps = tol
	} else {
		eps *= tol
	}
	nonneg = true
	for i := range n {
		pivot := m[i*n+i]
		if math.IsNaN(pivot) || math.IsInf(pivot, 0) || pivot < eps {
			m[i*n+i] = 0
			if pivot < -8*eps {
				nonneg = false
			}
			continue
		}
		rank++
		for j := i + 1; j < n; j++ {
			temp := m[j*n+i] / pivot
			m[j*n+i] = temp
			m[j*n+j] -= temp * temp * pivot
			for k := j + 1; k < n; k++ {
				m[k*n+j] -= temp * m[k*n+i]
			}
		}
	}
	return rank, nonneg
}

// chsolve2 solves using the factor from cholesky2 (lower triangle and
// diagonal), overwriting y with the solution; singular columns get 0.
func chsolve2(m []float64, n int, y []float64) {
	for i := range n {
		temp := y[i]
		for j := range i {
			temp -= y[j] * m[i*n+j]
		}
		y[i] = temp
	}
	for i := n - 1; i >= 0; i-- {
		if m[i*n+i] == 0 {
			y[i] = 0
			continue
		}
		temp := y[i] / m[i*n+i]
		for j := i + 1; j < n; j++ {
			temp -= y[j] * m[j*n+i]
		}
		y[i] = temp
	}
}

// chinv2 turns the factor from cholesky2 into the full symmetric inverse,
// as R survival's chinv2 (singular columns: rows and columns of zeros).
func chinv2(m []float64, n int) {
	// invert the Cholesky in the lower triangle
	for i := range n {
		if m[i*n+i] > 0 {
			m[i*n+i] = 1 / m[i*n+i]
			for j := i + 1; j < n; j++ {
				m[j*n+i] = -m[j*n+i]
				for k := range i {
					m[j*n+k] += m[j*n+i] * m[i*n+k]
				}
			}
		}
	}
	// lower triangle now holds inverse of L, diag of inverse D: form L' D L
	for i := range n {
		if m[i*n+i] == 0 {
			for j := range i {
				m[j*n+i] = 0
			}
			for j := i; j < n; j++ {
				m[i*n+j] = 0
			}
			continue
		}
		for j := i + 1; j < n; j++ {
			temp := m[j*n+i] * m[j*n+j]
			if j != i {
				m[i*n+j] = temp
			}
			for k := i; k < j; k++ {
				m[i*n+k] += temp * m[j*n+k]
			}
		}
	}
	for i := range n {
		for j := range i {
			m[i*n+j] = m[j*n+i]
		}
	}
}

// cholSolve solves the symmetric system a x = y (a row-major k×k, copied)
// in place in y; ok is false when a is singular.
func cholSolve(a []float64, k int, y []float64) (rank int, ok bool) {
	m := append([]float64(nil), a...)
	rank, _ = cholesky2(m, k, cholTol)
	chsolve2(m, k, y)
	return rank, rank == k
}

// invSym returns the inverse of the symmetric positive definite k×k matrix a
// and its rank.
func invSym(a []float64, k int) ([]float64, int) {
	m := append([]float64(nil), a...)
	rank, _ := cholesky2(m, k, cholTol)
	chinv2(m, k)
	return m, rank
}
