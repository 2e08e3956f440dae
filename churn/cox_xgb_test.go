package churn_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/dataset"
)

// TestCoxAgainstXGBoost trains survival:cox with XGBoost 1.7.4's
// parameters on lung with its ties broken (XGBoost's gradient is not exact
// Breslow within tied times; see cox.go) and compares the margins.
func TestCoxAgainstXGBoost(t *testing.T) {
	ctx := context.Background()
	f, err := dataset.ReadFile(ctx, "testdata/events/xgb_cox/untied.csv", nil)
	require.NoError(t, err)
	defer f.Release()
	d, err := churn.FrameData(f, "time", []string{"age", "sex", "ph.ecog", "ph.karno", "wt.loss"}, "")
	require.NoError(t, err)
	b, err := os.ReadFile("testdata/events/xgb_cox/expected.json")
	require.NoError(t, err)
	var exp struct {
		Cases map[string]struct {
			Params map[string]any `json:"params"`
			Rounds int            `json:"rounds"`
			Margin []float64      `json:"margin"`
		} `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(b, &exp))
	for name, c := range exp.Cases {
		t.Run(name, func(t *testing.T) {
			cfg := churn.Config{Objective: churn.CoxObjective, Rounds: c.Rounds, MaxDepth: int(c.Params["max_depth"].(float64)), Eta: c.Params["eta"].(float64), Workers: 1}
			m, err := cfg.Fit(ctx, d, nil)
			require.NoError(t, err)
			got := m.MarginDense(nil, d.X)
			var worst float64
			for i := range got {
				worst = max(worst, math.Abs(got[i]-c.Margin[i]))
			}
			t.Logf("%s: max |sibyl - xgboost| margin %.3g", name, worst)
			require.InDeltaSlice(t, c.Margin, got, 1e-6, "margins against XGBoost (float32 arithmetic there)")
		})
	}
}
