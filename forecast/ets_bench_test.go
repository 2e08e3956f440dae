package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// etsBenchSeries is a positive monthly series with trend, season and noise.
func etsBenchSeries(n int) []float64 {
	rng := rand.New(rand.NewPCG(1, 1))
	y := make([]float64, n)
	level := 100.0
	for t := range y {
		level += 0.3 + rng.NormFloat64()
		y[t] = level * (1 + 0.15*math.Sin(2*math.Pi*float64(t)/12)) * (1 + 0.03*rng.NormFloat64())
	}
	return y
}

func BenchmarkETSFit(b *testing.B) {
	y := etsBenchSeries(108)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		spec ETS
	}{
		{"model=MAM,n=108", ETS{Model: "MAM", Damped: DampedFalse, Period: 12}},
		{"model=ANN,n=108", ETS{Model: "ANN", Period: 12}},
		{"model=ZZZ,n=108", ETS{Period: 12}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.spec.Fit(ctx, y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
