package metrics

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKolmogorovSF compares the one-sample KS tail with scipy 1.10.1's
// kstwo.sf and special.smirnov (testdata/edge/gen_kstwo.py) over every
// branch of scipy's algorithm choice.
func TestKolmogorovSF(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "edge", "kstwo.json"))
	require.NoError(t, err, "read kstwo.json")
	var cases []struct {
		N       int     `json:"n"`
		X       float64 `json:"x"`
		SF      float64 `json:"sf"`
		Smirnov float64 `json:"smirnov"`
	}
	require.NoError(t, json.Unmarshal(b, &cases), "parse kstwo.json")
	for _, c := range cases {
		got := kolmogorovSF(c.N, c.X)
		rel := math.Abs(got-c.SF) / math.Max(math.Abs(c.SF), 1e-300)
		if got == c.SF {
			rel = 0
		}
		require.LessOrEqualf(t, rel, 1e-12, "kolmogorovSF(%d, %v) = %v, scipy %v", c.N, c.X, got, c.SF)
		gotS := smirnovSF(c.N, c.X)
		relS := math.Abs(gotS-c.Smirnov) / math.Max(math.Abs(c.Smirnov), 1e-300)
		if gotS == c.Smirnov {
			relS = 0
		}
		require.LessOrEqualf(t, relS, 1e-12, "smirnovSF(%d, %v) = %v, scipy %v", c.N, c.X, gotS, c.Smirnov)
	}
}

// TestKSExactKernels compares the lattice-path kernels with scipy 1.10.1's
// _compute_prob_outside_square and _compute_outer_prob_inside_method on
// random sizes and distances (testdata/edge/gen_ksexact.py).
func TestKSExactKernels(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "edge", "ksexact.json"))
	require.NoError(t, err, "read ksexact.json")
	var cases []struct {
		N1, N2, H int
		P         float64
	}
	require.NoError(t, json.Unmarshal(b, &cases), "parse ksexact.json")
	for _, c := range cases {
		var got float64
		if c.N1 == c.N2 {
			got = ksOutsideSquare(c.N1, c.H)
		} else {
			got = ksOuterInside(c.N1, c.N2, gcd(c.N1, c.N2), c.H)
		}
		if got != c.P {
			require.LessOrEqualf(t, math.Abs(got-c.P), 1e-12*math.Abs(c.P), "KS exact kernel n1=%d n2=%d h=%d: got %v, scipy %v", c.N1, c.N2, c.H, got, c.P)
		}
	}
}
