package main

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// synthChurn generates n rows × nf features with about 20% positives. It is
// the same generator as churn's benchmarks (churn/bench_test.go): continuous,
// count-like and binary features, 1% missing values in three columns and a
// label drawn from a nonlinear logistic model.
func synthChurn(n, nf int, seed uint64) (x, y []float64, names []string) {
	rng := rand.New(rand.NewPCG(seed, seed))
	x = make([]float64, n*nf)
	y = make([]float64, n)
	names = make([]string, nf)
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
		if rng.Float64() < 1/(1+math.Exp(-z)) {
			y[r] = 1
		}
		for _, j := range []int{3, 11, 21} {
			if j < nf && rng.Float64() < 0.01 {
				row[j] = math.NaN()
			}
		}
	}
	return x, y, names
}
