package survival

import (
	"context"
	"fmt"
	"testing"
)

// Benchmarks on 1,000,000 subjects × 20 covariates, times in whole days
// (heavily tied), data from rand.NewPCG(1, 1).
var benchData CoxData

func benchCox(b *testing.B) CoxData {
	if benchData.Time == nil {
		benchData = synthCox(1_000_000, 20, 1)
	}
	return benchData
}

func BenchmarkCoxEfron(b *testing.B) {
	d := benchCox(b)
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("rows=1e6,covariates=20,workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (Cox{Workers: w}).Fit(context.Background(), d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(d.Time))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func BenchmarkKaplanMeier(b *testing.B) {
	d := benchCox(b)
	b.Run("rows=1e6", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := (KaplanMeier{}).Fit(context.Background(), d.Time, d.Event, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(d.Time))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
