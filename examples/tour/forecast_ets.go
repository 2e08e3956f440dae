package main

import (
	"context"
	"math"
	"strings"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/forecast"
)

func init() {
	addSection(section{order: 35, title: "forecast: auto-ETS on USAccDeaths", run: tourForecastETS})
}

// tourForecastETS selects an exponential smoothing model for monthly US
// accidental deaths 1973-1978 by AICc, as R's ets(y), and forecasts a year
// with 80% and 95% intervals; then backtests it against seasonal naive.
func tourForecastETS(ctx context.Context, w *report) error {
	f, err := dataset.Sample("usaccdeaths")
	if err != nil {
		return err
	}
	defer f.Release()
	col := "y"
	if !f.Has(col) {
		col = f.Names()[len(f.Names())-1]
	}
	y, err := f.AppendFloat64s(nil, col)
	if err != nil {
		return err
	}
	m, err := forecast.ETS{Period: 12}.Fit(ctx, y)
	if err != nil {
		return err
	}
	w.printf("%d monthly observations; auto-ETS tried %d models and picked %s (R picks ETS(A,N,A))\n",
		m.NumObs(), len(m.Candidates()), m.Label())
	best := m.Candidates()
	w.printf("%-14s %10s\n", "candidate", "AICc")
	for _, c := range best {
		mark := ""
		if c.Label == m.Label() {
			mark = "  <- selected"
		}
		w.printf("%-14s %10.2f%s\n", c.Label, c.AICc, mark)
	}
	p := m.Params()
	w.printf("alpha %.4f  gamma %.4f  sigma %.1f  loglik %.2f  AICc %.2f\n",
		p.Alpha, p.Gamma, math.Sqrt(m.Sigma2()), m.LogLik(), m.AICc())
	fc, err := m.Forecast(12, []float64{80, 95})
	if err != nil {
		return err
	}
	months := strings.Fields("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
	w.printf("1979 forecast  %8s  %17s  %17s\n", "mean", "80% interval", "95% interval")
	for i, v := range fc.Mean {
		w.printf("  %-11s  %8.0f  [%7.0f, %7.0f]  [%7.0f, %7.0f]\n", months[i], v,
			fc.Lower[0][i], fc.Upper[0][i], fc.Lower[1][i], fc.Upper[1][i])
	}
	// Rolling-origin backtest over the last two years, 1 to 3 months ahead.
	for _, b := range []struct {
		name   string
		method forecast.Method
	}{
		{"ETS(A,N,A)", forecast.ETS{Model: "ANA", Period: 12}.Method()},
		{"seasonal naive", forecast.Baseline{Kind: forecast.BaselineSeasonalNaive}.Method()},
	} {
		res, err := forecast.CV{Horizon: 3, Initial: 47, Period: 12}.Run(ctx, y, b.method)
		if err != nil {
			return err
		}
		acc, err := res.Accuracy()
		if err != nil {
			return err
		}
		w.printf("backtest %-15s MAE h=1..3: %6.0f %6.0f %6.0f\n", b.name, acc[0].MAE, acc[1].MAE, acc[2].MAE)
	}
	return nil
}
