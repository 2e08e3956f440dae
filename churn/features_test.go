package churn

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sibylml/sibyl/dataset"
)

// eventLogCSV reads an event log (customer,time,event,value) from CSV text.
func eventLogCSV(t *testing.T, text string) *dataset.EventLog {
	t.Helper()
	f, err := dataset.ReadCSV(context.Background(), strings.NewReader(text), "events.csv", nil)
	require.NoError(t, err, "ReadCSV")
	defer f.Release()
	l, err := dataset.NewEventLog(f, dataset.EventLogColumns{Entity: "customer", Time: "time", Event: "event", Value: "value"})
	require.NoError(t, err, "NewEventLog")
	return l
}

func day(d int) time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }

const smallLog = `customer,time,event,value
a,2024-01-01,login,
a,2024-01-05,purchase,10
a,2024-01-08,login,
a,2024-01-10,purchase,30
a,2024-01-12,login,
a,2024-01-15,login,
a,2024-01-20,login,
b,2024-01-03,login,
b,2024-01-09,cancel,
c,2024-01-11,login,
c,2024-01-14,purchase,5
c,2024-02-20,login,
d,2024-01-13,login,
`

func col(t *testing.T, s *Snapshot, customer, name string) float64 {
	t.Helper()
	j := -1
	for i, n := range s.Names {
		if n == name {
			j = i
		}
	}
	require.GreaterOrEqual(t, j, 0, "column %q", name)
	for r, c := range s.Customer {
		if c == customer {
			return s.Row(r)[j]
		}
	}
	t.Fatalf("customer %q has no row", customer)
	return 0
}

func TestFeaturesByHand(t *testing.T) {
	ctx := context.Background()
	l := eventLogCSV(t, smallLog)
	spec := FeatureSpec{WindowDays: []float64{7}, ChurnDays: 14, CancelEvents: []string{"cancel"}}
	s, err := spec.Labeled(ctx, l, day(14)) // cut-off 2024-01-15 00:00: a's login that day is the future
	require.NoError(t, err, "Labeled at 2024-01-15")
	require.Equal(t, []string{"cancel", "login", "purchase"}, s.Spec.EventTypes, "resolved event types")
	require.Equal(t, []string{"a", "c", "d"}, s.Customer, "b cancelled before the cut-off")
	require.Equal(t, SnapshotStats{Cutoff: day(14), Customers: 3, Cancelled: 1, Churned: 2}, s.Stats[0], "stats")
	require.Len(t, s.Names, len(s.Spec.Columns()), "one meaning per column")
	fr, err := s.Frame()
	require.NoError(t, err, "Snapshot.Frame")
	defer fr.Release()
	require.Equal(t, 3, fr.NumRows())
	require.Equal(t, len(s.Names)+4, len(fr.Names()), "customer, cutoff, features, churned, time_to_churn")
	dd, err := FrameData(fr, "churned", s.Names, "")
	require.NoError(t, err, "FrameData on the snapshot frame")
	require.Equal(t, len(s.X), len(dd.X))
	for i := range s.X {
		require.True(t, s.X[i] == dd.X[i] || (math.IsNaN(s.X[i]) && math.IsNaN(dd.X[i])), "cell %d through the Frame", i)
	}
	require.Len(t, s.X, 3*len(s.Names))
	for name, want := range map[string]float64{
		"recency_days": 3, "tenure_days": 14, "events_total": 5, "value_total": 40, "value_mean": 20,
		"gap_mean_days": 11.0 / 4, "gap_max_days": 4, "gap_last_days": 2,
		"last_event":        1, // login
		"days_since_login":  3,
		"days_since_cancel": math.NaN(),
		"events_7d":         3, // Jan 8, 10, 12
		"value_7d":          30,
		"events_7d_login":   2,
		"value_7d_purchase": 30,
		"trend_7d":          math.Log(4.0 / 3), // 3 events in [Jan 8, Jan 15), 2 in [Jan 1, Jan 8)
	} {
		got := col(t, s, "a", name)
		if math.IsNaN(want) {
			require.True(t, math.IsNaN(got), "a %s = %v, want NaN", name, got)
			continue
		}
		require.InDelta(t, want, got, 1e-12, "a %s", name)
	}
	// gaps of a: 4, 3, 2, 2 days → sample sd
	m := 11.0 / 4
	sd := math.Sqrt(((4-m)*(4-m) + (3-m)*(3-m) + 2*(2-m)*(2-m)) / 3)
	require.InDelta(t, sd, col(t, s, "a", "gap_sd_days"), 1e-12, "a gap_sd_days")
	require.True(t, math.IsNaN(col(t, s, "d", "gap_mean_days")), "one event: no gap")
	// Labels: a logs in on Jan 15, 20 → active; c's next activity is Feb 20
	// (after the 14-day window) → churned; d never comes back → churned.
	require.Equal(t, []float64{0, 1, 1}, s.Churned, "Churned")
	// Survival: a: censored at the log end (Feb 20) minus Jan 15 = 36 days,
	// since the log ends 31 days after a's last activity (Jan 20) ≥ 14 →
	// churn dated Jan 20 (5 days). c: gap from the cut-off to Feb 20 ≥ 14 →
	// churned at the cut-off (1 hour). d: same.
	require.InDeltaSlice(t, []float64{5, 1.0 / 24, 1.0 / 24}, s.Time, 1e-12, "Time")
}

