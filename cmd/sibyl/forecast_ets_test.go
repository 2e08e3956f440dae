package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// forecastETSExpected is the subset of the reference expected.json
// (forecast/testdata/ets, R forecast 8.20) the CLI test compares; the
// CLI's JSON is decoded into the same struct.
type forecastETSExpected struct {
	LogLikGaussian float64             `json:"loglik_full_gaussian"`
	ChronoS        []float64           `json:"initial_states_chronological_s"`
	Fitted10       []float64           `json:"fitted_first10"`
	FinalStates    map[string]float64  `json:"final_states"`
	Model          string              `json:"model"`
	SelectedModel  string              `json:"selected_model"`
	Params         map[string]*float64 `json:"params"`
	Sigma2         float64             `json:"sigma2"`
	LogLik         float64             `json:"loglik"`
	AIC            float64             `json:"aic"`
	AICc           float64             `json:"aicc"`
	BIC            float64             `json:"bic"`
	Forecast       struct {
		Mean  []float64            `json:"mean"`
		Lower map[string][]float64 `json:"lower"`
		Upper map[string][]float64 `json:"upper"`
	} `json:"forecast"`
}

func forecastETSRel(t *testing.T, want, got, tol float64, what string) {
	t.Helper()
	require.LessOrEqualf(t, math.Abs(got-want), tol*math.Max(math.Abs(want), 1e-8), "%s: want %v got %v", what, want, got)
}

// forecastETSCheckParams compares the smoothing parameters (null in R for
// a component the model lacks) to 1e-4 relative.
func forecastETSCheckParams(t *testing.T, want, got map[string]*float64) {
	t.Helper()
	for k, v := range want {
		if v == nil {
			require.Nilf(t, got[k], "params.%s is null", k)
			continue
		}
		require.NotNilf(t, got[k], "params.%s", k)
		forecastETSRel(t, *v, *got[k], 1e-4, "params."+k)
	}
}

// forecastETSCheckForecast compares point forecasts to 1e-4 and the 80%
// and 95% bounds to 1e-3 relative.
func forecastETSCheckForecast(t *testing.T, want, got *forecastETSExpected) {
	t.Helper()
	for i := range want.Forecast.Mean {
		forecastETSRel(t, want.Forecast.Mean[i], got.Forecast.Mean[i], 1e-4, "forecast.mean["+strconv.Itoa(i)+"]")
		for _, lv := range []string{"80", "95"} {
			forecastETSRel(t, want.Forecast.Lower[lv][i], got.Forecast.Lower[lv][i], 1e-3, "forecast.lower."+lv)
			forecastETSRel(t, want.Forecast.Upper[lv][i], got.Forecast.Upper[lv][i], 1e-3, "forecast.upper."+lv)
		}
	}
}

func TestForecastETSCommand(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
	}{
		{"airpassengers_ets_mam", []string{"--model", "MAM", "--damped", "false"}},
		{"usaccdeaths_ets_auto", []string{"--model", "ZZZ"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := "../../forecast/testdata/ets/" + tc.name + "/"
			b, err := os.ReadFile(dir + "expected.json")
			require.NoError(t, err, "read expected")
			var want forecastETSExpected
			require.NoError(t, json.Unmarshal(b, &want), "decode expected")
			args := append([]string{"forecast", "ets", "--data", dir + "data.csv", "--column", "y",
				"--period", "12", "--horizon", "24", "--level", "80,95", "--json"}, tc.args...)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			require.Equalf(t, 0, code, "sibyl %v: stderr %s", args, stderr.String())
			var got forecastETSExpected
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &got), "decode output")
			require.Equal(t, want.Model, got.Model, "sibyl forecast ets model")
			if want.SelectedModel != "" {
				require.Equal(t, want.SelectedModel, got.SelectedModel, "sibyl forecast ets selected_model")
			}
			forecastETSCheckParams(t, want.Params, got.Params)
			require.Lenf(t, got.FinalStates, len(want.FinalStates), "final_states keys %v", got.FinalStates)
			for k, v := range want.FinalStates {
				forecastETSRel(t, v, got.FinalStates[k], 1e-4, "final_states."+k)
			}
			forecastETSRel(t, want.Sigma2, got.Sigma2, 1e-4, "sigma2")
			forecastETSRel(t, want.LogLikGaussian, got.LogLikGaussian, 1e-4, "loglik_full_gaussian")
			require.Len(t, got.ChronoS, len(want.ChronoS), "initial_states_chronological_s")
			for i := range want.ChronoS {
				forecastETSRel(t, want.ChronoS[i], got.ChronoS[i], 1e-4, "initial_states_chronological_s")
			}
			require.Len(t, got.Fitted10, len(want.Fitted10), "fitted_first10")
			for i := range want.Fitted10 {
				forecastETSRel(t, want.Fitted10[i], got.Fitted10[i], 1e-4, "fitted_first10")
			}
			forecastETSRel(t, want.LogLik, got.LogLik, 1e-4, "loglik")
			forecastETSRel(t, want.AIC, got.AIC, 1e-4, "aic")
			forecastETSRel(t, want.AICc, got.AICc, 1e-4, "aicc")
			forecastETSRel(t, want.BIC, got.BIC, 1e-4, "bic")
			forecastETSCheckForecast(t, &want, &got)
		})
	}
}

