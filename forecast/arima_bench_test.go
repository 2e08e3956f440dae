package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkAirlineFit times one airline-model fit, ARIMA(0,1,1)(0,1,1)[12]
// on log AirPassengers by CSS-ML (R's default), with its allocations.
func BenchmarkAirlineFit(b *testing.B) {
	_, y := loadCaseB(b, "airpassengers_arima_011_011_log")
	cfg := ARIMA{Order: [3]int{0, 1, 1}, Seasonal: [3]int{0, 1, 1}, Period: 12, NoMean: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfg.Fit(context.Background(), y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAutoARIMAAirPassengers times auto-ARIMA's stepwise search on
// AirPassengers (n = 144, m = 12).
func BenchmarkAutoARIMAAirPassengers(b *testing.B) {
	_, y := loadCaseB(b, "airpassengers_autoarima")
	cfg := AutoARIMA{Period: 12}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfg.Fit(context.Background(), y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLikelihood times one evaluation of the exact likelihood of
// ARIMA(1,0,2)(1,1,1)[12] with drift on a simulated monthly series of
// length 108 (the inner loop of auto-ARIMA).
func BenchmarkLikelihood(b *testing.B) {
	y := simulateSeasonal(108)
	a := armaSpec{p: 1, q: 2, sp: 1, sq: 1, m: 12, sd: 1}
	drift := make([]float64, len(y))
	for i := range drift {
		drift[i] = float64(i + 1)
	}
	pb := &arimaProblem{spec: a, x: y, xreg: [][]float64{drift}, delta: differencingPoly(0, 1, 12), kappa: 1e6,
		narma: a.narma(), fixed: []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()},
		mask: []int{0, 1, 2, 3, 4, 5}, par: make([]float64, 6), trpar: make([]float64, 6),
		work: make([]float64, len(y)), w: make([]float64, len(y)), resid: make([]float64, len(y))}
	p := []float64{0.5, 0.2, -0.1, 0.3, -0.5, 0.2}
	b.ReportAllocs()
	for b.Loop() {
		pb.armafn(p, true)
	}
}

func simulateSeasonal(n int) []float64 {
	rng := rand.New(rand.NewPCG(1, 1))
	y := make([]float64, n)
	e0 := 0.0
	for t := range y {
		e := rng.NormFloat64()
		y[t] = 100 + 0.2*float64(t) + 10*math.Sin(2*math.Pi*float64(t)/12) + e + 0.4*e0
		e0 = e
	}
	return y
}
