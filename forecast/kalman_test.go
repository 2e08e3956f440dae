package forecast

import (
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
