package forecast

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/sibylml/sibyl/metrics"
)

// CV configures rolling-origin cross-validation as R's forecast::tsCV: for
// every forecast origin t (the last observation used) the method is fitted
// to y_1..y_t (or the last Window of them) and its h-step forecasts are
// compared with y_{t+1..t+h}:
//
//	e_{t,h} = y_{t+h} - yhat_{t+h|t}
//
// Origins run from Initial+1 (or Window+Initial) to n-1, as in tsCV; errors
// whose target lies beyond the series, and origins where the method fails,
// are NaN (R's NA).
//
// References:
//
//	Hyndman, R. J. and Athanasopoulos, G. (2021). Forecasting: Principles
//	and Practice, 3rd ed., section 5.10 (time series cross-validation).
//	OTexts. https://otexts.com/fpp3/tscv.html
type CV struct {
	// Horizon is the largest forecast horizon h; zero means 1.
	Horizon int `json:"horizon"`
	// Initial is the number of observations before the first origin (R's
	// initial); zero means none.
	Initial int `json:"initial"`
	// Window fits each origin to the last Window observations (a rolling
	// window); zero means an expanding window from the first observation.
	Window int `json:"window"`
	// Period is passed to the method as the series' seasonal period; zero
	// means 1.
	Period int `json:"period"`
	// Workers fits origins in parallel; zero means GOMAXPROCS. Results do
	// not depend on it.
	Workers int `json:"-"`
}

// CVResult holds tsCV errors: Errors[t-1][j] is e_{t, j+1} for origin t
// (1-based, as R's row t); rows before the first origin are all NaN.
type CVResult struct {
	Errors [][]float64
	// Failures counts origins where the method returned an error.
	Failures int
	y        []float64
	period   int
	forecast [][]float64
}

// CVAccuracy summarises the cross-validation errors at one horizon.
type CVAccuracy struct {
	Horizon int     `json:"horizon"`
	N       int     `json:"n"`
	ME      float64 `json:"me"`
	MAE     float64 `json:"mae"`
	RMSE    float64 `json:"rmse"`
	// MASE scales MAE by the in-sample seasonal-naive MAE of the whole
	// series (metrics.MASEScale with Period).
	MASE float64 `json:"mase"`
}

// Run cross-validates method on y.
func (c CV) Run(ctx context.Context, y []float64, method Method) (*CVResult, error) {
	h := c.Horizon
	if h == 0 {
		h = 1
	}
	if h < 0 || c.Initial < 0 || c.Window < 0 || c.Period < 0 || c.Workers < 0 {
		return nil, fmt.Errorf("%w: negative cross-validation setting %+v", ErrETSSpec, c)
	}
	if method == nil {
		panic("forecast: nil Method")
	}
	period := max(c.Period, 1)
	n := len(y)
	if c.Initial >= n {
		return nil, fmt.Errorf("%w: initial period %d too long for %d observations", ErrETSData, c.Initial, n)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: observation %d is %v", ErrETSData, i+1, v)
		}
	}
	first := 1 + c.Initial
	if c.Window > 0 {
		first = c.Window + c.Initial
	}
	res := &CVResult{Errors: make([][]float64, n), forecast: make([][]float64, n), y: append([]float64(nil), y...), period: period}
	for i := range res.Errors {
		res.Errors[i] = make([]float64, h)
		res.forecast[i] = make([]float64, h)
		for j := range res.Errors[i] {
			res.Errors[i][j] = math.NaN()
			res.forecast[i][j] = math.NaN()
		}
	}
	workers := c.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	origins := make(chan int)
	failed := make([]bool, n)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range origins {
				start := 0
				if c.Window > 0 {
					start = t - c.Window
				}
				fc, _, err := method(ctx, y[start:t], period, h, nil)
				if err != nil || len(fc.Mean) < h {
					failed[t-1] = true
					continue
				}
				for j := 0; j < h; j++ {
					res.forecast[t-1][j] = fc.Mean[j]
					if t+j < n {
						res.Errors[t-1][j] = y[t+j] - fc.Mean[j]
					}
				}
			}
		}()
	}
	var err error
	for t := first; t <= n-1; t++ {
		if err = ctx.Err(); err != nil {
			break
		}
		origins <- t
	}
	close(origins)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	for _, f := range failed {
		if f {
			res.Failures++
		}
	}
	return res, nil
}

// Accuracy returns ME, MAE, RMSE and MASE of the available errors at each
// horizon, computed with package metrics.
func (r *CVResult) Accuracy() ([]CVAccuracy, error) {
	scale, err := metrics.MASEScale(r.y, r.period)
	if err != nil {
		scale = math.NaN()
	}
	var out []CVAccuracy
	h := 0
	if len(r.Errors) > 0 {
		h = len(r.Errors[0])
	}
	for j := 0; j < h; j++ {
		var act, pred []float64
		me := 0.0
		for t := range r.Errors {
			if e := r.Errors[t][j]; !math.IsNaN(e) {
				act = append(act, r.y[t+1+j])
				pred = append(pred, r.forecast[t][j])
				me += e
			}
		}
		acc := CVAccuracy{Horizon: j + 1, N: len(act), ME: math.NaN(), MAE: math.NaN(), RMSE: math.NaN(), MASE: math.NaN()}
		if len(act) > 0 {
			acc.ME = me / float64(len(act))
			if acc.MAE, err = metrics.MAE(act, pred, nil); err != nil {
				return nil, fmt.Errorf("forecast: cross-validation accuracy at horizon %d: %w", j+1, err)
			}
			if acc.RMSE, err = metrics.RMSE(act, pred, nil); err != nil {
				return nil, fmt.Errorf("forecast: cross-validation accuracy at horizon %d: %w", j+1, err)
			}
			acc.MASE = acc.MAE / scale
		}
		out = append(out, acc)
	}
	return out, nil
}
