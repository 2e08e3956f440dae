package forecast

import "math"

// kalmanPath is the data-free half of one run of ssModel.filter: the gain
// vectors M_t = Pnew_t Zᵀ and prediction variances F_t, which depend only
// on the model (φ, θ, δ, κ) and the series length, never on the values.
// The likelihood at a new value of a regression coefficient (mean, drift,
// xreg) keeps φ and θ, so it needs only the state-mean recursion replayed
// with the recorded gains: O(n·r) instead of O(n·r²). The numbers are the
// same, bit for bit, as a full run of the filter.
//
// A path is recorded only for a series without missing values, by the
// fast path of filter (the diffuse start over the whole state, then the
// ARMA filter on the differenced series).
type kalmanPath struct {
	valid  bool
	d, rd  int
	diffM  []float64 // d steps × rd: gains of the diffuse start
	diffF  []float64 // d prediction variances
	r      int
	armaM  []float64 // steps × r: gains of the ARMA filter until steady state
	armaF  []float64
	sumlog float64
	nu     int
}

func (pth *kalmanPath) reset(r, d int) {
	pth.valid = false
	pth.r, pth.d, pth.rd = r, d, r+d
	pth.diffM, pth.diffF = pth.diffM[:0], pth.diffF[:0]
	pth.armaM, pth.armaF = pth.armaM[:0], pth.armaF[:0]
}

// replay returns Σ v_t²/F_t over the counted observations of y, for the
// model m the path was recorded with. It uses m.a, m.anew and m.w as
// scratch; m's filtered state is not meaningful afterwards.
func (m *ssModel) replay(y []float64, pth *kalmanPath) float64 {
	r, d, rd := m.r, m.d, m.rd
	p := len(m.phi)
	a, anew := m.a, m.anew
	clear(a)
	// Summed in two parts, as filter sums the diffuse start and the rest.
	ssqD, ssq := 0.0, 0.0
	w := y
	if d > 0 {
		for l := 0; l < d; l++ {
			m.predictMean(anew, a)
			v := m.innovation(y[l], anew)
			gain := pth.diffF[l]
			M := pth.diffM[l*rd : l*rd+rd]
			if gain < 1e4 {
				ssqD += v * v / gain
			}
			vg := v / gain
			for i := 0; i < rd; i++ {
				a[i] = anew[i] + M[i]*vg
			}
		}
		n := len(y)
		m.w = resize(m.w, n-d)
		w = m.w
		for t := d; t < n; t++ {
			v := y[t]
			for _, i := range m.dnz {
				v -= m.delta[i] * y[t-1-i]
			}
			w[t-d] = v
		}
	}
	// The ARMA filter (armaFilter's mean recursion).
	phiF := m.uc(r)[:r]
	copy(phiF, m.phi)
	for i := p; i < r; i++ {
		phiF[i] = 0
	}
	steps := len(pth.armaF)
	for l, yl := range w {
		a0 := a[0]
		for i := 0; i < r-1; i++ {
			anew[i] = a[i+1] + phiF[i]*a0
		}
		anew[r-1] = phiF[r-1] * a0
		k := min(l, steps-1)
		gain := pth.armaF[k]
		M := pth.armaM[k*r : k*r+r]
		v := yl - anew[0]
		if gain < 1e4 {
			ssq += v * v / gain
		}
		vg := v / gain
		for i := 0; i < r; i++ {
			a[i] = anew[i] + M[i]*vg
		}
	}
	return ssqD + ssq
}

// sameBits reports whether a and b hold the same float64 values bit for bit.
func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i, v := range a {
		if math.Float64bits(v) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
