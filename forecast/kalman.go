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
	prev        []float64 // previous prediction covariance (steady-state test)
	red         *ssModel  // ARMA-only filter used after the diffuse start
	ucBuf       []float64
	w           []float64 // differenced series for red
	dnz         []int     // indices of non-zero δ
	exact       bool      // Q0 by stationaryCov instead of R's AS 154
	gq          *gardnerQ0
	frame       []float64 // armaFilter's sliding covariance frame
	prevM       []float64 // armaFilter's previous gain vector
	dframe      []float64 // diffuseStart's sliding covariance frame
	dvec        []float64 // diffuseStart's vectors
	// rec, when set, asks the next filter call to record its kalmanPath;
	// recDiff and recArma are where diffuseStart and armaFilter append.
	rec, recDiff, recArma *kalmanPath
}

// newSSModel is R's makeARIMA: zero initial state, the stationary covariance
// Q0 of the ARMA states (the solution of Q0 = T Q0 Tᵀ + R Rᵀ) and a diffuse
// prior κ I on the differencing states.
func newSSModel(phi, theta, delta []float64, kappa float64) (*ssModel, error) {
	return newSSModelInit(phi, theta, delta, kappa, false)
}

// newSSModelInit is newSSModel with the choice of Q0: R's AS 154 (exact
// false, R's default) or the exact solution of the Lyapunov equation
// (exact true, what R's SSinit = "Rossignol2011" gives to rounding).
func newSSModelInit(phi, theta, delta []float64, kappa float64, exact bool) (*ssModel, error) {
	p, q := len(phi), len(theta)
	r := max(p, q+1)
	d := len(delta)
	rd := r + d
	m := &ssModel{r: r, d: d, rd: rd, exact: exact}
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
	} else if m.exact {
		q0, err := stationaryCov(m.phi, m.theta, r)
		if err != nil {
			return err
		}
		for i := 0; i < r; i++ {
			copy(m.Pn[i*rd:i*rd+r], q0[i*r:i*r+r])
		}
	} else {
		// R's default (SSinit = "Gardner1980"), so that likelihoods, and
		// with them estimates and model choices, agree with R's.
		if m.gq == nil || m.gq.r != r {
			m.gq = newGardnerQ0(r)
		}
		m.gq.compute(m.Pn, rd, m.phi, m.theta)
	}
	for i := r; i < rd; i++ {
		m.Pn[i*rd+i] = kappa
	}
	return nil
}

