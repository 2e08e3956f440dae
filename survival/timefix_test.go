package survival

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTimeFix(t *testing.T) {
	t.Run("no near ties: inputs returned", func(t *testing.T) {
		tm := []float64{1, 2, 3}
		_, got, err := timeFix(nil, tm)
		require.NoError(t, err, "timeFix(1,2,3)")
		require.Equal(t, &tm[0], &got[0], "timeFix(1,2,3) copied without need")
	})
	t.Run("run of near ties merged to its smallest value", func(t *testing.T) {
		tm := []float64{0.30000000000000004, 0.3, 1, 0.1 + 0.2 + 1e-9, 2}
		_, got, err := timeFix(nil, tm)
		require.NoError(t, err, "timeFix near ties")
		require.Equal(t, []float64{0.3, 0.3, 1, 0.3, 2}, got, "timeFix near ties")
		require.Equal(t, 0.30000000000000004, tm[0], "timeFix mutated its input")
	})
	t.Run("interval of length 0 after merging", func(t *testing.T) {
		_, _, err := timeFix([]float64{0, 1}, []float64{1, 1 + 1e-12})
		require.ErrorIs(t, err, ErrTime, "timeFix zero-length interval")
		var de *DataError
		require.True(t, errors.As(err, &de), "timeFix error type")
		require.Equal(t, 1, de.Row, "timeFix error row")
	})
	t.Run("KM and Cox see merged times as R does", func(t *testing.T) {
		tm := []float64{1, 1 + 1e-10, 2, 3, 4, 5}
		ev := []float64{1, 1, 0, 1, 1, 0}
		res, err := KaplanMeier{}.Fit(context.Background(), tm, ev, nil)
		require.NoError(t, err, "KaplanMeier.Fit")
		require.Equal(t, []float64{1, 2, 3, 4, 5}, res.Curves[0].Time, "KaplanMeier.Fit times")
		require.Equal(t, 2.0, res.Curves[0].NEvent[0], "KaplanMeier.Fit events at 1")
	})
	t.Run("negative (start, stop] allowed, negative right-censored time not", func(t *testing.T) {
		d := CoxData{Names: []string{"x"}, X: [][]float64{{0.5, -1, 2, 0, 1.5, -0.5}},
			Start: []float64{-3, -2, -2.5, -1, -4, -3}, Time: []float64{-1, 0, 1, 2, -2, 3}, Event: []float64{1, 1, 0, 1, 1, 0}}
		_, err := Cox{}.Fit(context.Background(), d)
		require.NoError(t, err, "Cox.Fit with negative (start, stop]")
		d.Start = nil
		_, err = Cox{}.Fit(context.Background(), d)
		require.ErrorIs(t, err, ErrTime, "Cox.Fit with negative right-censored times")
	})
}

func TestTimeFixSorted(t *testing.T) {
	tm := []float64{2, 0.30000000000000004, 1, 0.3, 0.1 + 0.2 + 1e-9, 2 + 1e-12}
	order := sortOrder(timeKeys(tm))
	got := timeFixSorted(tm, order)
	_, want, err := timeFix(nil, tm)
	require.NoError(t, err, "timeFix")
	require.Equal(t, want, got, "timeFixSorted agrees with timeFix")
	require.Equal(t, []float64{2, 0.3, 1, 0.3, 0.3, 2}, got, "timeFixSorted")
	plain := []float64{3, 1, 2}
	require.Equal(t, &plain[0], &timeFixSorted(plain, sortOrder(timeKeys(plain)))[0], "timeFixSorted copied without need")
}
