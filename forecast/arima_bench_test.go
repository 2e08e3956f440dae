package forecast

import (
	"context"
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
