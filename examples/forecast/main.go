// Command forecast forecasts a product catalogue's monthly sales with
// prediction intervals: every product's series is fitted by auto-ARIMA on a
// pool of workers (forecast.Batch), and the next quarter is printed with
// 95% intervals.
//
//	go run ./examples/forecast                       # a simulated catalogue
//	go run ./examples/forecast -data sales.csv -id sku -time month -value units
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/forecast"
)

func main() {
	data := flag.String("data", "", "long table: one row per product and month (default: simulated)")
	idCol := flag.String("id", "id", "product column")
	timeCol := flag.String("time", "month", "month column")
	valCol := flag.String("value", "sales", "sales column")
	products := flag.Int("products", 12, "simulated products")
	flag.Parse()
	ctx := context.Background()
	ids, series, err := load(ctx, *data, *idCol, *timeCol, *valCol, *products)
	if err != nil {
		fmt.Fprintln(os.Stderr, "forecast:", err)
		os.Exit(1)
	}
	start := time.Now()
	res, err := forecast.Batch(ctx, forecast.BatchConfig{Period: 12, Horizon: 3, Levels: []float64{95},
		Progress: func(done, total int) error {
			if done == total {
				fmt.Fprintf(os.Stderr, "%d products fitted\n", total)
			}
			return nil
		}}, ids, series, forecast.AutoARIMA{Period: 12}.Method())
	if err != nil {
		fmt.Fprintln(os.Stderr, "forecast:", err)
		os.Exit(1)
	}
	fmt.Printf("%d products, %d months each, auto-ARIMA in %.1f s\n\n", len(ids), len(series[0]), time.Since(start).Seconds())
	fmt.Printf("%-8s %-44s %22s %22s %22s\n", "product", "model", "month +1 (95%)", "month +2 (95%)", "month +3 (95%)")
	for _, r := range res {
		if r.Err != nil {
			fmt.Printf("%-8s %v\n", r.ID, r.Err)
			continue
		}
		fmt.Printf("%-8s %-44s", r.ID, r.Model)
		for h := range r.Forecast.Mean {
			fmt.Printf(" %6.0f [%6.0f,%6.0f]", r.Forecast.Mean[h], r.Forecast.Lower[0][h], r.Forecast.Upper[0][h])
		}
		fmt.Println()
	}
}

func load(ctx context.Context, path, idCol, timeCol, valCol string, products int) ([]string, [][]float64, error) {
	if path != "" {
		f, err := dataset.ReadFile(ctx, path, nil)
		if err != nil {
			return nil, nil, err
		}
		defer f.Release()
		return forecast.SeriesFromFrame(f, idCol, timeCol, valCol)
	}
	// A simulated catalogue: 5 years of monthly unit sales per product,
	// with product-specific level, growth, seasonality and noise.
	rng := rand.New(rand.NewPCG(7, 7))
	ids := make([]string, products)
	series := make([][]float64, products)
	for p := range series {
		ids[p] = fmt.Sprintf("SKU-%03d", p+1)
		level := 200 + 800*rng.Float64()
		growth := 0.01 * rng.NormFloat64()
		amp := 0.3 * rng.Float64()
		peak := rng.IntN(12)
		y := make([]float64, 60)
		noise := 0.0
		for t := range y {
			noise = 0.5*noise + 0.08*rng.NormFloat64()
			season := 1 + amp*math.Cos(2*math.Pi*float64(t-peak)/12)
			y[t] = math.Round(level * math.Exp(growth*float64(t)+noise) * season)
		}
		series[p] = y
	}
	return ids, series, nil
}