// stationaryCov solves Q = T Q Tᵀ + R Rᵀ for the r×r ARMA block. With T
// the companion matrix (φ in the first column, ones above the diagonal)
// every entry follows from the first row by
//
//	Q_ij = Q_{i+1,j+1} + φ_iφ_j Q_00 + φ_i c_j + φ_j c_i + R_iR_j,	c_i = Q_{0,i+1},
//
// so the r first-row values solve an r×r linear system, and the rest is
// filled along the diagonals: O(r³/3) instead of Gardner et al.'s O(r⁴).
// The solution is the same matrix as R's getQ0 (AS 154) to rounding.
func stationaryCov(phi, theta []float64, r int) ([]float64, error) {
	f := make([]float64, r)
	copy(f, phi)
	R := make([]float64, r)
	R[0] = 1
	for i := 1; i < r; i++ {
		if i-1 < len(theta) {
			R[i] = theta[i-1]
		}
	}
	// Unknowns x_0 = Q_00, x_{1+i} = c_i (i = 0..r-2); c_{r-1} = 0.
	A := make([]float64, r*r)
	b := make([]float64, r)
	for s := 0; s < r; s++ {
		row := A[s*r : s*r+r]
		for k := 0; k+s < r; k++ {
			row[0] += f[k] * f[s+k]
			if s+k <= r-2 {
				row[1+s+k] += f[k]
			}
			if k <= r-2 {
				row[1+k] += f[s+k]
			}
			b[s] -= R[k] * R[s+k]
		}
		row[s]--
	}
	x, err := luSolve(A, r, b, 1)
	if err != nil {
		return nil, errNonStationary
	}
	p00 := x[0]
	c := make([]float64, r)
	copy(c, x[1:])
	Q := make([]float64, r*r)
	for i := r - 1; i >= 0; i-- {
		for j := r - 1; j >= i; j-- {
			g := f[i]*f[j]*p00 + f[i]*c[j] + f[j]*c[i] + R[i]*R[j]
			if i+1 < r && j+1 < r {
				g += Q[(i+1)*r+j+1]
			}
			Q[i*r+j] = g
			Q[j*r+i] = g
		}
	}
	maxDiag := 0.0
	for i := 0; i < r; i++ {
		maxDiag = math.Max(maxDiag, Q[i*r+i])
	}
	for i := 0; i < r; i++ {
		if !(Q[i*r+i] >= -1e-9*maxDiag) || math.IsInf(Q[i*r+i], 0) {
			return nil, errNonStationary
		}
	}
	return Q, nil
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
	d := m.d
	rec := m.rec
	m.rec = nil
	if rec != nil {
		rec.valid = false
		for _, v := range y {
			if math.IsNaN(v) {
				rec = nil
				break
			}
		}
	}
	if d == 0 || !fresh || len(y) <= d {
		if rec != nil && d == 0 && fresh {
			rec.reset(m.r, 0)
			m.recArma = rec
			res := m.filterFull(y, fresh, resid)
			m.recArma = nil
			rec.sumlog, rec.nu, rec.valid = res.sumlog, res.nu, true
			return res
		}
		return m.filterFull(y, fresh, resid)
	}
	for _, v := range y {
		if math.IsNaN(v) {
			return m.filterFull(y, fresh, resid)
		}
	}
	if rec != nil {
		rec.reset(m.r, d)
		m.recDiff = rec
	}
	// After the first d observations the differencing states hold observed
	// values with zero variance (Z P_{t|t} = 0 exactly), so the rest of the
	// filter is the ARMA filter on w_t = y_t - Σ δ_i y_{t-i} started from the
	// ARMA block of the state: the same likelihood at O(r²) per step.
	var rres []float64
	if resid != nil {
		rres = resid[:d]
	}
	res := m.diffuseStart(y[:d], rres)
	m.recDiff = nil
	r, rd := m.r, m.rd
	if m.red == nil {
		m.red = &ssModel{phi: m.phi, theta: m.theta, r: r, rd: r,
			a: make([]float64, r), P: make([]float64, r*r), Pn: make([]float64, r*r),
			anew: make([]float64, r), M: make([]float64, r), mm: make([]float64, r*r)}
	}
	red := m.red
	red.phi, red.theta = m.phi, m.theta
	copy(red.a, m.a[:r])
	for i := 0; i < r; i++ {
		copy(red.P[i*r:i*r+r], m.P[i*rd:i*rd+r])
	}
	n := len(y)
	m.w = resize(m.w, n-d)
	w := m.w
	for t := d; t < n; t++ {
		v := y[t]
		for _, i := range m.dnz {
			v -= m.delta[i] * y[t-1-i]
		}
		w[t-d] = v
	}
	if resid != nil {
		rres = resid[d:]
	}
	red.recArma = rec
	r2 := red.filterFull(w, false, rres)
	red.recArma = nil
	res.ssq += r2.ssq
	res.sumlog += r2.sumlog
	res.nu += r2.nu
	if rec != nil {
		rec.sumlog, rec.nu, rec.valid = res.sumlog, res.nu, true
	}
	copy(m.a[:r], red.a)
	for i := 0; i < d; i++ {
		m.a[r+i] = y[n-2-i]
	}
	for i := range m.P {
		m.P[i] = 0
	}
	for i := 0; i < r; i++ {
		copy(m.P[i*rd:i*rd+r], red.P[i*r:i*r+r])
	}
	return res
}

