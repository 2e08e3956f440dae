package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// arimaExpected is the part of a reference expected.json
// (../../forecast/testdata/arima, R forecast 8.20) the CLI test compares.
type arimaExpected struct {
	Order         [3]int             `json:"order"`
	SeasonalOrder [4]int             `json:"seasonal_order"`
	Coef          map[string]float64 `json:"coef"`
	LogLik        float64            `json:"loglik"`
	AIC           float64            `json:"aic"`
	AICc          float64            `json:"aicc"`
	BIC           float64            `json:"bic"`
	Sigma2        float64            `json:"sigma2"`
	Forecast      struct {
		Mean  []float64            `json:"mean"`
		Lower map[string][]float64 `json:"lower"`
		Upper map[string][]float64 `json:"upper"`
	} `json:"forecast"`
	Selected *struct {
		Order         [3]int `json:"order"`
		SeasonalOrder [4]int `json:"seasonal_order"`
	} `json:"selected"`
}

func forecastRel(t *testing.T, want, got, tol float64, what string) {
	t.Helper()
	require.LessOrEqualf(t, math.Abs(got-want), tol*math.Max(math.Abs(want), 1e-12), "%s: want %v got %v", what, want, got)
}

func TestForecastARIMACommand(t *testing.T) {
	t.Parallel()
	dir := "../../forecast/testdata/arima"
	cases := []struct {
		name string
		args []string
	}{
		{"nile_arima_100_mean", []string{"--order", "1,0,0", "--method", "ml", "--horizon", "10"}},
		{"nile_arima_101_mean", []string{"--order", "1,0,1", "--method", "ml", "--horizon", "10"}},
		{"wwwusage_arima_111", []string{"--order", "1,1,1", "--method", "ml", "--horizon", "10"}},
		{"wwwusage_arima_310", []string{"--order", "3,1,0", "--method", "ml", "--horizon", "10"}},
		{"lakehuron_arima_drift", []string{"--order", "1,1,0", "--drift", "--method", "ml", "--horizon", "10"}},
		{"airpassengers_arima_011_011_log", []string{"--order", "0,1,1", "--seasonal", "0,1,1", "--period", "12", "--method", "ml", "--horizon", "24"}},
		{"airpassengers_arima_011_011_log", []string{"--data", "testdata/forecast/airpassengers.csv", "--log", "--order", "0,1,1", "--seasonal", "0,1,1", "--period", "12", "--method", "ml", "--horizon", "24"}},
	}
	for _, tc := range cases {
		t.Run(tc.name+strings.Join(tc.args, ""), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, tc.name, "expected.json"))
			require.NoError(t, err)
			var want arimaExpected
			require.NoError(t, json.Unmarshal(b, &want))
			args := []string{"forecast", "arima", "--data", filepath.Join(dir, tc.name, "data.csv"), "--column", "y", "--json"}
			args = append(args, tc.args...)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			require.Equal(t, 0, code, "sibyl %v: stderr %s", args, stderr.String())
			var got arimaExpected
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &got), "sibyl %v output", args)
			require.Equal(t, want.Order, got.Order, "order")
			require.Equal(t, want.SeasonalOrder, got.SeasonalOrder, "seasonal_order")
			require.Len(t, got.Coef, len(want.Coef), "coef %v", got.Coef)
			for k, v := range want.Coef {
				forecastRel(t, v, got.Coef[k], 1e-4, tc.name+" coef "+k)
			}
			require.InDelta(t, want.LogLik, got.LogLik, 1e-6, "loglik")
			require.InDelta(t, want.AIC, got.AIC, 1e-6, "aic")
			require.InDelta(t, want.AICc, got.AICc, 1e-6, "aicc")
			require.InDelta(t, want.BIC, got.BIC, 1e-6, "bic")
			forecastRel(t, want.Sigma2, got.Sigma2, 1e-4, "sigma2")
			for i, v := range want.Forecast.Mean {
				forecastRel(t, v, got.Forecast.Mean[i], 1e-4, "mean")
				for _, lv := range []string{"80", "95"} {
					forecastRel(t, want.Forecast.Lower[lv][i], got.Forecast.Lower[lv][i], 1e-3, "lower"+lv)
					forecastRel(t, want.Forecast.Upper[lv][i], got.Forecast.Upper[lv][i], 1e-3, "upper"+lv)
				}
			}
		})
	}
}

