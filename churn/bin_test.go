package churn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSortFloat32(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{0, 5, 300, 5000} {
		t.Run("n", func(t *testing.T) {
			v := make([]float32, n)
			for i := range v {
				v[i] = float32(rng.NormFloat64() * 100)
				if i%7 == 0 {
					v[i] = float32(math.Round(float64(v[i])))
				}
				if i%11 == 0 {
					v[i] = 0
				}
			}
			want := slices.Clone(v)
			slices.Sort(want)
			sortFloat32(v)
			require.Equalf(t, want, v, "sortFloat32(n=%d)", n)
		})
	}
}

func TestCountLE(t *testing.T) {
	cuts := []float32{-1, 0, 2.5, 3, 10}
	for _, v := range []float32{-5, -1, -0.5, 0, 1, 2.5, 2.9, 3, 9, 10, 11} {
		want := 0
		for _, c := range cuts {
			if c <= v {
				want++
			}
		}
		require.Equalf(t, want, countLE(cuts, v), "countLE(%v)", v)
		require.Equalf(t, min(want, 1), countLE(cuts[:1], v), "countLE(one cut, %v)", v)
	}
	require.Equal(t, 0, countLE(nil, 1), "countLE(nil)")
}

func TestCutIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	vals := make([]float32, 5000)
	for i := range vals {
		vals[i] = float32(rng.NormFloat64() * 10)
		if i%3 == 0 {
			vals[i] = float32(math.Round(float64(vals[i])))
		}
	}
	for _, maxReal := range []int{2, 16, 255} {
		cuts := findCuts(vals, maxReal)
		ci := newCutIndex(cuts)
		probe := append(slices.Clone(vals), cuts...)
		probe = append(probe, 0, float32(math.Copysign(0, -1)), -1e30, 1e30, float32(math.Inf(1)), float32(math.Inf(-1)))
		for _, v := range probe {
			require.Equalf(t, countLE(cuts, v), ci.countLE(v), "cutIndex.countLE(%v), %d cuts", v, len(cuts))
		}
	}
}
