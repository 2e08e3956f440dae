package forecast

import "context"

// Forecast is a point forecast h steps ahead with prediction intervals.
//
// Levels holds the interval coverages in percent (80, 95, …); Lower[i] and
// Upper[i] are the bounds at Levels[i], each of length len(Mean).
type Forecast struct {
	Mean   []float64
	Levels []float64
	Lower  [][]float64
	Upper  [][]float64
}

// Method fits one series and forecasts it; the batch runner calls it once
// per series, possibly from several goroutines at once, so it must not share
// mutable state. It returns the forecast and a short description of the
// model it fitted (for example "ARIMA(0,1,1)(0,1,1)[12]" or "ETS(M,A,M)").
type Method func(ctx context.Context, y []float64, period, horizon int, levels []float64) (Forecast, string, error)
