package churn

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHistRowsAsm checks histRows (assembly on amd64) against histRowsGo,
// bit for bit.
func TestHistRowsAsm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, nf := range []int{1, 3, 50} {
		n := 500
		bins := make([]uint8, n*nf)
		for i := range bins {
			bins[i] = uint8(rng.IntN(256))
		}
		gp := make([]GradPair, n)
		for i := range gp {
			gp[i] = GradPair{rng.NormFloat64(), rng.Float64()}
		}
		var rows []uint32
		for r := range n {
			if rng.IntN(3) > 0 {
				rows = append(rows, uint32(r))
			}
		}
		want := make([]binStat, nf*binStride)
		got := make([]binStat, nf*binStride)
		histRowsGo(want, bins, nf, rows, gp)
		histRows(got, bins, nf, rows, gp)
		require.Equalf(t, want, got, "histRows vs histRowsGo, nf=%d", nf)
		histRows(got, bins, nf, nil, gp)
		require.Equalf(t, want, got, "histRows with no rows, nf=%d", nf)
	}
}
