package forecast

import (
	"errors"
	"math"
)

// errNonStationary reports an AR polynomial for which the stationary state
// covariance does not exist.
var errNonStationary = errors.New("forecast: AR part is not stationary")

// ssModel is the state-space form of an ARIMA model that R's stats::arima
// uses (Gardner, Harvey and Phillips 1980; Durbin and Koopman 2012, §3.4):
// the ARMA part in Harvey's form with r = max(p, q+1) states, followed by d
// states holding past values of the undifferenced series,
//
//	y_t = Z a_t,	a_t = T a_{t-1} + R ε_t,	Z = (1, 0, …, 0, δ_1, …, δ_d)
//
// where δ are the coefficients of the differencing polynomial
// 1 - Σ δ_i B^i = (1-B)^d (1-B^m)^D. A and P are the filtered state mean and
// covariance (in units of σ²) after the last observation; Pn is the one-step
// prediction covariance.
type ssModel struct {
	phi, theta, delta []float64 // theta padded to r-1
	r, d, rd          int
	a, P, Pn          []float64 // rd, rd*rd, rd*rd (row-major)
	// scratch
	anew, M, mm []float64
	dnz         []int // indices of non-zero δ
}

// newSSModel is R's makeARIMA: zero initial state, the stationary covariance
// Q0 of the ARMA states (the solution of Q0 = T Q0 Tᵀ + R Rᵀ) and a diffuse
// prior κ I on the differencing states.
func newSSModel(phi, theta, delta []float64, kappa float64) (*ssModel, error) {
	p, q := len(phi), len(theta)
	r := max(p, q+1)
	d := len(delta)
	rd := r + d
	m := &ssModel{r: r, d: d, rd: rd}
	m.phi = append([]float64(nil), phi...)
	m.theta = make([]float64, r-1)
	copy(m.theta, theta)
	m.delta = append([]float64(nil), delta...)
	for i, v := range delta {
		if v != 0 {
			m.dnz = append(m.dnz, i)
		}
	}
	m.a = make([]float64, rd)
	m.P = make([]float64, rd*rd)
	m.Pn = make([]float64, rd*rd)
	m.anew = make([]float64, rd)
	m.M = make([]float64, rd)
	m.mm = make([]float64, rd*rd)
	if err := m.initQ0(kappa); err != nil {
		return nil, err
	}
	return m, nil
}

// initQ0 fills Pn with the initial state covariance.
func (m *ssModel) initQ0(kappa float64) error {
	r, rd := m.r, m.rd
	for i := range m.Pn {
		m.Pn[i] = 0
	}
	if r == 1 {
		if len(m.phi) > 0 {
			if math.Abs(m.phi[0]) >= 1 {
				return errNonStationary
			}
			m.Pn[0] = 1 / (1 - m.phi[0]*m.phi[0])
		} else {
			m.Pn[0] = 1
		}
	} else {
		q0, err := stationaryCov(m.phi, m.theta, r)
		if err != nil {
			return err
		}
		for i := 0; i < r; i++ {
			copy(m.Pn[i*rd:i*rd+r], q0[i*r:i*r+r])
		}
	}
	for i := r; i < rd; i++ {
		m.Pn[i*rd+i] = kappa
	}
	return nil
}

// stationaryCov solves Q = T Q Tᵀ + R Rᵀ for the r×r ARMA block by the
// doubling algorithm Q ← Q + A Q Aᵀ, A ← A², which converges
// quadratically when the AR part is stationary and is exact after
// ⌈log2 r⌉ steps for a pure MA.
//
// References:
//
//	Anderson, B.D.O. and Moore, J.B. (1979). Optimal Filtering, §6.7.
//	Prentice-Hall.
func stationaryCov(phi, theta []float64, r int) ([]float64, error) {
	A := make([]float64, r*r)
	for i := 0; i < r; i++ {
		if i < len(phi) {
			A[i*r] = phi[i]
		}
		if i+1 < r {
			A[i*r+i+1] = 1
		}
	}
	Q := make([]float64, r*r)
	R := make([]float64, r)
	R[0] = 1
	for i := 1; i < r; i++ {
		if i-1 < len(theta) {
			R[i] = theta[i-1]
		}
	}
	for i := 0; i < r; i++ {
		for j := 0; j < r; j++ {
			Q[i*r+j] = R[i] * R[j]
		}
	}
	tmp := make([]float64, r*r)
	add := make([]float64, r*r)
	A2 := make([]float64, r*r)
	for iter := 0; iter < 80; iter++ {
		// tmp = A Q
		matMul(tmp, A, Q, r)
		// add = tmp Aᵀ
		maxAdd, maxQ := 0.0, 0.0
		for i := 0; i < r; i++ {
			for j := 0; j < r; j++ {
				s := 0.0
				ti := tmp[i*r : i*r+r]
				aj := A[j*r : j*r+r]
				for k := 0; k < r; k++ {
					s += ti[k] * aj[k]
				}
				add[i*r+j] = s
			}
		}
		for i := range Q {
			Q[i] += add[i]
			if v := math.Abs(add[i]); v > maxAdd {
				maxAdd = v
			}
			if v := math.Abs(Q[i]); v > maxQ {
				maxQ = v
			}
		}
		if math.IsNaN(maxQ) || math.IsInf(maxQ, 0) || maxQ > 1e300 {
			return nil, errNonStationary
		}
		if maxAdd <= 1e-17*maxQ {
			return Q, nil
		}
		matMul(A2, A, A, r)
		A, A2 = A2, A
	}
	return nil, errNonStationary
}

