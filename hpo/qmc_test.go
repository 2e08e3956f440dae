package hpo

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHaltonStratified: the first b^m points of a scrambled Halton
// coordinate put exactly one point in each interval [k/b^m, (k+1)/b^m).
func TestHaltonStratified(t *testing.T) {
	for _, tc := range []struct{ dim, base, m int }{{0, 2, 5}, {1, 3, 3}, {2, 5, 2}, {5, 13, 1}} {
		n := 1
		for range tc.m {
			n *= tc.base
		}
		for _, seed := range []uint64{0, 7} {
			seen := make([]int, n)
			for i := range n {
				u := HaltonPoint(seed, i, tc.dim)
				require.Truef(t, u >= 0 && u < 1, "HaltonPoint(%d, %d, %d) = %g", seed, i, tc.dim, u)
				seen[int(u*float64(n))]++
			}
			for k, c := range seen {
				require.Equalf(t, 1, c, "dim %d seed %d: interval %d of %d holds %d points", tc.dim, seed, k, n, c)
			}
		}
	}
	require.NotEqual(t, HaltonPoint(1, 3, 0), HaltonPoint(2, 3, 0), "seeds scramble differently")
}