// armaFilter is filterFull for a model without differencing states.
//
// With T the companion matrix the predicted covariance is
//
//	Pnew_ij = P_{i+1,j+1} + φ_i u_j + c_i φ_j + R_i R_j,	c_i = P_{0,i+1}, u_j = φ_j P_00 + c_j,
//
// and after an observation the first row of P is exactly zero (its first
// state is the observation), so that Pnew is P shifted by one row and
// column plus R Rᵀ. The upper triangle of P is therefore kept in a frame
// of stride r+1 that slides one row and one column down a buffer at every
// step: the shift is a move of the frame's origin, and prediction and
// update are done in place, in the same arithmetic as the textbook
// recursion. Once the gain has not changed (to 1e-14 relative) for r
// steps in a row, P has converged too (it is a function of the last r
// gains) and the covariance recursion stops; missing values disable this.
func (m *ssModel) armaFilter(y []float64, fresh bool, resid []float64) likeResult {
	r := m.r
	p, q := len(m.phi), len(m.theta)
	uc := m.uc(r)
	phiF, u, c, R := uc[:r], uc[r:2*r], uc[2*r:3*r], uc[3*r:4*r]
	copy(phiF, m.phi)
	for i := p; i < r; i++ {
		phiF[i] = 0
	}
	R[0] = 1
	for i := 1; i < r; i++ {
		R[i] = 0
		if i-1 < q {
			R[i] = m.theta[i-1]
		}
	}
	a, anew, M := m.a, m.anew, m.M
	// R Rᵀ as a list of its non-zero upper-triangle cells (frame offsets).
	var rrOffArr [128]int
	var rrValArr [128]float64
	rrOff, rrVal := rrOffArr[:0], rrValArr[:0]
	for i, ri := range R {
		for j := i; j < r && ri != 0; j++ {
			if R[j] != 0 {
				rrOff, rrVal = append(rrOff, i*(r+1)+j), append(rrVal, ri*R[j])
			}
		}
	}
	canSteady := true
	for _, v := range y {
		if math.IsNaN(v) {
			canSteady = false
			break
		}
	}
	if len(m.prevM) < r {
		m.prevM = make([]float64, r)
	}
	prevM := m.prevM[:r]

	// The frame: cell (i, j), j ≥ i, of P is buf[base+i*st+j].
	st := r + 1
	win := r * st
	if need := win + 4*r*(st+1); len(m.frame) < need {
		m.frame = make([]float64, need)
	}
	buf := m.frame
	base := 0
	src := m.P
	if fresh {
		src = m.Pn
	}
	for i := 0; i < r; i++ {
		copy(buf[i*st+i:i*st+r], src[i*r+i:i*r+r])
	}

	steady := false
	stable := 0
	rowZero := false // the first row of P is known to be exactly zero
	var res likeResult
	var gain, logGain float64
	for l, yl := range y {
		a0 := a[0]
		for i := 0; i < r-1; i++ {
			anew[i] = a[i+1] + phiF[i]*a0
		}
		anew[r-1] = phiF[r-1] * a0
		if !steady && (l > 0 || !fresh) {
			old := buf[base : base+r]
			p00 := old[0]
			zeroRow := rowZero
			if !zeroRow {
				zeroRow = p00 == 0
				for i := 0; i < r-1; i++ {
					c[i] = old[i+1]
					if c[i] != 0 {
						zeroRow = false
					}
				}
				c[r-1] = 0
			}
			if base+st+1+win > len(buf) {
				copy(buf, buf[base:base+win])
				base = 0
			}
			base += st + 1
			F := buf[base : base+win]
			// The last column (and corner) lie outside the shifted P.
			for i := 0; i < r; i++ {
				F[i*st+r-1] = 0
			}
			if zeroRow {
				rrVal := rrVal[:len(rrOff)]
				for k, o := range rrOff {
					F[o] += rrVal[k]
				}
			} else {
				for j := 0; j < r; j++ {
					u[j] = phiF[j]*p00 + c[j]
				}
				for i := 0; i < r; i++ {
					out := F[i*st+i : i*st+r]
					fi, ci, ri := phiF[i], c[i], R[i]
					uu, pp, rr := u[i:r], phiF[i:r], R[i:r]
					if fi != 0 {
						for j := range out {
							out[j] += fi*uu[j] + ci*pp[j] + ri*rr[j]
						}
					} else {
						for j := range out {
							out[j] += ci*pp[j] + ri*rr[j]
						}
					}
				}
			}
		}
		if math.IsNaN(yl) {
			copy(a, anew)
			rowZero = false
			if resid != nil {
				resid[l] = math.NaN()
			}
			continue
		}
		v := yl - anew[0]
		if !steady {
			copy(M, buf[base:base+r])
			gain = M[0]
			if rc := m.recArma; rc != nil {
				rc.armaM = append(rc.armaM, M[:r]...)
				rc.armaF = append(rc.armaF, gain)
			}
			if canSteady {
				// The gain F = M_0 is compared first: while it moves, the
				// rest of M is not looked at.
				if dg := gain - prevM[0]; l == 0 || dg > 1e-14*gain || dg < -1e-14*gain {
					stable = 0
				} else {
					maxDiff, maxAbs := 0.0, 0.0
					for j, mj := range M[:r] {
						dv, av := mj-prevM[j], mj
						if dv < 0 {
							dv = -dv
						}
						if av < 0 {
							av = -av
						}
						maxDiff = max(maxDiff, dv)
						maxAbs = max(maxAbs, av)
					}
					if maxDiff <= 1e-14*maxAbs {
						stable++
					} else {
						stable = 0
					}
				}
				copy(prevM, M[:r])
			}
		}
		if gain < 1e4 {
			res.nu++
			res.ssq += v * v / gain
			if !steady || logGain == 0 {
				logGain = math.Log(gain)
			}
			res.sumlog += logGain
		}
		if resid != nil {
			resid[l] = v / math.Sqrt(gain)
		}
		vg := v / gain
		for i := 0; i < r; i++ {
			a[i] = anew[i] + M[i]*vg
		}
		if !steady {
			// P -= M Mᵀ/F. Row 0 becomes exactly zero (M_0 = F), the others
			// use one reciprocal instead of r divisions.
			F := buf[base : base+win]
			clear(F[:r])
			rowZero = true
			inv := 1 / gain
			for i := 1; i < r; i++ {
				row := F[i*st+i : i*st+r]
				mm := M[i:r]
				mm = mm[:len(row)]
				mi := M[i] * inv
				j := 0
				for ; j+4 <= len(row); j += 4 {
					r4, m4 := row[j:j+4:j+4], mm[j:j+4:j+4]
					r4[0] -= mi * m4[0]
					r4[1] -= mi * m4[1]
					r4[2] -= mi * m4[2]
					r4[3] -= mi * m4[3]
				}
				for ; j < len(row); j++ {
					row[j] -= mi * mm[j]
				}
			}
			if stable >= r {
				steady = true
			}
		}
	}
	P := m.P
	for i := 0; i < r; i++ {
		row := buf[base+i*st : base+i*st+r]
		for j := i; j < r; j++ {
			P[i*r+j] = row[j]
			P[j*r+i] = row[j]
		}
	}
	return res
}

