package forecast

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStationaryCov(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		phi, theta []float64
	}{
		{"ar1", []float64{0.5}, nil},
		{"ma3", nil, []float64{0.4, -0.3, 0.2}},
		{"arma21", []float64{0.6, 0.2}, []float64{-0.9}},
		{"seasonal", []float64{0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, -0.15}, []float64{-0.4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.5, 0.2}},
		{"near unit root", []float64{0.995}, []float64{0.3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := max(len(tc.phi), len(tc.theta)+1)
			th := make([]float64, r-1)
			copy(th, tc.theta)
			got, err := stationaryCov(tc.phi, th, r)
			require.NoError(t, err, "stationaryCov(%s)", tc.name)
			want, err := stationaryCovDoubling(tc.phi, th, r)
			require.NoError(t, err, "stationaryCovDoubling(%s)", tc.name)
			for i := range want {
				require.InDelta(t, want[i], got[i], 1e-9*(1+abs(want[i])), "stationaryCov(%s)[%d]", tc.name, i)
			}
		})
	}
	t.Run("explosive", func(t *testing.T) {
		_, err := stationaryCov([]float64{1.2}, []float64{0}, 2)
		require.Error(t, err, "stationaryCov(explosive AR)")
	})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// stationaryCovDoubling solves the same equation by the doubling algorithm
// Q ← Q + A Q Aᵀ, A ← A² (used to check stationaryCov).
//
// References:
//
//	Anderson, B.D.O. and Moore, J.B. (1979). Optimal Filtering, §6.7.
//	Prentice-Hall.
func stationaryCovDoubling(phi, theta []float64, r int) ([]float64, error) {
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
