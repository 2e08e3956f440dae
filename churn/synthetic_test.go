package churn

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/metrics"
)

// TestEventsModelBeatsRecency is the example's pipeline on a smaller log:
// train on cut-offs every 30 days, stop early on a later cut-off, evaluate
// at a still later one. The model's AUC must beat a recency-only score
// (days since the last event) by at least 0.10.
func TestEventsModelBeatsRecency(t *testing.T) {
	ctx := context.Background()
	f, err := SyntheticLog{Customers: 800, Days: 330, Seed: 11}.Frame()
	require.NoError(t, err)
	defer f.Release()
	l, err := dataset.NewEventLog(f, SyntheticColumns)
	require.NoError(t, err)
	spec := FeatureSpec{ChurnDays: 30, LapsedDays: 30, CancelEvents: []string{"cancel"}}
	all, err := spec.Snapshots(ctx, l, []time.Time{day(120), day(150), day(180), day(210), day(240)})
	require.NoError(t, err, "Snapshots")
	train, valid, err := all.SplitAt(day(240))
	require.NoError(t, err, "SplitAt")
	cfg := Config{Rounds: 200, Eta: 0.2, MaxDepth: 3, MaxBin: 32, EarlyStoppingRounds: 10}
	m, err := cfg.Fit(ctx, train.Data(), valid.Data())
	require.NoError(t, err, "Fit")
	test, err := spec.Labeled(ctx, l, day(290))
	require.NoError(t, err, "Labeled at the evaluation cut-off")
	p := m.PredictDense(nil, test.X)
	auc, err := metrics.ROCAUC(test.Churned, p, nil)
	require.NoError(t, err)
	recency := make([]float64, test.NumRows())
	for r := range recency {
		recency[r] = test.Row(r)[0]
	}
	auc0, err := metrics.ROCAUC(test.Churned, recency, nil)
	require.NoError(t, err)
	t.Logf("AUC %.4f, recency-only %.4f (%d test customers, %d churned, %d trees)", auc, auc0, test.NumRows(), test.Stats[0].Churned, m.NumTrees())
	require.GreaterOrEqual(t, auc, auc0+0.10, "model AUC against the recency-only baseline")

	t.Run("reasons", func(t *testing.T) {
		all := m.ReasonsDense(test.X, 3)
		require.Len(t, all, test.NumRows())
		for r := range min(50, test.NumRows()) {
			one := m.Reasons(test.Row(r), 3)
			require.Len(t, all[r], len(one), "row %d: Reasons and ReasonsDense agree", r)
			for i := range one {
				require.Equal(t, all[r][i].Feature, one[i].Feature, "row %d reason %d", r, i)
				require.InDelta(t, all[r][i].Contribution, one[i].Contribution, 1e-12, "row %d reason %d", r, i)
			}
			require.LessOrEqual(t, len(one), 3)
			for i, rs := range one {
				require.Greater(t, rs.Contribution, 0.0, "row %d reason %d", r, i)
				require.Contains(t, test.Names, rs.Feature)
				if i > 0 {
					require.GreaterOrEqual(t, one[i-1].Contribution, rs.Contribution, "sorted")
				}
				v := test.Row(r)[indexOf(test.Names, rs.Feature)]
				require.True(t, v == rs.Value || (math.IsNaN(v) && math.IsNaN(rs.Value)), "value of %s", rs.Feature)
			}
		}
		require.NotEmpty(t, Reason{Feature: "recency_days", Value: 3, Contribution: 0.5}.String())
	})
	t.Run("lift", func(t *testing.T) {
		rows, err := LiftTable(test.Churned, p, 10)
		require.NoError(t, err)
		require.Greater(t, rows[0].Lift, 2.0, "top decile lift")
	})
	t.Run("time to churn", func(t *testing.T) {
		cm, err := Config{Objective: CoxObjective, Rounds: 200, Eta: 0.2, MaxDepth: 3, MaxBin: 32, EarlyStoppingRounds: 10}.Fit(ctx, train.SurvivalData(), valid.SurvivalData())
		require.NoError(t, err, "Fit survival:cox on the snapshot")
		c, err := Concordance(test.Time, nil, cm.MarginDense(nil, test.X))
		require.NoError(t, err)
		c0, err := Concordance(test.Time, nil, recency)
		require.NoError(t, err)
		t.Logf("concordance %.4f, recency-only %.4f", c, c0)
		require.Greater(t, c, c0, "risk ranks by hazard better than recency")
	})
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}
