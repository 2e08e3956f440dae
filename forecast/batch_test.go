package forecast

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBatch(t *testing.T) {
	t.Parallel()
	_, www := loadCase(t, "wwwusage_arima_111")
	_, nile := loadCase(t, "nile_arima_100_mean")
	_, lh := loadCase(t, "lakehuron_arima_drift")
	ids := []string{"www", "nile", "lh", "empty", "www2"}
	series := [][]float64{www, nile, lh, {math.NaN(), math.NaN()}, www[:60]}
	method := ARIMA{Order: [3]int{1, 1, 1}}.Method()
	ctx := context.Background()
	var first []BatchResult
	for _, workers := range []int{1, 2, 5} {
		var calls atomic.Int32
		res, err := Batch(ctx, BatchConfig{Horizon: 4, Workers: workers, Progress: func(done, total int) error {
			calls.Add(1)
			require.Equal(t, 5, total)
			return nil
		}}, ids, series, method)
		require.NoError(t, err, "Batch(workers=%d)", workers)
		require.Equal(t, int32(5), calls.Load(), "progress calls")
		require.Len(t, res, 5)
		for i, r := range res {
			require.Equal(t, ids[i], r.ID, "input order (workers=%d)", workers)
		}
		require.Error(t, res[3].Err, "all-missing series")
		require.True(t, errors.Is(res[3].Err, ErrAllMissing))
		require.True(t, strings.Contains(res[3].Err.Error(), `"empty"`), "the error names the series: %v", res[3].Err)
		require.Equal(t, "ARIMA(1,1,1)", res[0].Model)
		if first == nil {
			first = res
			// Same numbers as fitting the series alone.
			m, err := ARIMA{Order: [3]int{1, 1, 1}}.Fit(ctx, nile)
			require.NoError(t, err)
			fc, err := m.Forecast(4, nil)
			require.NoError(t, err)
			require.Equal(t, fc, res[1].Forecast, "batch equals a single fit")
			continue
		}
		for i := range res {
			require.Equal(t, first[i].Forecast, res[i].Forecast, "result %d does not depend on the number of workers", i)
		}
	}
	t.Run("cancel", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := Batch(cctx, BatchConfig{Horizon: 2, Workers: 2}, ids, series, method)
		require.ErrorIs(t, err, context.Canceled, "Batch with a cancelled context")
	})
	t.Run("progress stops", func(t *testing.T) {
		stop := errors.New("enough")
		_, err := Batch(ctx, BatchConfig{Horizon: 2, Workers: 1, Progress: func(done, total int) error {
			if done == 2 {
				return stop
			}
			return nil
		}}, ids, series, method)
		require.ErrorIs(t, err, stop, "Batch stopped by Progress")
	})
	t.Run("panicking method", func(t *testing.T) {
		bad := func(ctx context.Context, y []float64, period, h int, levels []float64) (Forecast, string, error) {
			panic("boom")
		}
		res, err := Batch(ctx, BatchConfig{Horizon: 2}, nil, series[:2], bad)
		require.NoError(t, err)
		require.Error(t, res[0].Err, "a panic becomes an error")
		require.Equal(t, "0", res[0].ID)
	})
}
