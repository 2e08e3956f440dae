package forecast

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// BatchConfig controls Batch. The zero value forecasts 10 steps (2m when
// seasonal) with 80% and 95% intervals on GOMAXPROCS workers.
type BatchConfig struct {
	Period  int       `json:"period"`  // m of every series; zero or one means non-seasonal
	Horizon int       `json:"horizon"` // zero means 2m for seasonal series, else 10
	Levels  []float64 `json:"levels"`  // nil means 80 and 95
	Workers int       `json:"-"`       // zero means GOMAXPROCS
	// Progress, when not nil, is called after each series with the number
	// done and the total; calls are serialised. A non-nil error stops the
	// batch and is returned.
	Progress func(done, total int) error `json:"-"`
}

// BatchResult is the outcome for one series. A series that cannot be
// fitted has Err set (naming the series) and no forecast; the batch goes on.
type BatchResult struct {
	ID       string
	Forecast Forecast
	Model    string
	Err      error
}

// Batch fits m to every series on a pool of workers and returns the
// results in input order, the same whatever the number of workers. ids may
// be nil (then series are named by their index). It stops early and
// returns ctx's error when ctx is cancelled.
func Batch(ctx context.Context, cfg BatchConfig, ids []string, series [][]float64, m Method) ([]BatchResult, error) {
	if ids != nil && len(ids) != len(series) {
		panic("forecast: ids and series lengths do not match")
	}
	if m == nil {
		panic("forecast: nil Method")
	}
	h := cfg.Horizon
	if h == 0 {
		h = 10
		if cfg.Period > 1 {
			h = 2 * cfg.Period
		}
	}
	if h < 0 {
		return nil, fmt.Errorf("%w: horizon %d", ErrBadConfig, h)
	}
	levels := cfg.Levels
	if levels == nil {
		levels = []float64{80, 95}
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(1, len(series)))
	out := make([]BatchResult, len(series))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	var (
		mu      sync.Mutex
		done    int
		stopErr error
		wg      sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				id := fmt.Sprint(i)
				if ids != nil {
					id = ids[i]
				}
				res := BatchResult{ID: id}
				fc, label, err := runMethod(ctx, m, series[i], cfg.Period, h, levels)
				if err != nil {
					res.Err = fmt.Errorf("series %q: %w", id, err)
				} else {
					res.Forecast, res.Model = fc, label
				}
				out[i] = res
				mu.Lock()
				done++
				if cfg.Progress != nil && stopErr == nil {
					if err := cfg.Progress(done, len(series)); err != nil {
						stopErr = err
						cancel()
					}
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range series {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if stopErr != nil {
		return nil, stopErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// runMethod calls m, turning a panic inside it into an error so one bad
// series cannot take the batch down.
func runMethod(ctx context.Context, m Method, y []float64, period, h int, levels []float64) (fc Forecast, label string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("forecast: internal error: %v", r)
		}
	}()
	return m(ctx, y, period, h, levels)
}

// Method returns the auto-ARIMA selection as a batch Method; the period
// passed by the batch overrides c.Period.
func (c AutoARIMA) Method() Method {
	return func(ctx context.Context, y []float64, period, h int, levels []float64) (Forecast, string, error) {
		cfg := c
		cfg.Period = period
		m, err := cfg.Fit(ctx, y)
		if err != nil {
			return Forecast{}, "", err
		}
		fc, err := m.Forecast(h, levels)
		if err != nil {
			return Forecast{}, "", err
		}
		return fc, m.String(), nil
	}
}

// Method returns the ARIMA specification as a batch Method; the period
// passed by the batch overrides c.Period.
func (c ARIMA) Method() Method {
	return func(ctx context.Context, y []float64, period, h int, levels []float64) (Forecast, string, error) {
		cfg := c
		cfg.Period = period
		if period <= 1 {
			cfg.Seasonal = [3]int{}
		}
		m, err := cfg.Fit(ctx, y)
		if err != nil {
			return Forecast{}, "", err
		}
		fc, err := m.Forecast(h, levels)
		if err != nil {
			return Forecast{}, "", err
		}
		return fc, m.String(), nil
	}
}
