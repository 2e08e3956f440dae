package forecast

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKalmanPathReplay checks that the likelihood at a perturbed regression
// coefficient, replayed from the gains recorded at the base point, is the
// full filter's value bit for bit.
func TestKalmanPathReplay(t *testing.T) {
	y := simulateSeasonal(108)
	drift := make([]float64, len(y))
	for i := range drift {
		drift[i] = float64(i + 1)
	}
	for _, tc := range []struct {
		name  string
		spec  armaSpec
		delta []float64
		p     []float64
	}{
		{"(1,0,2)(1,1,1)[12] drift", armaSpec{p: 1, q: 2, sp: 1, sq: 1, m: 12, sd: 1}, differencingPoly(0, 1, 12), []float64{0.5, 0.2, -0.1, 0.3, -0.5, 0.2}},
		{"(2,1,0) drift", armaSpec{p: 2, d: 1, m: 1}, differencingPoly(1, 0, 1), []float64{0.3, -0.2, 0.2}},
		{"(1,0,1) mean", armaSpec{p: 1, q: 1, m: 1}, nil, []float64{0.6, 0.3, 130}},
		{"(0,0,0)(2,0,1)[12] mean", armaSpec{sp: 2, sq: 1, m: 12}, nil, []float64{0.2, 0.1, 0.4, 120}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			newPB := func() *arimaProblem {
				a := tc.spec
				k := a.narma() + 1
				col := drift
				if len(tc.delta) == 0 {
					col = make([]float64, len(y))
					for i := range col {
						col[i] = 1
					}
				}
				pb := &arimaProblem{spec: a, x: y, xreg: [][]float64{col}, delta: tc.delta, kappa: 1e6,
					narma: a.narma(), fixed: make([]float64, k), mask: make([]int, k),
					par: make([]float64, k), trpar: make([]float64, k),
					work: make([]float64, len(y)), w: make([]float64, len(y)), resid: make([]float64, len(y))}
				for i := range pb.fixed {
					pb.fixed[i] = math.NaN()
					pb.mask[i] = i
				}
				return pb
			}
			rec, plain := newPB(), newPB()
			rec.record = true
			base := append([]float64(nil), tc.p...)
			f0 := rec.armafn(base, true)
			require.Equal(t, plain.armafn(base, true), f0, "armafn at the base point")
			rec.pin()
			require.True(t, rec.basePath.valid, "a path was recorded at the base point")
			last := len(base) - 1
			for _, h := range []float64{1e-3, -1e-3, 0.37} {
				q := append([]float64(nil), base...)
				q[last] += h
				got := rec.armafn(q, true)
				want := plain.armafn(q, true)
				require.Equal(t, math.Float64bits(want), math.Float64bits(got), "armafn replayed at coefficient %+g: %v vs %v", h, got, want)
			}
			// A changed ARMA coefficient is filtered in full.
			q := append([]float64(nil), base...)
			q[0] += 1e-3
			require.Equal(t, plain.armafn(q, true), rec.armafn(q, true), "armafn at a perturbed AR coefficient")
		})
	}
}