func TestLabelsCancelAndCensoring(t *testing.T) {
	ctx := context.Background()
	l := eventLogCSV(t, `customer,time,event,value
a,2024-01-01,login,
a,2024-01-12,login,
a,2024-01-13,cancel,
b,2024-01-01,login,
b,2024-01-11,login,
b,2024-01-20,login,
b,2024-01-29,login,
z,2024-01-01,login,
z,2024-01-30,login,
`)
	s, err := FeatureSpec{ChurnDays: 14, CancelEvents: []string{"cancel"}}.Labeled(ctx, l, day(10))
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b", "z"}, s.Customer)
	require.Equal(t, []float64{1, 0, 1}, s.Churned, "a cancels inside the window, b is active, z is not")
	// Cut-off Jan 11. a: cancel on Jan 13 = 2 days; b: active until the log
	// end (Jan 30), censored at 19 days; z: gap from the cut-off to Jan 30
	// ≥ 14 → churned at the cut-off (1 hour).
	require.InDeltaSlice(t, []float64{2, -19, 1.0 / 24}, s.Time, 1e-12, "Time")
	// Events after the cancellation are activity again: a resubscribed
	// customer is kept.
	s2, err := FeatureSpec{ChurnDays: 5, CancelEvents: []string{"cancel"}, LapsedDays: 14}.Labeled(ctx, l, day(14))
	require.NoError(t, err)
	require.Equal(t, []string{"b"}, s2.Customer, "a cancelled, z lapsed (last activity 14 days before the cut-off)")
	require.Equal(t, 1, s2.Stats[0].Cancelled)
	require.Equal(t, 1, s2.Stats[0].Lapsed)
}

