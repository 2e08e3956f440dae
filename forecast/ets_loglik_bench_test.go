package forecast

import "testing"

func BenchmarkETSLoglik(b *testing.B) {
	y := etsBenchSeries(108)
	for _, bc := range []struct {
		name string
		sp   etsSpec
		p    etsParams
	}{
		{"MAM", etsSpec{err: etsMult, trend: etsAdd, season: etsMult, m: 12}, etsParams{alpha: 0.3, beta: 0.01, gamma: 0.1, phi: 1}},
		{"AAA", etsSpec{err: etsAdd, trend: etsAdd, season: etsAdd, m: 12}, etsParams{alpha: 0.3, beta: 0.01, gamma: 0.1, phi: 1}},
		{"MNN", etsSpec{err: etsMult, trend: etsNone, season: etsNone, m: 1}, etsParams{alpha: 0.3, phi: 1}},
	} {
		x0, _ := etsInitState(y, bc.sp)
		obj := &etsObjective{y: y, sp: bc.sp, state: make([]float64, bc.sp.nstate())}
		st := obj.fullState(x0)
		buf := make([]float64, 12)
		b.Run("model="+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				etsLoglik(y, st, bc.sp, bc.p, buf, nil, nil, nil)
			}
		})
	}
}

func BenchmarkETSLik(b *testing.B) {
	y := etsBenchSeries(108)
	for _, bc := range []struct {
		name string
		sp   etsSpec
		p    etsParams
	}{
		{"MAM", etsSpec{err: etsMult, trend: etsAdd, season: etsMult, m: 12}, etsParams{alpha: 0.3, beta: 0.01, gamma: 0.1, phi: 1}},
		{"AAA", etsSpec{err: etsAdd, trend: etsAdd, season: etsAdd, m: 12}, etsParams{alpha: 0.3, beta: 0.01, gamma: 0.1, phi: 1}},
		{"MNN", etsSpec{err: etsMult, trend: etsNone, season: etsNone, m: 1}, etsParams{alpha: 0.3, phi: 1}},
	} {
		x0, _ := etsInitState(y, bc.sp)
		obj := &etsObjective{y: y, sp: bc.sp, state: make([]float64, bc.sp.nstate())}
		st := obj.fullState(x0)
		buf := make([]float64, 12)
		b.Run("model="+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				etsLik(y, st, bc.sp, bc.p, buf, false)
			}
		})
	}
}