func TestForecastETSCommandErrors(t *testing.T) {
	t.Parallel()
	data := "../../forecast/testdata/ets/usaccdeaths_ets_auto/data.csv"
	dir := t.TempDir()
	neg := dir + "/neg.csv"
	require.NoError(t, os.WriteFile(neg, []byte("t,y\n1,5\n2,-1\n3,4\n4,6\n5,7\n6,5\n7,6\n8,7\n9,5\n10,6\n11,4\n12,5\n"), 0o600), "write neg.csv")
	missing := dir + "/missing.csv"
	require.NoError(t, os.WriteFile(missing, []byte("t,y\n1,\n2,\n3,\n"), 0o600), "write missing.csv")
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"no data", []string{"--period", "12"}, 2},
		{"bad model", []string{"--data", data, "--model", "XYZ"}, 2},
		{"bad damped", []string{"--data", data, "--damped", "maybe"}, 2},
		{"bad level", []string{"--data", data, "--level", "120"}, 2},
		{"period 1 seasonal", []string{"--data", data, "--period", "1", "--model", "ANA"}, 1},
		{"multiplicative on negative", []string{"--data", neg, "--model", "MNN"}, 1},
		{"log of negative", []string{"--data", neg, "--log"}, 1},
		{"every value missing", []string{"--data", missing}, 1},
		{"unknown column", []string{"--data", data, "--column", "sales"}, 1},
		{"missing file", []string{"--data", dir + "/nope.csv"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			args := append([]string{"forecast", "ets"}, tc.args...)
			code := run(context.Background(), args, &stdout, &stderr)
			require.Equalf(t, tc.code, code, "sibyl %v exit code (stderr %s)", args, stderr.String())
			require.Emptyf(t, stdout.String(), "sibyl %v stdout", args)
			require.NotEmptyf(t, stderr.String(), "sibyl %v stderr", args)
		})
	}
}