// TestForecastARIMAExactInit: where R's AS 154 start makes the likelihood
// non-finite the fit is redone from the exact start and says so; the
// values are R's with SSinit = "Rossignol2011" (forecast/testdata extra.json).
func TestForecastARIMAExactInit(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../forecast/testdata/arima/extra/extra.json")
	require.NoError(t, err)
	var cases map[string]struct {
		Coef   map[string]float64 `json:"coef"`
		LogLik float64            `json:"loglik"`
	}
	require.NoError(t, json.Unmarshal(b, &cases))
	want := cases["bench_s0018_111_210_exact"]
	for _, extra := range [][]string{nil, {"--exact-init"}} {
		args := []string{"forecast", "arima", "--data", "../../forecast/testdata/arima/extra/bench_s0018.csv", "--column", "y",
			"--period", "12", "--order", "1,1,1", "--seasonal", "2,1,0", "--json"}
		args = append(args, extra...)
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, &stdout, &stderr)
		require.Equal(t, 0, code, "sibyl %v: stderr %s", args, stderr.String())
		var got struct {
			Coef      map[string]float64 `json:"coef"`
			LogLik    float64            `json:"loglik"`
			ExactInit bool               `json:"exact_init"`
		}
		require.NoError(t, json.Unmarshal(stdout.Bytes(), &got), "sibyl %v output", args)
		require.True(t, got.ExactInit, "sibyl %v: exact_init", args)
		for k, v := range want.Coef {
			forecastRel(t, v, got.Coef[k], 1e-4, "bench_s0018 coef "+k)
		}
		require.InDelta(t, want.LogLik, got.LogLik, 1e-6, "bench_s0018 loglik")
	}
}

func TestForecastAutoARIMACommand(t *testing.T) {
	t.Parallel()
	dir := "../../forecast/testdata/arima/airpassengers_autoarima"
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	require.NoError(t, err)
	var want arimaExpected
	require.NoError(t, json.Unmarshal(b, &want))
	args := []string{"forecast", "auto-arima", "--data", filepath.Join(dir, "data.csv"), "--column", "y", "--period", "12", "--horizon", "24", "--json"}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	require.Equal(t, 0, code, "sibyl %v: stderr %s", args, stderr.String())
	var got arimaExpected
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
	require.NotNil(t, got.Selected, "selected")
	require.Equal(t, want.Selected.Order, got.Selected.Order, "selected order")
	require.Equal(t, want.Selected.SeasonalOrder, got.Selected.SeasonalOrder, "selected seasonal order")
	require.InDelta(t, want.AICc, got.AICc, 1e-6, "aicc")
	for i, v := range want.Forecast.Mean {
		forecastRel(t, v, got.Forecast.Mean[i], 1e-4, "mean")
	}
}