func TestFeaturesBadInput(t *testing.T) {
	ctx := context.Background()
	l := eventLogCSV(t, smallLog)
	spec := FeatureSpec{ChurnDays: 7}
	t.Run("missing and unparseable timestamps are counted", func(t *testing.T) {
		bad := eventLogCSV(t, smallLog+"e,,login,\nf,yesterday,login,\ng,2024-13-45,login,\n")
		require.Len(t, bad.Bad, 3, "NewEventLog leaves the three rows out")
		s, err := spec.Features(ctx, bad, day(14))
		require.NoError(t, err)
		require.Equal(t, 3, s.Stats[0].BadRows, "Stats.BadRows")
		require.NotContains(t, s.Customer, "e")
	})
	t.Run("cut-off before every event", func(t *testing.T) {
		_, err := spec.Features(ctx, l, day(-10))
		require.ErrorIs(t, err, ErrCutoff, "Features at 2023-12-22")
		_, err = spec.Features(ctx, l, time.Time{})
		require.ErrorIs(t, err, ErrCutoff, "Features at the zero time")
		_, err = spec.Features(ctx, l, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
		require.ErrorIs(t, err, ErrCutoff, "Features in 9999")
		old := eventLogCSV(t, "customer,time,event,value\nx,1680-01-01T00:00:00Z,login,\nx,2000-01-01T00:00:00Z,login,\n")
		_, err = spec.Features(ctx, old, time.Date(2090, 1, 1, 0, 0, 0, 0, time.UTC))
		require.ErrorIs(t, err, ErrCutoff, "log from 1680, cut-off 2090")
		_, err = spec.Labeled(ctx, l, day(-10))
		require.ErrorIs(t, err, ErrCutoff, "Labeled at 2023-12-22")
	})
	t.Run("cut-off after every event", func(t *testing.T) {
		s, err := spec.Features(ctx, l, day(400))
		require.NoError(t, err, "scoring after the log ends is fine")
		require.Equal(t, 4, s.NumRows(), "a, b, c, d (without CancelEvents b's cancel is just an event)")
		_, err = spec.Labeled(ctx, l, day(400))
		require.ErrorIs(t, err, ErrHorizon, "labels after the log ends")
		_, err = spec.Labeled(ctx, l, day(48))
		require.ErrorIs(t, err, ErrHorizon, "churn window reaching past the log end (Feb 20)")
	})
	t.Run("churn window 0", func(t *testing.T) {
		_, err := FeatureSpec{}.Labeled(ctx, l, day(14))
		require.ErrorIs(t, err, ErrSpec, "ChurnDays 0")
		_, err = FeatureSpec{}.Features(ctx, l, day(14))
		require.NoError(t, err, "features do not need a churn window")
		_, err = FeatureSpec{ChurnDays: math.NaN()}.Labeled(ctx, l, day(14))
		require.ErrorIs(t, err, ErrSpec, "ChurnDays NaN")
		_, err = FeatureSpec{ChurnDays: 1e300}.Labeled(ctx, l, day(14))
		require.ErrorIs(t, err, ErrSpec, "ChurnDays 1e300")
	})
	t.Run("bad windows and types", func(t *testing.T) {
		for _, s := range []FeatureSpec{
			{WindowDays: []float64{7, 0}},
			{WindowDays: []float64{-1}},
			{WindowDays: []float64{math.Inf(1)}},
			{EventTypes: []string{"login", "login"}},
			{LapsedDays: -1},
			{WindowDays: []float64{1e300}},
			{LapsedDays: math.NaN()},
		} {
			_, err := s.Features(ctx, l, day(14))
			require.ErrorIs(t, err, ErrSpec, "Features with %+v", s)
		}
	})
	t.Run("customers without history get no row", func(t *testing.T) {
		s, err := spec.Features(ctx, l, day(12)) // d's first event is Jan 13
		require.NoError(t, err)
		require.NotContains(t, s.Customer, "d")
		require.Equal(t, 1, s.Stats[0].NoHistory)
	})
	t.Run("empty log", func(t *testing.T) {
		_, err := spec.Features(ctx, nil, day(12))
		require.ErrorIs(t, err, ErrEmpty)
		_, err = spec.Features(ctx, &dataset.EventLog{Offsets: []int{0}}, day(12))
		require.ErrorIs(t, err, ErrEmpty)
	})
	t.Run("cut-offs out of order", func(t *testing.T) {
		_, err := spec.Snapshots(ctx, l, []time.Time{day(14), day(10)})
		require.ErrorIs(t, err, ErrCutoff)
		_, err = spec.Snapshots(ctx, l, nil)
		require.ErrorIs(t, err, ErrCutoff)
	})
	t.Run("cancelled context", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := spec.Features(cctx, l, day(14))
		require.ErrorIs(t, err, context.Canceled)
	})
}