// predictMean sets anew = T a over the whole state: the ARMA states, then
// the differencing states (β_0 = α_0 + Σ δ_k β_k, β_i = β_{i-1}).
func (m *ssModel) predictMean(anew, a []float64) {
	r, d, rd := m.r, m.d, m.rd
	p := len(m.phi)
	for i := 0; i < r; i++ {
		tmp := 0.0
		if i < r-1 {
			tmp = a[i+1]
		}
		if i < p {
			tmp += m.phi[i] * a[0]
		}
		anew[i] = tmp
	}
	if d > 0 {
		for i := r + 1; i < rd; i++ {
			anew[i] = a[i-1]
		}
		tmp := a[0]
		for _, i := range m.dnz {
			tmp += m.delta[i] * a[r+i]
		}
		anew[r] = tmp
	}
}

// innovation is y - Z anew, Z = (1, 0, …, 0, δ_1, …, δ_d).
func (m *ssModel) innovation(y float64, anew []float64) float64 {
	v := y - anew[0]
	for _, i := range m.dnz {
		v -= m.delta[i] * anew[m.r+i]
	}
	return v
}

// count adds an observation with innovation v and prediction variance F
// (σ² units) to the likelihood sums, unless it is diffuse (F ≥ 1e4).
func (res *likeResult) count(v, gain float64) {
	if gain < 1e4 {
		res.nu++
		res.ssq += v * v / gain
		res.sumlog += math.Log(gain)
	}
}

