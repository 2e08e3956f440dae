package metrics_test

import (
	"math/rand/v2"
	"testing"

	"github.com/sibylml/sibyl/metrics"
)

// benchScores draws n scores uniform on [0, 1) and labels y ~ Bernoulli(score)
// from rand.NewPCG(1, 1) (AUC about 0.83), the data benchmarks/metrics
// hands to scikit-learn.
func benchScores(n int) (y, s, w []float64) {
	r := rand.New(rand.NewPCG(1, 1))
	y, s, w = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range s {
		s[i] = r.Float64()
		if r.Float64() < s[i] {
			y[i] = 1
		}
		w[i] = 0.5 + r.Float64()
	}
	return y, s, w
}

func BenchmarkROCAUC(b *testing.B) {
	for _, bc := range []struct {
		name string
		n    int
	}{{"n=1e3", 1e3}, {"n=1e6", 1e6}} {
		y, s, w := benchScores(bc.n)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := metrics.ROCAUC(y, s, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(bc.n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
		b.Run(bc.name+",weighted", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := metrics.ROCAUC(y, s, w); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(bc.n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func BenchmarkAveragePrecision(b *testing.B) {
	y, s, _ := benchScores(1e6)
	b.Run("n=1e6", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := metrics.AveragePrecision(y, s, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkKS2(b *testing.B) {
	_, s, _ := benchScores(8000) // one distribution: D ≈ 0.02, as in drift monitoring
	b.Run("n=5000+3000,exact", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := metrics.KS2(s[:5000], s[5000:]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
