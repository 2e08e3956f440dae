package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSortKeysRadix checks the radix path (n >= radixMinLen) against a
// comparison sort, with negative values, ±0, infinities-free extremes, ties
// and weights that must travel with their keys.
func TestSortKeysRadix(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, tc := range []struct {
		name string
		gen  func() float64
	}{
		{"uniform", r.Float64},
		{"signed wide", func() float64 { return r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20)) }},
		{"ties and zeros", func() float64 {
			return []float64{0, math.Copysign(0, -1), 0.5, -0.5, 1, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64}[r.IntN(8)]
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, n := range []int{3*radixMinLen + 17, 2*msdMinLen + 5} {
				keys := make([]uint64, n)
				w := make([]float64, n)
				for i := range keys {
					keys[i] = sortKey(tc.gen())
					w[i] = float64(keys[i] % 1000) // a function of the key, so it can be checked after sorting
				}
				want := slices.Clone(keys)
				slices.Sort(want)
				got := slices.Clone(keys)
				sortKeys(got, nil)
				require.Equalf(t, want, got, "sortKeys(%s) keys only", tc.name)
				got = slices.Clone(keys)
				gw := slices.Clone(w)
				sortKeys(got, gw)
				require.Equalf(t, want, got, "sortKeys(%s) with weights", tc.name)
				bad := slices.IndexFunc(got, func(k uint64) bool { return sortKey(keyFloat(k)) != k })
				require.Equalf(t, -1, bad, "keyFloat inverts sortKey (%s)", tc.name)
				for i := range got {
					if float64(got[i]%1000) != gw[i] {
						require.Failf(t, "weight lost its key", "sortKeys(%s, n=%d): row %d", tc.name, n, i)
					}
				}
			}
		})
	}
}

// TestAUCRadixMatchesSmall checks that ROCAUC gives the same answer through
// the radix path and through the comparison sort, by scaling up a case whose
// AUC is known: replicating every row k times leaves the AUC unchanged.
func TestAUCRadixMatchesSmall(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	n := 500
	y, s, w := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range s {
		s[i] = math.Round(r.Float64()*100) / 100
		if r.Float64() < s[i] {
			y[i] = 1
		}
		w[i] = 0.5 + r.Float64()
	}
	const k = 200 // 100,000 rows: both classes above msdMinLen
	var yk, sk, wk []float64
	for range k {
		yk, sk, wk = append(yk, y...), append(sk, s...), append(wk, w...)
	}
	for _, weighted := range []bool{false, true} {
		var ws, wks []float64
		if weighted {
			ws, wks = w, wk
		}
		small, err := ROCAUC(y, s, ws)
		require.NoErrorf(t, err, "ROCAUC small weighted=%v", weighted)
		big, err := ROCAUC(yk, sk, wks)
		require.NoErrorf(t, err, "ROCAUC replicated weighted=%v", weighted)
		require.InDeltaf(t, small, big, 1e-13, "ROCAUC replicated ×%d, weighted=%v", k, weighted)
		apSmall, err := AveragePrecision(y, s, ws)
		require.NoErrorf(t, err, "AveragePrecision small weighted=%v", weighted)
		apBig, err := AveragePrecision(yk, sk, wks)
		require.NoErrorf(t, err, "AveragePrecision replicated weighted=%v", weighted)
		require.InDeltaf(t, apSmall, apBig, 1e-12, "AveragePrecision replicated ×%d, weighted=%v", k, weighted)
	}
}