// matMul sets dst = a b for r×r row-major matrices.
func matMul(dst, a, b []float64, r int) {
	for i := 0; i < r; i++ {
		row := dst[i*r : i*r+r]
		for j := range row {
			row[j] = 0
		}
		for k := 0; k < r; k++ {
			aik := a[i*r+k]
			if aik == 0 {
				continue
			}
			bk := b[k*r : k*r+r]
			for j := range row {
				row[j] += aik * bk[j]
			}
		}
	}
}

// likeResult is what one pass of the Kalman filter accumulates.
type likeResult struct {
	ssq    float64 // Σ v_t² / F_t over the counted observations
	sumlog float64 // Σ log F_t over the counted observations
	nu     int     // observations with F_t < 1e4 (the others are diffuse)
}

// filter runs the Kalman filter over y (NaN = missing), as R's ARIMA_Like:
// when fresh is true the first prediction covariance is Pn as initialised,
// otherwise the filter continues from the stored a and P. Observations whose
// prediction variance F_t (in σ² units) is 1e4 or more are treated as
// diffuse and left out of ssq and sumlog. When resid is not nil it receives
// the standardised innovations v_t/√F_t (NaN where y is missing).
func (m *ssModel) filter(y []float64, fresh bool, resid []float64) likeResult {
	r, d, rd := m.r, m.d, m.rd
	p, q := len(m.phi), len(m.theta)
	phi, theta, delta := m.phi, m.theta, m.delta
	a, P, Pnew, anew, M, mm := m.a, m.P, m.Pn, m.anew, m.M, m.mm
	var res likeResult
	for l, yl := range y {
		for i := 0; i < r; i++ {
			tmp := 0.0
			if i < r-1 {
				tmp = a[i+1]
			}
			if i < p {
				tmp += phi[i] * a[0]
			}
			anew[i] = tmp
		}
		if d > 0 {
			for i := r + 1; i < rd; i++ {
				anew[i] = a[i-1]
			}
			tmp := a[0]
			for _, i := range m.dnz {
				tmp += delta[i] * a[r+i]
			}
			anew[r] = tmp
		}
		if l > 0 || !fresh {
			if d == 0 {
				for i := 0; i < r; i++ {
					vi := 0.0
					if i == 0 {
						vi = 1
					} else if i-1 < q {
						vi = theta[i-1]
					}
					for j := 0; j < r; j++ {
						tmp := 0.0
						if j == 0 {
							tmp = vi
						} else if j-1 < q {
							tmp = vi * theta[j-1]
						}
						if i < p && j < p {
							tmp += phi[i] * phi[j] * P[0]
						}
						if i < r-1 && j < r-1 {
							tmp += P[(i+1)*rd+j+1]
						}
						if i < p && j < r-1 {
							tmp += phi[i] * P[j+1]
						}
						if j < p && i < r-1 {
							tmp += phi[j] * P[i+1]
						}
						Pnew[i*rd+j] = tmp
					}
				}
			} else {
				// mm = T P (row i of mm is row i of T times P)
				for i := 0; i < r; i++ {
					row := mm[i*rd : i*rd+rd]
					if i < r-1 {
						copy(row, P[(i+1)*rd:(i+1)*rd+rd])
					} else {
						for j := range row {
							row[j] = 0
						}
					}
					if i < p && phi[i] != 0 {
						f := phi[i]
						p0 := P[:rd]
						for j := range row {
							row[j] += f * p0[j]
						}
					}
				}
				row := mm[r*rd : r*rd+rd]
				copy(row, P[:rd])
				for _, k := range m.dnz {
					f := delta[k]
					pk := P[(r+k)*rd : (r+k)*rd+rd]
					for j := range row {
						row[j] += f * pk[j]
					}
				}
				for i := 1; i < d; i++ {
					copy(mm[(r+i)*rd:(r+i)*rd+rd], P[(r+i-1)*rd:(r+i-1)*rd+rd])
				}
				// Pnew = mm Tᵀ (column j of Pnew is T row j applied to mm's columns)
				for i := 0; i < rd; i++ {
					mi := mm[i*rd : i*rd+rd]
					out := Pnew[i*rd : i*rd+rd]
					m0 := mi[0]
					for j := 0; j < r; j++ {
						tmp := 0.0
						if j < p {
							tmp = phi[j] * m0
						}
						if j < r-1 {
							tmp += mi[j+1]
						}
						out[j] = tmp
					}
					tmp := m0
					for _, k := range m.dnz {
						tmp += delta[k] * mi[r+k]
					}
					out[r] = tmp
					for j := 1; j < d; j++ {
						out[r+j] = mi[r+j-1]
					}
				}
				for i := 0; i <= q; i++ {
					vi := 1.0
					if i > 0 {
						vi = theta[i-1]
					}
					for j := 0; j <= q; j++ {
						vj := 1.0
						if j > 0 {
							vj = theta[j-1]
						}
						Pnew[i*rd+j] += vi * vj
					}
				}
			}
		}
		if !math.IsNaN(yl) {
			v := yl - anew[0]
			for _, i := range m.dnz {
				v -= delta[i] * anew[r+i]
			}
			for i := 0; i < rd; i++ {
				tmp := Pnew[i*rd]
				for _, j := range m.dnz {
					tmp += Pnew[i*rd+r+j] * delta[j]
				}
				M[i] = tmp
			}
			gain := M[0]
			for _, j := range m.dnz {
				gain += delta[j] * M[r+j]
			}
			if gain < 1e4 {
				res.nu++
				res.ssq += v * v / gain
				res.sumlog += math.Log(gain)
			}
			if resid != nil {
				resid[l] = v / math.Sqrt(gain)
			}
			vg := v / gain
			for i := 0; i < rd; i++ {
				a[i] = anew[i] + M[i]*vg
			}
			for i := 0; i < rd; i++ {
				mi := M[i] / gain
				pr := P[i*rd : i*rd+rd]
				pn := Pnew[i*rd : i*rd+rd]
				for j := range pr {
					pr[j] = pn[j] - mi*M[j]
				}
			}
		} else {
			copy(a, anew)
			copy(P, Pnew)
			if resid != nil {
				resid[l] = math.NaN()
			}
		}
	}
	return res
}

