package forecast

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// denseFilter is the textbook Kalman filter on dense matrices (R's
// ARIMA_Like without any shortcut), the reference for ssModel.filter.
func denseFilter(phi, theta, delta []float64, q0 []float64, kappa float64, y []float64) likeResult {
	p, q, d := len(phi), len(theta), len(delta)
	r := max(p, q+1)
	rd := r + d
	T := make([]float64, rd*rd)
	for i := 0; i < p; i++ {
		T[i*rd] = phi[i]
	}
	for i := 0; i+1 < r; i++ {
		T[i*rd+i+1] = 1
	}
	if d > 0 {
		T[r*rd] = 1
		for j, v := range delta {
			T[r*rd+r+j] = v
		}
		for i := 1; i < d; i++ {
			T[(r+i)*rd+r+i-1] = 1
		}
	}
	R := make([]float64, rd)
	R[0] = 1
	copy(R[1:r], theta)
	Z := make([]float64, rd)
	Z[0] = 1
	copy(Z[r:], delta)
	a := make([]float64, rd)
	P := make([]float64, rd*rd)
	for i := 0; i < r; i++ {
		copy(P[i*rd:i*rd+r], q0[i*r:i*r+r])
	}
	for i := r; i < rd; i++ {
		P[i*rd+i] = kappa
	}
	tmp := make([]float64, rd*rd)
	Pn := make([]float64, rd*rd)
	an := make([]float64, rd)
	M := make([]float64, rd)
	var res likeResult
	for l, yl := range y {
		if l > 0 {
			for i := 0; i < rd; i++ {
				s := 0.0
				for k := 0; k < rd; k++ {
					s += T[i*rd+k] * a[k]
				}
				an[i] = s
			}
			for i := 0; i < rd; i++ {
				for j := 0; j < rd; j++ {
					s := 0.0
					for k := 0; k < rd; k++ {
						s += T[i*rd+k] * P[k*rd+j]
					}
					tmp[i*rd+j] = s
				}
			}
			for i := 0; i < rd; i++ {
				for j := 0; j < rd; j++ {
					s := R[i] * R[j]
					for k := 0; k < rd; k++ {
						s += tmp[i*rd+k] * T[j*rd+k]
					}
					Pn[i*rd+j] = s
				}
			}
		} else {
			copy(an, a)
			copy(Pn, P)
		}
		if math.IsNaN(yl) {
			copy(a, an)
			copy(P, Pn)
			continue
		}
		v := yl
		for i := 0; i < rd; i++ {
			v -= Z[i] * an[i]
		}
		for i := 0; i < rd; i++ {
			s := 0.0
			for k := 0; k < rd; k++ {
				s += Pn[i*rd+k] * Z[k]
			}
			M[i] = s
		}
		F := 0.0
		for i := 0; i < rd; i++ {
			F += Z[i] * M[i]
		}
		res.count(v, F)
		for i := 0; i < rd; i++ {
			a[i] = an[i] + M[i]*v/F
		}
		for i := 0; i < rd; i++ {
			for j := 0; j < rd; j++ {
				P[i*rd+j] = Pn[i*rd+j] - M[i]*M[j]/F
			}
		}
	}
	return res
}

// TestFilterAgainstDense runs ssModel.filter (sliding frames, diffuse
// start, steady state, frame compaction on long series, missing values)
// against the dense textbook filter.
func TestFilterAgainstDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	series := func(n int, nanEvery int) []float64 {
		y := make([]float64, n)
		e0, lvl := 0.0, 0.0
		for i := range y {
			e := rng.NormFloat64()
			lvl += 0.3 * rng.NormFloat64()
			y[i] = 50 + lvl + 5*math.Sin(2*math.Pi*float64(i)/12) + e + 0.5*e0
			e0 = e
			if nanEvery > 0 && i%nanEvery == nanEvery-1 {
				y[i] = math.NaN()
			}
		}
		return y
	}
	for _, tc := range []struct {
		name       string
		phi, theta []float64
		d, sd, m   int
		n, nanEv   int
	}{
		{"ARMA(2,1) n=3000", []float64{0.5, -0.3}, []float64{0.4}, 0, 0, 1, 3000, 0},
		{"ARMA(2,1) n=3000 with NaN", []float64{0.5, -0.3}, []float64{0.4}, 0, 0, 1, 3000, 37},
		{"MA(1)(1)[12] n=1500", nil, []float64{-0.4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.6, 0.24}, 0, 0, 12, 1500, 0},
		{"(1,1,1)(1,1,1)[12] n=600", seasonalAR([]float64{0.3}, []float64{-0.4}, 12), []float64{-0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.5, 0.15}, 1, 1, 12, 600, 0},
		{"(1,1,1)(1,1,1)[12] n=600 with NaN", seasonalAR([]float64{0.3}, []float64{-0.4}, 12), []float64{-0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.5, 0.15}, 1, 1, 12, 600, 50},
		{"(2,2,0) n=400", []float64{0.6, -0.2}, nil, 2, 0, 1, 400, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y := series(tc.n, tc.nanEv)
			delta := differencingPoly(tc.d, tc.sd, tc.m)
			m, err := newSSModel(tc.phi, tc.theta, delta, 1e6)
			require.NoError(t, err)
			r := m.r
			q0 := make([]float64, r*r)
			for i := 0; i < r; i++ {
				copy(q0[i*r:i*r+r], m.Pn[i*m.rd:i*m.rd+r])
			}
			got := m.filter(y, true, nil)
			want := denseFilter(tc.phi, tc.theta, delta, q0, 1e6, y)
			t.Logf("%s: ssq rel diff %.2g, sumlog abs diff %.2g", tc.name, math.Abs(got.ssq-want.ssq)/want.ssq, math.Abs(got.sumlog-want.sumlog))
			require.Equal(t, want.nu, got.nu, "%s: counted observations", tc.name)
			require.InDelta(t, want.ssq, got.ssq, 1e-9*want.ssq, "%s: ssq", tc.name)
			require.InDelta(t, want.sumlog, got.sumlog, 1e-9*(1+math.Abs(want.sumlog)), "%s: sumlog", tc.name)
		})
	}
}
