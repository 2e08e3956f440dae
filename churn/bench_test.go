package churn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// synthChurn generates n rows × nf features (nf ≥ 10) with about 20%
// positives: continuous, count-like and binary features, 1% missing values in
// a few columns, and a label from a nonlinear logistic model. The same
// generator (same seed, same arithmetic) is in benchmarks/churn.
func synthChurn(n, nf int, seed uint64) *Data {
	rng := rand.New(rand.NewPCG(seed, seed))
	x := make([]float64, n*nf)
	y := make([]float64, n)
	names := make([]string, nf)
	for j := range names {
		names[j] = fmt.Sprintf("f%d", j)
	}
	for r := range n {
		row := x[r*nf : (r+1)*nf]
		for j := range row {
			switch {
			case j%10 == 7:
				row[j] = float64(rng.IntN(2))
			case j%10 == 8:
				row[j] = math.Floor(rng.ExpFloat64() * 3)
			default:
				row[j] = rng.NormFloat64()
			}
		}
		z := -2.2 + 1.2*row[0] - 0.8*row[1]*row[2] + 0.6*math.Abs(row[3]) + 0.5*row[7] - 0.3*row[8] +
			0.7*math.Sin(2*row[4]) + 0.4*row[5]*row[5] - 0.5*row[6]
		if rng.Float64() < sigmoid(z) {
			y[r] = 1
		}
		for _, j := range []int{3, 11, 21} {
			if j < nf && rng.Float64() < 0.01 {
				row[j] = math.NaN()
			}
		}
	}
	return &Data{X: x, Label: y, Features: names}
}

func BenchmarkFit(b *testing.B) {
	for _, rows := range []int{100_000} {
		d := synthChurn(rows, 50, 1)
		cfg := Config{Rounds: 20, MaxDepth: 6, Eta: 0.1, MaxBin: 256, Workers: 2}
		b.Run(fmt.Sprintf("rows=%d,features=50,rounds=20,workers=2", rows), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cfg.Fit(context.Background(), d, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
