package main

import (
	"context"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/forecast"
)

func init() {
	addSection(section{order: 30, title: "forecast: the airline model on AirPassengers", run: tourForecastARIMA})
}

// tourForecastARIMA fits Box and Jenkins' airline model,
// ARIMA(0,1,1)(0,1,1)[12] on log passengers, as R's forecast::Arima does,
// and prints 1961's forecasts with 80% and 95% intervals on the passenger
// scale; then updates a model fitted on 1949-1959 with 1960's data.
func tourForecastARIMA(ctx context.Context, w *report) error {
	f, err := dataset.Sample("airpassengers")
	if err != nil {
		return err
	}
	defer f.Release()
	y, err := f.AppendFloat64s(nil, "y")
	if err != nil {
		return err
	}
	cfg := forecast.ARIMA{Order: [3]int{0, 1, 1}, Seasonal: [3]int{0, 1, 1}, Period: 12, BoxCox: true, Lambda: 0}
	m, err := cfg.Fit(ctx, y)
	if err != nil {
		return err
	}
	w.printf("%s on log(passengers), n = %d\n", m, len(y))
	for i, nm := range m.Names {
		w.printf("  %-5s %8.4f  (se %.4f)\n", nm, m.Coef[i], m.SE[i])
	}
	w.printf("  sigma^2 %.6f  loglik %.2f  AICc %.2f\n", m.Sigma2, m.LogLik, m.AICc)
	fc, err := m.Forecast(24, []float64{80, 95})
	if err != nil {
		return err
	}
	w.printf("forecasts (1961), passengers (thousands):\n  %-8s %8s %17s %17s\n", "month", "mean", "80%", "95%")
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for h := 0; h < 12; h++ { // h = 1..12 is 1961
		w.printf("  %-8s %8.1f %8.1f-%-8.1f %8.1f-%-8.1f\n", months[h%12]+" 61", fc.Mean[h],
			fc.Lower[0][h], fc.Upper[0][h], fc.Lower[1][h], fc.Upper[1][h])
	}
	// Streaming: fit on 1949-1959, then feed 1960 without re-estimating.
	m59, err := cfg.Fit(ctx, y[:132])
	if err != nil {
		return err
	}
	upd, err := m59.Update(y[132:])
	if err != nil {
		return err
	}
	f1, err := upd.Forecast(1, nil)
	if err != nil {
		return err
	}
	w.printf("fit on 1949-59 + Update(1960): Jan 61 forecast %.1f (full fit: %.1f)\n", f1.Mean[0], fc.Mean[0])
	return nil
}
