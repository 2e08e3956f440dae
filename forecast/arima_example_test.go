package forecast_test

import (
	"context"
	"fmt"

	"github.com/sibylml/sibyl/forecast"
)

// The airline model on (the first two years of) log airline passengers.
func ExampleARIMA_Fit() {
	y := []float64{112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118,
		115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140,
		145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166}
	cfg := forecast.ARIMA{Order: [3]int{0, 1, 1}, Seasonal: [3]int{0, 1, 1}, Period: 12, BoxCox: true, Lambda: 0}
	m, err := cfg.Fit(context.Background(), y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fc, err := m.Forecast(3, []float64{95})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m)
	for h := range fc.Mean {
		fmt.Printf("h=%d %.0f [%.0f, %.0f]\n", h+1, fc.Mean[h], fc.Lower[0][h], fc.Upper[0][h])
	}
	// R: forecast(Arima(..., lambda = 0), h = 3, level = 95) gives the same.
	// Output:
	// ARIMA(0,1,1)(0,1,1)[12]
	// h=1 168 [154, 184]
	// h=2 179 [162, 197]
	// h=3 204 [183, 226]
}

func ExampleAutoARIMA_Fit() {
	y := []float64{88, 84, 85, 85, 84, 85, 83, 85, 88, 89, 91, 99, 104, 112, 126, 138, 146, 151, 150, 148,
		147, 149, 143, 132, 131, 139, 147, 150, 148, 145, 140, 134, 131, 131, 129, 126, 126, 132, 137, 140}
	m, err := forecast.AutoARIMA{}.Fit(context.Background(), y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m) // R's auto.arima picks the same model
	// Output:
	// ARIMA(0,1,2)
}
