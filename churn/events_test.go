package churn

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sibylml/sibyl/dataset"
)

// TestEventFeaturesRandomInputs throws random small logs, specs and
// cut-offs at Features, Labeled and Snapshots: each call returns a
// well-shaped snapshot or an error wrapping one of the package's sentinels,
// never a panic.
func TestEventFeaturesRandomInputs(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(9, 9))
	names := []string{"a", "b", "cancel", "d"}
	var ok, failed int
	for trial := range 300 {
		nc := 1 + rng.IntN(5)
		l := &dataset.EventLog{EventNames: names, Offsets: []int{0}}
		for e := range nc {
			l.EntityNames = append(l.EntityNames, string(rune('A'+e)))
			k := 1 + rng.IntN(6)
			tm := day(rng.IntN(60)).UnixNano()
			for range k {
				tm += rng.Int64N(int64(20 * nsPerDay))
				l.Entity = append(l.Entity, int32(e))
				l.Time = append(l.Time, tm)
				l.Event = append(l.Event, int32(rng.IntN(len(names))))
				v := math.NaN()
				if rng.IntN(2) == 0 {
					v = rng.NormFloat64()
				}
				l.Value = append(l.Value, v)
				l.Row = append(l.Row, len(l.Row))
			}
			l.Offsets = append(l.Offsets, len(l.Time))
		}
		spec := FeatureSpec{
			WindowDays: [][]float64{nil, {1}, {3, 10}, {0.5}}[rng.IntN(4)],
			ChurnDays:  float64(rng.IntN(20)),
			LapsedDays: float64(rng.IntN(3) * 7),
		}
		if rng.IntN(2) == 0 {
			spec.CancelEvents = []string{"cancel"}
		}
		if rng.IntN(3) == 0 {
			spec.ActivityEvents = []string{"a"}
		}
		if rng.IntN(3) == 0 {
			spec.EventTypes = []string{"b", "zzz"}
		}
		cut := day(rng.IntN(150) - 10)
		check := func(what string, s *Snapshot, err error) {
			if err != nil {
				failed++
				require.True(t, errors.Is(err, ErrSpec) || errors.Is(err, ErrCutoff) || errors.Is(err, ErrHorizon) || errors.Is(err, ErrEmpty),
					"trial %d %s: unexpected error %v", trial, what, err)
				return
			}
			ok++
			require.Len(t, s.X, s.NumRows()*len(s.Names), "trial %d %s shape", trial, what)
			require.Greater(t, s.NumRows(), 0, "trial %d %s rows", trial, what)
			for i, v := range s.X {
				require.False(t, math.IsInf(v, 0), "trial %d %s cell %d infinite", trial, what, i)
			}
			for r, y := range s.Churned {
				require.True(t, y == 0 || y == 1, "trial %d %s churned", trial, what)
				require.True(t, s.Time[r] != 0 && !math.IsNaN(s.Time[r]), "trial %d %s time %v", trial, what, s.Time[r])
			}
		}
		s, err := spec.Features(ctx, l, cut)
		check("Features", s, err)
		s, err = spec.Labeled(ctx, l, cut)
		check("Labeled", s, err)
		s, err = spec.Snapshots(ctx, l, []time.Time{cut, cut.AddDate(0, 0, 7)})
		check("Snapshots", s, err)
		if err == nil {
			_, _, err = s.SplitAt(cut.AddDate(0, 0, 7))
			if err != nil {
				require.ErrorIs(t, err, ErrCutoff, "trial %d SplitAt", trial)
			}
		}
	}
	t.Logf("%d snapshots, %d errors", ok, failed)
	require.Greater(t, ok, 100, "enough random inputs give snapshots")
	require.Greater(t, failed, 100, "enough random inputs give errors")
}
