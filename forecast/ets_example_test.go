package forecast_test

import (
	"context"
	"fmt"

	"github.com/sibylml/sibyl/forecast"
)

// usAccDeaths1973to1978 is R's datasets::USAccDeaths.
var usAccDeaths1973to1978 = []float64{
	9007, 8106, 8928, 9137, 10017, 10826, 11317, 10744, 9713, 9938, 9161, 8927,
	7750, 6981, 8038, 8422, 8714, 9512, 10120, 9823, 8743, 9129, 8710, 8680,
	8162, 7306, 8124, 7870, 9387, 9556, 10093, 9620, 8285, 8466, 8160, 8034,
	7717, 7461, 7767, 7925, 8623, 8945, 10078, 9179, 8037, 8488, 7874, 8647,
	7792, 6957, 7726, 8106, 8890, 9299, 10625, 9302, 8314, 8850, 8265, 8796,
	7836, 6892, 7791, 8192, 9115, 9434, 10484, 9827, 9110, 9070, 8633, 9240,
}

func ExampleETS_Fit() {
	m, err := forecast.ETS{Period: 12}.Fit(context.Background(), usAccDeaths1973to1978)
	if err != nil {
		fmt.Println(err)
		return
	}
	fc, err := m.Forecast(3, []float64{95})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s AICc %.2f\n", m.Label(), m.AICc())
	for i := range fc.Mean {
		fmt.Printf("h=%d %.0f [%.0f, %.0f]\n", i+1, fc.Mean[i], fc.Lower[0][i], fc.Upper[0][i])
	}
	// Output:
	// ETS(A,N,A) AICc 1148.72
	// h=1 8397 [7824, 8971]
	// h=2 7599 [6932, 8267]
	// h=3 8397 [7647, 9146]
}

// R: mean(abs(tsCV(USAccDeaths, snaive, h = 1, initial = 60)), na.rm = TRUE) = 279.09.
func ExampleCV_Run() {
	res, err := forecast.CV{Horizon: 1, Initial: 60, Period: 12}.Run(context.Background(),
		usAccDeaths1973to1978, forecast.Baseline{Kind: forecast.BaselineSeasonalNaive}.Method())
	if err != nil {
		fmt.Println(err)
		return
	}
	acc, _ := res.Accuracy()
	fmt.Printf("seasonal naive, 1 step ahead: n=%d MAE %.1f\n", acc[0].N, acc[0].MAE)
	// Output:
	// seasonal naive, 1 step ahead: n=11 MAE 279.1
}