func TestForecastBatchETSMethods(t *testing.T) {
	t.Parallel()
	data := "testdata/forecast_ets/long.csv"
	t.Run("auto-ets equals forecast ets", func(t *testing.T) {
		t.Parallel()
		out := filepath.Join(t.TempDir(), "fc.csv")
		args := []string{"forecast", "batch", "--data", data, "--id", "id", "--time", "time", "--column", "value",
			"--period", "12", "--method", "auto-ets", "--horizon", "6", "--out", out, "--workers", "2"}
		var stdout, stderr bytes.Buffer
		require.Equalf(t, 0, run(context.Background(), args, &stdout, &stderr), "sibyl %v: %s", args, stderr.String())
		rows := readCSVFile(t, out)
		require.Len(t, rows, 1+2*6, "batch rows")
		require.Equal(t, "usa", rows[1][0], "first series")
		require.Equal(t, "ETS(A,N,A)", rows[1][5], "usa model")
		require.Equal(t, "air", rows[7][0], "second series")
		for _, c := range []struct {
			dir  string
			row0 int
		}{{"usaccdeaths_ets_auto", 1}, {"airpassengers_ets_mam", 7}} {
			var single bytes.Buffer
			sargs := []string{"forecast", "ets", "--data", "../../forecast/testdata/ets/" + c.dir + "/data.csv",
				"--period", "12", "--horizon", "6", "--level", "95"}
			require.Equalf(t, 0, run(context.Background(), sargs, &single, &stderr), "sibyl %v: %s", sargs, stderr.String())
			var one forecastETSExpected
			require.NoError(t, json.Unmarshal(single.Bytes(), &one), "decode forecast ets")
			for s := 0; s < 6; s++ {
				row := rows[c.row0+s]
				v, err := strconv.ParseFloat(row[2], 64)
				require.NoErrorf(t, err, "parse mean %v", row)
				require.Equalf(t, one.Forecast.Mean[s], v, "%s batch mean step %d", c.dir, s+1)
				lo, err := strconv.ParseFloat(row[3], 64)
				require.NoErrorf(t, err, "parse lower %v", row)
				require.Equalf(t, one.Forecast.Lower["95"][s], lo, "%s batch lower step %d", c.dir, s+1)
			}
		}
	})
	for _, method := range []string{"ets", "naive", "snaive", "drift", "mean", "theta"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "fc.csv")
			args := []string{"forecast", "batch", "--data", data, "--id", "id", "--time", "time", "--column", "value",
				"--period", "12", "--method", method, "--horizon", "4", "--out", out}
			var stdout, stderr bytes.Buffer
			require.Equalf(t, 0, run(context.Background(), args, &stdout, &stderr), "sibyl %v: %s", args, stderr.String())
			rows := readCSVFile(t, out)
			require.Lenf(t, rows, 1+2*4, "batch --method %s rows", method)
			for _, row := range rows[1:] {
				for _, cell := range row[2:5] {
					v, err := strconv.ParseFloat(cell, 64)
					require.NoErrorf(t, err, "batch --method %s cell %q", method, cell)
					require.Falsef(t, math.IsNaN(v) || math.IsInf(v, 0), "batch --method %s value %v", method, v)
				}
			}
		})
	}
}

// TestForecastETSCommandMissing checks that missing values are handled as
// R's ets does (longest contiguous stretch, stats::na.contiguous), against
// forecast/testdata/ets/missing (R forecast 8.20, missing_cases.R).
func TestForecastETSCommandMissing(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, model string
		period      int
	}{
		{"ldeaths_na_mnm", "MNM", 12},
		{"nile_na_ann", "ANN", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := "../../forecast/testdata/ets/missing/" + tc.name + "/"
			b, err := os.ReadFile(dir + "expected.json")
			require.NoError(t, err, "read expected")
			var want struct {
				forecastETSExpected
				N       int `json:"n"`
				Horizon int `json:"horizon"`
			}
			require.NoError(t, json.Unmarshal(b, &want), "decode expected")
			args := []string{"forecast", "ets", "--data", dir + "data.csv", "--column", "y", "--period", strconv.Itoa(tc.period),
				"--model", tc.model, "--damped", "false", "--horizon", strconv.Itoa(want.Horizon), "--json"}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			require.Equalf(t, 0, code, "sibyl %v: stderr %s", args, stderr.String())
			var got struct {
				forecastETSExpected
				N int `json:"n"`
			}
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &got), "decode output")
			require.Equal(t, want.N, got.N, "sibyl forecast ets n (longest contiguous stretch)")
			require.Equal(t, want.Model, got.Model, "sibyl forecast ets model")
			forecastETSCheckParams(t, want.Params, got.Params)
			forecastETSRel(t, want.Sigma2, got.Sigma2, 1e-4, "sigma2")
			forecastETSRel(t, want.LogLik, got.LogLik, 1e-4, "loglik")
			forecastETSRel(t, want.AICc, got.AICc, 1e-4, "aicc")
			forecastETSCheckForecast(t, &want.forecastETSExpected, &got.forecastETSExpected)
		})
	}
}