// filterFull is the Kalman filter over the whole state.
func (m *ssModel) filterFull(y []float64, fresh bool, resid []float64) likeResult {
	if m.d == 0 {
		return m.armaFilter(y, fresh, resid)
	}
	r, d, rd := m.r, m.d, m.rd
	p, q := len(m.phi), len(m.theta)
	phi, theta, delta := m.phi, m.theta, m.delta
	a, P, Pnew, anew, M, mm := m.a, m.P, m.Pn, m.anew, m.M, m.mm
	var res likeResult
	// Once the prediction covariance stops changing (to 1e-14 relative) the
	// filter has reached its steady state: the covariance recursion is then
	// skipped, which changes the likelihood by far less than 1e-10. Missing
	// values disable the shortcut.
	steady := false
	canSteady := len(y) > 2*rd
	for _, v := range y {
		if math.IsNaN(v) {
			canSteady = false
			break
		}
	}
	if canSteady && m.prev == nil {
		m.prev = make([]float64, rd*rd)
	}
	havePrev := false
	var gainSteady float64
	var nzArr [64]int
	nzV := append(nzArr[:0], 0)
	for i := 0; i < q; i++ {
		if theta[i] != 0 {
			nzV = append(nzV, i+1)
		}
	}
	for l, yl := range y {
		if steady {
			m.predictMean(anew, a)
			v := m.innovation(yl, anew)
			gain := gainSteady
			res.count(v, gain)
			if resid != nil {
				resid[l] = v / math.Sqrt(gain)
			}
			vg := v / gain
			for i := 0; i < rd; i++ {
				a[i] = anew[i] + M[i]*vg
			}
			continue
		}
		m.predictMean(anew, a)
		if l > 0 || !fresh {
			if d == 0 {
				// Pnew = T P Tᵀ + R Rᵀ with T the ARMA companion matrix:
				// Pnew_ij = P_{i+1,j+1} + φ_i u_j + φ_j c_i + R_i R_j,
				// c_i = P_{0,i+1}, u_j = φ_j P_00 + c_j.
				uc := m.uc(r)
				phiF, u, c, R := uc[:r], uc[r:2*r], uc[2*r:3*r], uc[3*r:4*r]
				copy(phiF, phi)
				for i := p; i < r; i++ {
					phiF[i] = 0
				}
				R[0] = 1
				for i := 1; i < r; i++ {
					R[i] = 0
					if i-1 < q {
						R[i] = theta[i-1]
					}
				}
				p00 := P[0]
				for i := 0; i < r; i++ {
					c[i] = 0
					if i < r-1 {
						c[i] = P[i+1]
					}
					u[i] = phiF[i]*p00 + c[i]
				}
				for i := 0; i < r; i++ {
					out := Pnew[i*rd : i*rd+r]
					if i < r-1 {
						copy(out[:r-1], P[(i+1)*rd+1:(i+1)*rd+r])
					} else {
						for j := 0; j < r-1; j++ {
							out[j] = 0
						}
					}
					out[r-1] = 0
					fi, ci, ri := phiF[i], c[i], R[i]
					if fi != 0 {
						for j := range out {
							out[j] += fi*u[j] + ci*phiF[j] + ri*R[j]
						}
					} else {
						for j := range out {
							out[j] += ci*phiF[j] + ri*R[j]
						}
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
				for _, i := range nzV {
					vi := 1.0
					if i > 0 {
						vi = theta[i-1]
					}
					for _, j := range nzV {
						vj := 1.0
						if j > 0 {
							vj = theta[j-1]
						}
						Pnew[i*rd+j] += vi * vj
					}
				}
			}
			if canSteady {
				if havePrev {
					maxDiff, maxAbs := 0.0, 0.0
					for i, v := range Pnew {
						if dv := math.Abs(v - m.prev[i]); dv > maxDiff {
							maxDiff = dv
						}
						if av := math.Abs(v); av > maxAbs {
							maxAbs = av
						}
					}
					if maxDiff <= 1e-14*maxAbs {
						steady = true
					}
				}
				copy(m.prev, Pnew)
				havePrev = true
			}
		}
		if !math.IsNaN(yl) {
			v := m.innovation(yl, anew)
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
			gainSteady = gain
			res.count(v, gain)
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

// uc returns a scratch buffer of 4r values.
func (m *ssModel) uc(r int) []float64 {
	if len(m.ucBuf) < 4*r {
		m.ucBuf = make([]float64, 4*r)
	}
	return m.ucBuf
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
	c.prev = nil
	c.red = nil
	c.w = nil
	c.ucBuf = nil
	c.gq = nil
	c.dframe, c.dvec = nil, nil
	c.rec, c.recDiff, c.recArma = nil, nil, nil
	c.frame = nil
	c.prevM = nil
	return &c
}