// forecast is R's KalmanForecast from the filtered state: the h-step means
// Z a_{n+h} and variances Z P_{n+h} Zᵀ (in σ² units). The model's state is
// left unchanged.
func (m *ssModel) forecast(h int, mean, variance []float64) {
	r, rd := m.r, m.rd
	a := append([]float64(nil), m.a...)
	P := append([]float64(nil), m.P...)
	anew := make([]float64, rd)
	mm := make([]float64, rd*rd)
	T := m.transition()
	V := make([]float64, rd*rd)
	R := make([]float64, rd)
	R[0] = 1
	copy(R[1:r], m.theta)
	for i := 0; i < rd; i++ {
		for j := 0; j < rd; j++ {
			V[i*rd+j] = R[i] * R[j]
		}
	}
	Z := make([]float64, rd)
	Z[0] = 1
	copy(Z[r:], m.delta)
	for l := 0; l < h; l++ {
		fc := 0.0
		for i := 0; i < rd; i++ {
			s := 0.0
			for k := 0; k < rd; k++ {
				s += T[i*rd+k] * a[k]
			}
			anew[i] = s
			fc += s * Z[i]
		}
		copy(a, anew)
		mean[l] = fc
		matMul(mm, T, P, rd)
		for i := 0; i < rd; i++ {
			for j := 0; j < rd; j++ {
				s := V[i*rd+j]
				for k := 0; k < rd; k++ {
					s += mm[i*rd+k] * T[j*rd+k]
				}
				P[i*rd+j] = s
			}
		}
		v := 0.0
		for i := 0; i < rd; i++ {
			for j := 0; j < rd; j++ {
				v += Z[i] * Z[j] * P[i*rd+j]
			}
		}
		variance[l] = v
	}
}

// transition returns T as a dense rd×rd matrix.
func (m *ssModel) transition() []float64 {
	r, d, rd := m.r, m.d, m.rd
	T := make([]float64, rd*rd)
	for i := 0; i < len(m.phi); i++ {
		T[i*rd] = m.phi[i]
	}
	for i := 0; i+1 < r; i++ {
		T[i*rd+i+1] = 1
	}
	if d > 0 {
		T[r*rd] = 1
		for k := 0; k < d; k++ {
			T[r*rd+r+k] = m.delta[k]
		}
		for i := 1; i < d; i++ {
			T[(r+i)*rd+r+i-1] = 1
		}
	}
	return T
}

// clone returns a deep copy (the state of a fitted model must not change).
func (m *ssModel) clone() *ssModel {
	c := *m
	c.phi = append([]float64(nil), m.phi...)
	c.theta = append([]float64(nil), m.theta...)
	c.delta = append([]float64(nil), m.delta...)
	c.dnz = append([]int(nil), m.dnz...)
	c.a = append([]float64(nil), m.a...)
	c.P = append([]float64(nil), m.P...)
	c.Pn = append([]float64(nil), m.Pn...)
	c.anew = make([]float64, m.rd)
	c.M = make([]float64, m.rd)
	c.mm = make([]float64, m.rd*m.rd)
	return &c
}
