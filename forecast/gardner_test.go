package forecast

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func parseFloatsField(t *testing.T, s string) []float64 {
	t.Helper()
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// TestGardnerQ0MatchesR checks gardnerQ0 against R's getQ0 bit for bit,
// including cases (long seasonal AR polynomials with an MA term) where
// R's result is 1e-4 away from the exact stationary covariance.
func TestGardnerQ0MatchesR(t *testing.T) {
	f, err := os.Open("testdata/arima/gardner_q0.txt")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	cases := 0
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "|")
		require.Len(t, parts, 5)
		phi, theta, want := parseFloatsField(t, parts[2]), parseFloatsField(t, parts[3]), parseFloatsField(t, parts[4])
		r := max(len(phi), len(theta)+1)
		require.Len(t, want, r*r)
		g := newGardnerQ0(r)
		got := make([]float64, r*r)
		for rep := 0; rep < 2; rep++ { // the second call reuses the scratch space
			g.compute(got, r, phi, theta)
			for i := 0; i < r; i++ {
				for j := 0; j < r; j++ {
					require.Equal(t, want[j*r+i], got[i*r+j], "gardnerQ0(p=%d, q=%d) entry (%d,%d), call %d", len(phi), len(theta), i, j, rep+1)
				}
			}
		}
		exact, err := stationaryCov(phi, theta, r)
		require.NoError(t, err)
		worst := 0.0
		for i := range exact {
			worst = math.Max(worst, math.Abs(exact[i]-got[i]))
		}
		t.Logf("p=%d q=%d: Gardner vs exact max abs difference %.3g", len(phi), len(theta), worst)
		cases++
	}
	require.NoError(t, sc.Err())
	require.Equal(t, 12, cases)
}

func BenchmarkGardnerQ0(b *testing.B) {
	// ARIMA(2,·,1)(2,·,0)[12]: r = 26, the largest default auto.arima AR part.
	ar := []float64{0.9, -0.1}
	sar := []float64{-0.79, -0.48}
	phi := make([]float64, 26)
	copy(phi, ar)
	for i, s := range sar {
		phi[12*(i+1)-1] += s
		for j, a := range ar {
			phi[12*(i+1)+j] -= a * s
		}
	}
	theta := []float64{-0.6}
	for _, bc := range []struct {
		name string
		phi  []float64
	}{{"r=26", phi}, {"r=13", phi[:13]}, {"r=3", ar}, {"r=105", seasonalAR(ar, sar, 52)}} {
		b.Run(bc.name, func(b *testing.B) {
			r := max(len(bc.phi), len(theta)+1)
			g := newGardnerQ0(r)
			dst := make([]float64, r*r)
			b.ReportAllocs()
			for b.Loop() {
				g.compute(dst, r, bc.phi, theta)
			}
		})
	}
	b.Run("exact,r=26", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			stationaryCov(phi, theta, 26)
		}
	})
}

// TestGardnerQ0Sparse backs the storage choice in gardnerQ0: the factor of
// a seasonal AR model (r = 26) has few non-zeros, so rows are kept as
// column/value lists rather than R's dense triangle.
func TestGardnerQ0Sparse(t *testing.T) {
	phi := seasonalAR([]float64{0.9, -0.1}, []float64{-0.79, -0.48}, 12)
	g := newGardnerQ0(26)
	g.compute(make([]float64, 26*26), 26, phi, []float64{-0.6})
	nnz := 0
	for _, hk := range g.hk {
		nnz += len(hk)
	}
	dense := g.np * (g.np - 1) / 2
	t.Logf("r = 26: %d non-zeros of %d in the dense triangle", nnz, dense)
	require.Less(t, nnz, dense/10, "gardnerQ0 factor non-zeros at r = 26")
}
