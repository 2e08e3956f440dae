package hpo

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestImportance(t *testing.T) {
	ctx := context.Background()
	s, err := NewStudy(ctx, Config{Sampler: Random{Seed: 1}})
	require.NoError(t, err)
	// The objective depends strongly on x, weakly on y, not at all on c.
	require.NoError(t, s.Optimize(ctx, func(ctx context.Context, t *Trial) (float64, error) {
		x, _ := t.Float("x", -1, 1)
		y, _ := t.Float("y", -1, 1)
		_, _ = t.Categorical("c", []string{"a", "b", "c"})
		return 10*x*x + 0.5*y, nil
	}, 200))
	ts, err := s.Trials(ctx)
	require.NoError(t, err)
	imp := Importance(ts)
	sum := 0.0
	for _, v := range imp {
		sum += v
	}
	require.InDelta(t, 1, sum, 1e-12, "Importance sums to 1")
	require.Greater(t, imp["x"], 0.6, "x dominates: %v", imp)
	require.Greater(t, imp["x"], imp["y"], "x over y: %v", imp)
	require.Greater(t, imp["y"], imp["c"], "y over c: %v", imp)
	require.Empty(t, Importance(nil), "no trials")
	require.Equal(t, []float64{1.5, 1.5, 3}, ranks([]float64{2, 2, 5}), "ranks with ties")
	require.False(t, math.IsNaN(imp["c"]))
}