func TestForecastETSNAContiguous(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		y    []float64
		want []float64
	}{
		{"no missing", []float64{1, 2, 3}, []float64{1, 2, 3}},
		{"tie goes to the later stretch (R counts its opening NA)", []float64{1, 2, nan, 3, 4}, []float64{3, 4}},
		{"two NAs in a row", []float64{1, 2, nan, nan, 3}, []float64{1, 2}},
		{"leading NA", []float64{nan, 1, 2, nan, 3}, []float64{1, 2}},
		{"all missing", []float64{nan, nan}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equalf(t, tc.want, forecastETSNAContiguous(tc.y), "forecastETSNAContiguous(%v)", tc.y)
		})
	}
}

// TestForecastETSCommandShortSeries runs the short-series cases of
// forecast/testdata/ets/fallback_cases.json (R's HoltWintersZZ fallback)
// through the CLI: R's model and forecasts, and null likelihood fields.
func TestForecastETSCommandShortSeries(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../forecast/testdata/ets/fallback_cases.json")
	require.NoError(t, err, "read fallback_cases.json")
	var cases []struct {
		Series    string    `json:"series"`
		Y         []float64 `json:"y"`
		Period    int       `json:"period"`
		ModelArg  string    `json:"model_arg"`
		DampedArg string    `json:"damped_arg"`
		Horizon   int       `json:"horizon"`
		Model     string    `json:"model"`
		Sigma2    float64   `json:"sigma2"`
		Mean      []float64 `json:"mean"`
		Lower95   []float64 `json:"lower95"`
		Upper95   []float64 `json:"upper95"`
	}
	require.NoError(t, json.Unmarshal(b, &cases), "decode fallback_cases.json")
	dir := t.TempDir()
	for i, tc := range cases {
		t.Run(tc.Series+"/"+tc.ModelArg+"/"+tc.DampedArg, func(t *testing.T) {
			var sb strings.Builder
			sb.WriteString("t,y\n")
			for j, v := range tc.Y {
				sb.WriteString(strconv.Itoa(j+1) + "," + strconv.FormatFloat(v, 'g', -1, 64) + "\n")
			}
			path := dir + "/case" + strconv.Itoa(i) + ".csv"
			require.NoError(t, os.WriteFile(path, []byte(sb.String()), 0o600), "write case csv")
			args := []string{"forecast", "ets", "--data", path, "--column", "y", "--period", strconv.Itoa(tc.Period),
				"--model", tc.ModelArg, "--damped", tc.DampedArg, "--horizon", strconv.Itoa(tc.Horizon), "--json"}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			require.Equalf(t, 0, code, "sibyl %v: stderr %s", args, stderr.String())
			var got struct {
				Model    string   `json:"model"`
				Sigma2   float64  `json:"sigma2"`
				LogLik   *float64 `json:"loglik"`
				AICc     *float64 `json:"aicc"`
				Forecast struct {
					Mean  []float64            `json:"mean"`
					Lower map[string][]float64 `json:"lower"`
					Upper map[string][]float64 `json:"upper"`
				} `json:"forecast"`
			}
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &got), "decode output")
			require.Equal(t, tc.Model, got.Model, "sibyl forecast ets model (short series)")
			require.Nil(t, got.LogLik, "loglik is null for R's fallback")
			require.Nil(t, got.AICc, "aicc is null for R's fallback")
			forecastETSRel(t, tc.Sigma2, got.Sigma2, 1e-4, "sigma2")
			for j := range tc.Mean {
				forecastETSRel(t, tc.Mean[j], got.Forecast.Mean[j], 1e-4, "forecast.mean["+strconv.Itoa(j)+"]")
				forecastETSRel(t, tc.Lower95[j], got.Forecast.Lower["95"][j], 1e-3, "forecast.lower.95")
				forecastETSRel(t, tc.Upper95[j], got.Forecast.Upper["95"][j], 1e-3, "forecast.upper.95")
			}
		})
	}
}