func TestForecastBatchCommand(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "fc.csv")
	args := []string{"forecast", "batch", "--data", "testdata/forecast/long.csv", "--id", "id", "--time", "time",
		"--column", "value", "--method", "arima", "--horizon", "5", "--out", out, "--workers", "2", "--json"}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	require.Equal(t, 0, code, "sibyl %v: stderr %s", args, stderr.String())
	var summary struct {
		Series   int `json:"series"`
		Forecast int `json:"forecast"`
		Failed   []struct {
			ID    string `json:"id"`
			Error string `json:"error"`
		} `json:"failed"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &summary))
	require.Equal(t, 3, summary.Series)
	require.Equal(t, 2, summary.Forecast)
	require.Len(t, summary.Failed, 1)
	require.Equal(t, "bad", summary.Failed[0].ID)
	require.Contains(t, summary.Failed[0].Error, "bad", "the error names the series")
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"id", "step", "mean", "lower_95", "upper_95", "model"}, rows[0])
	require.Len(t, rows, 1+2*5)
	// Series in order of first appearance (www first), steps 1..5, and the
	// same numbers as `sibyl forecast arima` on the WWWusage series.
	require.Equal(t, "www", rows[1][0])
	require.Equal(t, "nile", rows[6][0])
	require.Equal(t, "ARIMA(0,1,1)", rows[1][5])
	var single bytes.Buffer
	code = run(context.Background(), []string{"forecast", "arima", "--data", "../../forecast/testdata/arima/wwwusage_arima_111/data.csv",
		"--column", "y", "--order", "0,1,1", "--horizon", "5", "--level", "95", "--json"}, &single, &stderr)
	require.Equal(t, 0, code, stderr.String())
	var one arimaExpected
	require.NoError(t, json.Unmarshal(single.Bytes(), &one))
	for s := 0; s < 5; s++ {
		v, err := strconv.ParseFloat(rows[1+s][2], 64)
		require.NoError(t, err)
		require.Equal(t, one.Forecast.Mean[s], v, "batch mean step %d", s+1)
		lo, _ := strconv.ParseFloat(rows[1+s][3], 64)
		require.Equal(t, one.Forecast.Lower["95"][s], lo, "batch lower step %d", s+1)
	}
}

func TestForecastARIMACommandErrors(t *testing.T) {
	t.Parallel()
	data := "../../forecast/testdata/arima/wwwusage_arima_111/data.csv"
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no order", []string{"forecast", "arima", "--data", data, "--column", "y"}, 2, "--order"},
		{"no data", []string{"forecast", "arima", "--column", "y", "--order", "1,1,1"}, 2, "--data"},
		{"bad order", []string{"forecast", "arima", "--data", data, "--column", "y", "--order", "1,x,1"}, 2, "--order"},
		{"bad method", []string{"forecast", "arima", "--data", data, "--column", "y", "--order", "1,1,1", "--method", "foo"}, 2, "--method"},
		{"seasonal without period", []string{"forecast", "arima", "--data", data, "--column", "y", "--order", "0,1,1", "--seasonal", "0,1,1"}, 1, "period"},
		{"no column", []string{"forecast", "arima", "--data", data, "--column", "nope", "--order", "1,1,1"}, 1, "nope"},
		{"missing file", []string{"forecast", "arima", "--data", "nope.csv", "--column", "y", "--order", "1,1,1"}, 1, "nope.csv"},
		{"too short", []string{"forecast", "arima", "--data", "testdata/forecast/nonpositive.csv", "--column", "y", "--order", "0,1,1", "--seasonal", "0,1,1", "--period", "12"}, 1, "too few"},
		{"log of zero", []string{"forecast", "arima", "--data", "testdata/forecast/nonpositive.csv", "--column", "y", "--order", "0,1,1", "--log"}, 1, "row 3"},
		{"bad level", []string{"forecast", "arima", "--data", data, "--column", "y", "--order", "1,1,1", "--level", "120"}, 2, "--level"},
		{"batch unknown method", []string{"forecast", "batch", "--data", "testdata/forecast/long.csv", "--id", "id", "--time", "time", "--column", "value", "--method", "nope", "--out", "x.csv"}, 2, "--method"},
		{"batch missing id", []string{"forecast", "batch", "--data", "testdata/forecast/long.csv", "--time", "time", "--column", "value", "--out", "x.csv"}, 2, "--id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr)
			require.Equal(t, tc.code, code, "sibyl %v: stderr %s", tc.args, stderr.String())
			require.Empty(t, stdout.String(), "stdout on error")
			require.Contains(t, stderr.String(), tc.msg, "stderr names the problem")
			require.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line")
		})
	}
}
