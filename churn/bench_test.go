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

var benchModel *Model

// model200 is a 200-tree depth-6 model on 50 features (trained once).
func model200(b *testing.B) (*Model, *Data) {
	d := synthChurn(50_000, 50, 2)
	if benchModel == nil {
		cfg := Config{Rounds: 200, MaxDepth: 6, Eta: 0.1, Workers: 2}
		m, err := cfg.Fit(context.Background(), synthChurn(20_000, 50, 1), nil)
		if err != nil {
			b.Fatal(err)
		}
		benchModel = m
	}
	return benchModel, d
}

func BenchmarkPredictRow(b *testing.B) {
	m, d := model200(b)
	b.Run("trees=200,depth=6,features=50", func(b *testing.B) {
		b.ReportAllocs()
		r := 0
		var sink float64
		for b.Loop() {
			sink += m.PredictRow(d.X[r*50 : (r+1)*50])
			r = (r + 1) % d.NumRows()
		}
		_ = sink
	})
	// Every row with one missing feature (0), which the compact layout
	// sends down the default direction in the same number of steps.
	miss := append([]float64(nil), d.X...)
	for r := 0; r < d.NumRows(); r++ {
		miss[r*50] = math.NaN()
	}
	b.Run("trees=200,depth=6,features=50,missing=1", func(b *testing.B) {
		b.ReportAllocs()
		r := 0
		var sink float64
		for b.Loop() {
			sink += m.PredictRow(miss[r*50 : (r+1)*50])
			r = (r + 1) % d.NumRows()
		}
		_ = sink
	})
}

func BenchmarkPredictDense(b *testing.B) {
	m, d := model200(b)
	dst := make([]float64, d.NumRows())
	b.Run("rows=5e4,trees=200,depth=6", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m.PredictDense(dst, d.X)
		}
		b.ReportMetric(float64(d.NumRows())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
