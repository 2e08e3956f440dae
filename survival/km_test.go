package survival

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

type kmGroupJSON struct {
	Group    string `json:"group"`
	N        int    `json:"n"`
	Time     []nf   `json:"time"`
	NRisk    []nf   `json:"n_risk"`
	NEvent   []nf   `json:"n_event"`
	NCensor  []nf   `json:"n_censor"`
	Survival []nf   `json:"survival"`
	StdErr   []nf   `json:"std_err"`
	Lower    []nf   `json:"lower"`
	Upper    []nf   `json:"upper"`
	CumHaz   []nf   `json:"cumhaz"`
	Median   nf     `json:"median"`
	MedianLo nf     `json:"median_lower"`
	MedianHi nf     `json:"median_upper"`
}

type kmJSON struct {
	ConfType string        `json:"conf_type"`
	Groups   []kmGroupJSON `json:"groups"`
	Logrank  struct {
		Chisq    float64     `json:"chisq"`
		DF       float64     `json:"df"`
		P        float64     `json:"p"`
		Observed []float64   `json:"observed"`
		Expected []float64   `json:"expected"`
		Variance [][]float64 `json:"variance"`
	} `json:"logrank"`
}

func TestKaplanMeierLung(t *testing.T) {
	t.Parallel()
	d := readCSV(t, "lung_km/data.csv")
	group := make([]string, len(d["group"]))
	for i, g := range d["group"] {
		group[i] = fmt.Sprint(g)
	}
	for _, file := range []string{"expected.json", "expected_loglog.json"} {
		t.Run(file, func(t *testing.T) {
			var want kmJSON
			readJSON(t, "lung_km/"+file, &want)
			km := KaplanMeier{ConfType: ConfType(want.ConfType)}
			all, err := km.Fit(context.Background(), d["time"], d["event"], nil)
			require.NoError(t, err, "KaplanMeier.Fit(lung)")
			byGroup, err := km.Fit(context.Background(), d["time"], d["event"], group)
			require.NoError(t, err, "KaplanMeier.Fit(lung, group)")
			curves := append(all.Curves, byGroup.Curves...)
			require.Len(t, curves, len(want.Groups), "KaplanMeier.Fit(lung) curves")
			worst := 0.0
			defer func() { t.Logf("KaplanMeier(lung, %s): max relative error %.3g", file, worst) }()
			requireClose := func(t *testing.T, want, got []float64, tol float64, what string) {
				t.Helper()
				worst = math.Max(worst, requireClose(t, want, got, tol, what))
			}
			for i, w := range want.Groups {
				c := curves[i]
				what := fmt.Sprintf("KaplanMeier.Fit(lung, %s).%s", file, w.Group)
				require.Equal(t, w.N, c.N, what+".N")
				requireClose(t, fl(w.Time), c.Time, 0, what+".Time")
				requireClose(t, fl(w.NRisk), c.NRisk, 0, what+".NRisk")
				requireClose(t, fl(w.NEvent), c.NEvent, 0, what+".NEvent")
				requireClose(t, fl(w.NCensor), c.NCensor, 0, what+".NCensor")
				requireClose(t, fl(w.Survival), c.Surv, 1e-8, what+".Surv")
				requireClose(t, fl(w.StdErr), c.StdErr, 1e-8, what+".StdErr")
				requireClose(t, fl(w.Lower), c.Lower, 1e-8, what+".Lower")
				requireClose(t, fl(w.Upper), c.Upper, 1e-8, what+".Upper")
				requireClose(t, fl(w.CumHaz), c.CumHaz, 1e-8, what+".CumHaz")
				requireClose(t, []float64{float64(w.Median), float64(w.MedianLo), float64(w.MedianHi)},
					[]float64{c.Median, c.MedianLo, c.MedianHi}, 1e-8, what+".Median")
			}
			lr, err := LogRankTest(context.Background(), d["time"], d["event"], group, nil)
			require.NoError(t, err, "LogRankTest(lung)")
			requireClose(t, []float64{want.Logrank.Chisq, want.Logrank.DF, want.Logrank.P}, []float64{lr.Chisq, lr.DF, lr.P}, 1e-6, "LogRankTest(lung)")
			requireClose(t, want.Logrank.Expected, lr.Expected, 1e-8, "LogRankTest(lung).Expected")
			requireClose(t, want.Logrank.Variance[0], lr.Variance[0], 1e-8, "LogRankTest(lung).Variance")
		})
	}
}

func TestKaplanMeierBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		time, event []float64
		want        error
	}{
		{"negative time", []float64{1, -2, 3}, []float64{1, 1, 0}, ErrTime},
		{"NaN time", []float64{1, math.NaN(), 3}, []float64{1, 1, 0}, ErrTime},
		{"event 2", []float64{1, 2, 3}, []float64{1, 2, 0}, ErrEvent},
		{"empty", nil, nil, ErrInput},
		{"lengths", []float64{1, 2}, []float64{1}, ErrInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := KaplanMeier{}.Fit(context.Background(), tc.time, tc.event, nil)
			require.Truef(t, errors.Is(err, tc.want), "KaplanMeier.Fit(%s): got %v", tc.name, err)
		})
	}
	t.Run("JSON with undefined values", func(t *testing.T) {
		r, err := KaplanMeier{}.Fit(context.Background(), []float64{1, 2}, []float64{1, 1}, nil)
		require.NoError(t, err, "KaplanMeier.Fit(all die)")
		b, err := json.Marshal(r)
		require.NoError(t, err, "json.Marshal(KMResult)")
		require.Contains(t, string(b), `"lower":[0.`, "json.Marshal(KMResult) lower")
		require.Contains(t, string(b), `null]`, "json.Marshal(KMResult) null for S = 0")
	})
	t.Run("all censored", func(t *testing.T) {
		r, err := KaplanMeier{}.Fit(context.Background(), []float64{1, 2}, []float64{0, 0}, nil)
		require.NoError(t, err, "KaplanMeier.Fit(all censored)")
		require.Equal(t, []float64{1, 1}, r.Curves[0].Surv, "KaplanMeier.Fit(all censored).Surv")
		require.True(t, math.IsNaN(r.Curves[0].Median), "KaplanMeier.Fit(all censored).Median")
	})
}
