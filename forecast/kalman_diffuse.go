package forecast

import "math"

// diffuseStart is filterFull over the first d observations of a series
// without missing values, from the initial state (Q0 for the ARMA states,
// κI for the differencing states), at about one pass over the covariance
// per observation instead of four.
//
// The states are taken in the order x = (β_{d-1}, …, β_0, α_0, …, α_{r-1}),
// in which the transition is a shift plus two rank-one terms,
//
//	T = S + e gᵀ + f hᵀ,	(S x)_i = x_{i+1},
//
// with e = e_{d-1} (the row of β_0 = α_0 + Σ δ_k β_k), g the δ_k at the
// places of β_k, f the φ_i at the places of α_i and h = e_d (α_0); the
// observation vector is Z = h + g. Then
//
//	T P Tᵀ = S P Sᵀ + e ũᵀ + ũ eᵀ + f w̃ᵀ + w̃ fᵀ,
//	ũ = S P g + (gᵀP h) f + ½ (gᵀP g) e,	w̃ = S P h + ½ (hᵀP h) f,
//
// and S P Sᵀ is a move of the origin of a frame that slides down the
// diagonal of a buffer, as in armaFilter. The state mean is kept in the
// original order with filterFull's arithmetic. On return m.a holds the
// filtered mean and the leading r×r block of m.P the filtered covariance
// of the ARMA states.
func (m *ssModel) diffuseStart(y []float64, resid []float64) likeResult {
	r, d, rd := m.r, m.d, m.rd
	p := len(m.phi)
	phi, delta := m.phi, m.delta
	st := rd + 1
	win := rd * st
	if need := win + (len(y)+1)*(st+1); len(m.dframe) < need {
		m.dframe = make([]float64, need)
	}
	if len(m.dvec) < 7*rd {
		m.dvec = make([]float64, 7*rd)
	}
	v7 := m.dvec
	f, g, pg, ut, wt, mre, mo := v7[:rd], v7[rd:2*rd], v7[2*rd:3*rd], v7[3*rd:4*rd], v7[4*rd:5*rd], v7[5*rd:6*rd], v7[6*rd:7*rd]
	clear(v7[:2*rd])
	for i := 0; i < p; i++ {
		f[d+i] = phi[i]
	}
	for _, k := range m.dnz {
		g[d-1-k] = delta[k]
	}
	pos := func(orig int) int {
		if orig < r {
			return d + orig
		}
		return d - 1 - (orig - r)
	}
	buf := m.dframe
	base := 0
	for i := 0; i < rd; i++ {
		pi := pos(i)
		for j := 0; j < rd; j++ {
			if pj := pos(j); pi <= pj {
				buf[pi*st+pj] = m.Pn[i*rd+j]
			}
		}
	}
	// at is P_ij of the frame F (upper triangle stored).
	at := func(F []float64, i, j int) float64 {
		if i > j {
			i, j = j, i
		}
		return F[i*st+j]
	}
	var nzArr [64]int
	nzR := append(nzArr[:0], d)
	for i, t := range m.theta {
		if t != 0 {
			nzR = append(nzR, d+1+i)
		}
	}
	rcoef := func(i int) float64 { // R at the reordered place i ≥ d
		if i == d {
			return 1
		}
		return m.theta[i-d-1]
	}
	a, anew := m.a, m.anew
	var res likeResult
	e := d - 1
	for l, yl := range y {
		m.predictMean(anew, a)
		if l > 0 {
			F := buf[base : base+win]
			for i := 0; i < rd; i++ {
				s := 0.0
				for _, k := range m.dnz {
					c := d - 1 - k
					s += g[c] * at(F, i, c)
				}
				pg[i] = s
			}
			gPg := 0.0
			for _, k := range m.dnz {
				c := d - 1 - k
				gPg += g[c] * pg[c]
			}
			gPh, hPh := pg[d], F[d*st+d]
			for i := 0; i < rd-1; i++ {
				ut[i] = pg[i+1] + gPh*f[i]
				wt[i] = at(F, i+1, d) + 0.5*hPh*f[i]
			}
			ut[rd-1] = gPh * f[rd-1]
			wt[rd-1] = 0.5 * hPh * f[rd-1]
			ut[e] += 0.5 * gPg
			base += st + 1
			F = buf[base : base+win]
			for i := 0; i < rd; i++ {
				F[i*st+rd-1] = 0
			}
			for j := e; j < rd; j++ {
				F[e*st+j] += ut[j]
			}
			for i := 0; i <= e; i++ {
				F[i*st+e] += ut[i]
			}
			for i := d; i < d+p; i++ {
				fi := f[i]
				if fi == 0 {
					continue
				}
				row := F[i*st : i*st+rd]
				for j := i; j < rd; j++ {
					row[j] += fi * wt[j]
				}
				for k := 0; k <= i; k++ {
					F[k*st+i] += wt[k] * fi
				}
			}
			for _, i := range nzR {
				ri := rcoef(i)
				for _, j := range nzR {
					if j >= i {
						F[i*st+j] += ri * rcoef(j)
					}
				}
			}
		}
		F := buf[base : base+win]
		v := m.innovation(yl, anew)
		for i := 0; i < rd; i++ {
			s := at(F, i, d)
			for _, k := range m.dnz {
				s += at(F, i, d-1-k) * delta[k]
			}
			mre[i] = s
		}
		gain := mre[d]
		for _, k := range m.dnz {
			gain += delta[k] * mre[d-1-k]
		}
		for i := 0; i < rd; i++ {
			mo[i] = mre[pos(i)]
		}
		if rc := m.recDiff; rc != nil {
			rc.diffM = append(rc.diffM, mo...)
			rc.diffF = append(rc.diffF, gain)
		}
		res.count(v, gain)
		if resid != nil {
			resid[l] = v / math.Sqrt(gain)
		}
		vg := v / gain
		for i := 0; i < rd; i++ {
			a[i] = anew[i] + mo[i]*vg
		}
		for i := 0; i < rd; i++ {
			mi := mre[i] / gain
			row := F[i*st+i : i*st+rd]
			mm := mre[i:rd]
			for j := range row {
				row[j] -= mi * mm[j]
			}
		}
	}
	F := buf[base : base+win]
	for i := 0; i < r; i++ {
		for j := 0; j < r; j++ {
			m.P[i*rd+j] = at(F, d+i, d+j)
		}
	}
	return res
}
