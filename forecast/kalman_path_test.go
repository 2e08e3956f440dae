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

// TestDiffuseStart checks the reordered, sliding-frame diffuse start
// against the plain Kalman filter over the whole state.
func TestDiffuseStart(t *testing.T) {
	y := simulateSeasonal(60)
	for _, tc := range []struct {
		name       string
		phi, theta []float64
		d, sd, m   int
	}{
		{"(1,1,1)", []float64{0.5}, []float64{0.3}, 1, 0, 1},
		{"(2,2,1)", []float64{0.5, -0.2}, []float64{0.3}, 2, 0, 1},
		{"(0,1,1)(0,1,1)[12]", nil, []float64{-0.4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.6, 0.24}, 1, 1, 12},
		{"(1,0,0)(2,1,0)[12]", seasonalAR([]float64{0.4}, []float64{-0.5, -0.3}, 12), nil, 0, 1, 12},
		{"(2,1,1)(1,1,1)[4]", seasonalAR([]float64{0.4, 0.1}, []float64{-0.5}, 4), []float64{0.3, 0, 0, -0.5, -0.15}, 1, 1, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			delta := differencingPoly(tc.d, tc.sd, tc.m)
			fast, err := newSSModel(tc.phi, tc.theta, delta, 1e6)
			require.NoError(t, err)
			slow, err := newSSModel(tc.phi, tc.theta, delta, 1e6)
			require.NoError(t, err)
			nd := len(delta)
			rf, rs := make([]float64, nd), make([]float64, nd)
			got := fast.diffuseStart(y[:nd], rf)
			want := slow.filterFull(y[:nd], true, rs)
			require.Equal(t, want.nu, got.nu, "counted observations")
			require.InDelta(t, want.ssq, got.ssq, 1e-9*(1+want.ssq), "ssq")
			require.InDelta(t, want.sumlog, got.sumlog, 1e-9*(1+abs(want.sumlog)), "sumlog")
			for i := range rf {
				require.InDelta(t, rs[i], rf[i], 1e-9*(1+abs(rs[i])), "standardised innovation %d", i)
			}
			r := fast.r
			for i := 0; i < fast.rd; i++ {
				require.InDelta(t, slow.a[i], fast.a[i], 1e-8*(1+abs(slow.a[i])), "a[%d]", i)
			}
			for i := 0; i < r; i++ {
				for j := 0; j < r; j++ {
					w := slow.P[i*fast.rd+j]
					require.InDelta(t, w, fast.P[i*fast.rd+j], 1e-8*(1+abs(w)), "P[%d,%d]", i, j)
				}
			}
		})
	}
}

// seasonalAR multiplies out (1 - Σ φ_i B^i)(1 - Σ Φ_j B^{jm}) into AR coefficients.
func seasonalAR(ar, sar []float64, m int) []float64 {
	out := make([]float64, len(ar)+m*len(sar))
	copy(out, ar)
	for j, s := range sar {
		out[(j+1)*m-1] += s
		for i, a := range ar {
			out[(j+1)*m+i] -= a * s
		}
	}
	return out
}
