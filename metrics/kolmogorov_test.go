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