// TestFeaturesNoLeakage: deleting every event at or after the cut-off
// leaves the features unchanged.
func TestFeaturesNoLeakage(t *testing.T) {
	ctx := context.Background()
	f, err := SyntheticLog{Customers: 300, Days: 200, Seed: 3}.Frame()
	require.NoError(t, err)
	defer f.Release()
	full, err := dataset.NewEventLog(f, SyntheticColumns)
	require.NoError(t, err)
	cut := day(120)
	var keep []int
	for i := range full.Len() {
		if full.Time[i] < cut.UnixNano() {
			keep = append(keep, full.Row[i])
		}
	}
	require.Less(t, len(keep), full.Len(), "the log has a future to delete")
	past, err := f.Take(keep)
	require.NoError(t, err)
	defer past.Release()
	plog, err := dataset.NewEventLog(past, SyntheticColumns)
	require.NoError(t, err)
	spec := FeatureSpec{CancelEvents: []string{"cancel"}, LapsedDays: 30}
	a, err := spec.Features(ctx, full, cut)
	require.NoError(t, err)
	// The resolved event types may differ (an event type seen only in the
	// future); fix them to the full log's so the columns match.
	b, err := a.Spec.Features(ctx, plog, cut)
	require.NoError(t, err)
	require.Equal(t, a.Names, b.Names)
	require.Equal(t, a.Customer, b.Customer)
	require.Equal(t, len(a.X), len(b.X))
	for i := range a.X {
		if math.IsNaN(a.X[i]) {
			require.True(t, math.IsNaN(b.X[i]), "cell %d (%s): NaN in the full log, %v without the future", i, a.Names[i%len(a.Names)], b.X[i])
			continue
		}
		require.Equal(t, a.X[i], b.X[i], "cell %d (%s)", i, a.Names[i%len(a.Names)])
	}
}

func TestFeatureSpecJSON(t *testing.T) {
	ctx := context.Background()
	l := eventLogCSV(t, smallLog)
	s, err := FeatureSpec{ChurnDays: 14, WindowDays: []float64{7, 30.5}, CancelEvents: []string{"cancel"}}.Labeled(ctx, l, day(14))
	require.NoError(t, err)
	b, err := json.Marshal(s.Spec)
	require.NoError(t, err)
	var back FeatureSpec
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, s.Spec, back, "spec JSON round trip: %s", b)
	s2, err := back.Features(ctx, l, day(14))
	require.NoError(t, err)
	require.Equal(t, s.Names, s2.Names, "same columns from the saved spec")
	require.Contains(t, s.Names, "events_30.5d_purchase")
	for _, c := range s.Spec.Columns() {
		require.NotEmpty(t, c.Meaning, "column %s documented", c.Name)
		require.Equal(t, c.Meaning, s.Spec.Meaning(c.Name), "Meaning(%s)", c.Name)
	}
	require.Equal(t, "purchase events in the 7 days before the cut-off", s.Spec.Meaning("events_7d_purchase"))
	require.Empty(t, s.Spec.Meaning("nope"))
}

func TestSnapshotsSplit(t *testing.T) {
	ctx := context.Background()
	f, err := SyntheticLog{Customers: 200, Days: 200, Seed: 4}.Frame()
	require.NoError(t, err)
	defer f.Release()
	l, err := dataset.NewEventLog(f, SyntheticColumns)
	require.NoError(t, err)
	spec := FeatureSpec{ChurnDays: 30, CancelEvents: []string{"cancel"}, LapsedDays: 30}
	all, err := spec.Snapshots(ctx, l, []time.Time{day(60), day(90), day(120), day(150)})
	require.NoError(t, err)
	require.Len(t, all.Stats, 4)
	n := 0
	for _, st := range all.Stats {
		n += st.Customers
	}
	require.Equal(t, n, all.NumRows(), "rows = customers over the cut-offs")
	tr, va, err := all.SplitAt(day(120))
	require.NoError(t, err)
	require.Equal(t, all.NumRows(), tr.NumRows()+va.NumRows())
	for _, c := range tr.Cutoff {
		for _, v := range va.Cutoff {
			require.True(t, c.Before(v), "training cut-off %s before validation %s", c, v)
		}
	}
	require.Len(t, tr.Stats, 2)
	require.Len(t, va.Stats, 2)
	d := tr.Data()
	require.Equal(t, tr.NumRows(), d.NumRows())
	_, _, err = all.SplitAt(day(100))
	require.ErrorIs(t, err, ErrCutoff, "training label window (Apr 1 + 30 days) overlaps validation from Apr 10")
	_, _, err = all.SplitAt(day(10))
	require.ErrorIs(t, err, ErrCutoff, "no training rows")
	_, err = Stack(all, &Snapshot{Names: []string{"x"}})
	require.ErrorIs(t, err, ErrFeature)
}
