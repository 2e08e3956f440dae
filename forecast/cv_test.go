package forecast

import (
	"context"
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCVReference(t *testing.T) {
	t.Parallel()
	_, raw := baselineLoad(t)
	var c struct {
		Y      []float64    `json:"y"`
		Period int          `json:"period"`
		Naive  [][]*float64 `json:"naive_h3"`
		ANN    [][]*float64 `json:"ann_h2_initial24"`
		SNaive [][]*float64 `json:"snaive_h3_window24"`
	}
	require.NoError(t, json.Unmarshal(raw, &c), "decode tscv")
	cases := []struct {
		name   string
		cv     CV
		method Method
		want   [][]*float64
		tol    float64
	}{
		{"naive h=3", CV{Horizon: 3, Period: 12}, Baseline{Kind: BaselineNaive}.Method(), c.Naive, 1e-12},
		{"ANN h=2 initial=24", CV{Horizon: 2, Initial: 24, Period: 12}, ETS{Model: "ANN"}.Method(), c.ANN, 1e-4},
		{"snaive h=3 window=24", CV{Horizon: 3, Window: 24, Period: 12, Workers: 3}, Baseline{Kind: BaselineSeasonalNaive}.Method(), c.SNaive, 1e-12},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := tc.cv.Run(context.Background(), c.Y, tc.method)
			require.NoErrorf(t, err, "CV.Run(%s)", tc.name)
			require.Lenf(t, res.Errors, len(tc.want), "CV.Run(%s) rows", tc.name)
			for i, row := range tc.want {
				for j, w := range row {
					what := "CV.Run(" + tc.name + ") e[" + strconv.Itoa(i+1) + "," + strconv.Itoa(j+1) + "]"
					got := res.Errors[i][j]
					if w == nil {
						require.Truef(t, math.IsNaN(got), "%s want NA got %v", what, got)
						continue
					}
					require.LessOrEqualf(t, math.Abs(got-*w), tc.tol*math.Max(1, math.Abs(*w)), "%s want %v got %v", what, *w, got)
				}
			}
			acc, err := res.Accuracy()
			require.NoErrorf(t, err, "CVResult.Accuracy(%s)", tc.name)
			require.Lenf(t, acc, tc.cv.Horizon, "Accuracy(%s) horizons", tc.name)
			// MAE at h=1 recomputed from R's errors.
			s, n := 0.0, 0
			for _, row := range tc.want {
				if row[0] != nil {
					s += math.Abs(*row[0])
					n++
				}
			}
			require.Equalf(t, n, acc[0].N, "Accuracy(%s) N at h=1", tc.name)
			require.InDeltaf(t, s/float64(n), acc[0].MAE, 1e-3*s/float64(n), "Accuracy(%s) MAE at h=1", tc.name)
		})
	}
	t.Run("workers do not change results", func(t *testing.T) {
		t.Parallel()
		a, err := CV{Horizon: 2, Initial: 30, Workers: 1}.Run(context.Background(), c.Y, ETS{Model: "AAN"}.Method())
		require.NoError(t, err, "CV.Run(workers=1)")
		b, err := CV{Horizon: 2, Initial: 30, Workers: 4}.Run(context.Background(), c.Y, ETS{Model: "AAN"}.Method())
		require.NoError(t, err, "CV.Run(workers=4)")
		require.Equal(t, len(a.Errors), len(b.Errors), "CV.Run rows")
		for i := range a.Errors {
			for j := range a.Errors[i] {
				if math.IsNaN(a.Errors[i][j]) {
					require.Truef(t, math.IsNaN(b.Errors[i][j]), "e[%d,%d]", i, j)
				} else {
					require.Equalf(t, a.Errors[i][j], b.Errors[i][j], "e[%d,%d]", i, j)
				}
			}
		}
	})
	t.Run("bad input", func(t *testing.T) {
		t.Parallel()
		_, err := CV{Initial: 100}.Run(context.Background(), c.Y, Baseline{}.Method())
		require.ErrorIs(t, err, ErrETSData, "CV.Run(initial too long)")
		_, err = CV{Horizon: -1}.Run(context.Background(), c.Y, Baseline{}.Method())
		require.ErrorIs(t, err, ErrETSSpec, "CV.Run(horizon -1)")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err = CV{}.Run(ctx, c.Y, Baseline{}.Method())
		require.ErrorIs(t, err, context.Canceled, "CV.Run(canceled)")
	})
}

func TestETSUpdate(t *testing.T) {
	t.Parallel()
	t.Run("usaccdeaths ANA", func(t *testing.T) {
		t.Parallel()
		y, _ := etsLoadCase(t, "usaccdeaths_ets_auto")
		m, err := ETS{Model: "ANA", Period: 12}.Fit(context.Background(), y[:60])
		require.NoError(t, err, "ETS.Fit(first 60)")
		up, err := m.Update(y[60:])
		require.NoError(t, err, "ETSModel.Update(last 12)")
		require.Equal(t, 72, up.NumObs(), "Update NumObs")
		require.Equal(t, m.Params().Alpha, up.Params().Alpha, "Update keeps alpha")
		require.Equal(t, m.Params().Gamma, up.Params().Gamma, "Update keeps gamma")
		require.Equal(t, 60, m.NumObs(), "Update leaves the receiver unchanged")
		// The updated final state equals filtering all 72 observations.
		ref, err := etsModelFrom(y, m.sp, m.p, m.init, m.npar, 3)
		require.NoError(t, err, "etsModelFrom(all)")
		require.Equal(t, ref.FinalStates().Level, up.FinalStates().Level, "Update final level")
		require.Equal(t, ref.FinalStates().Season, up.FinalStates().Season, "Update final season")
		// One-step forecast after the update equals the 60-obs model's
		// state-space recursion continued: check the first new residual.
		pf, err := m.PointForecast(nil, 1)
		require.NoError(t, err, "PointForecast")
		require.InDelta(t, y[60]-pf[0], up.Residuals(nil)[60], 1e-9, "Update residual 61")
		_, err = m.Update([]float64{math.NaN()})
		require.ErrorIs(t, err, ErrETSData, "Update(NaN)")
	})
}
