package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func churnReadCSV(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	recs := readCSVFile(t, path)
	return recs[0], recs[1:]
}

const (
	churnMLCTrain = "../../churn/testdata/mlc_churn/train.csv"
	churnMLCTest  = "../../churn/testdata/mlc_churn/test.csv"
	churnXGBModel = "../../churn/testdata/xgb_import_mlc/model.json"
	churnXGBPreds = "../../churn/testdata/xgb_import_mlc/predictions.csv"
)

// TestChurnTrainEval trains with XGBoost's parameters on mlc_churn (the
// reference case, copied into churn/testdata) and checks the agreement of
// issue 6: test AUC ≥ XGBoost's − 0.002, log-loss ≤ XGBoost's + 0.005.
func TestChurnTrainEval(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.json")
	out, errs, code := runCLI("churn", "train", "--data", churnMLCTrain, "--label", "churn", "--model", model,
		"--param", "num_round=200", "--param", "eta=0.1", "--param", "max_depth=6", "--param", "max_bin=256",
		"--param", "nthread=2", "--valid", churnMLCTest, "--json")
	require.Equalf(t, 0, code, "churn train: %s", errs)
	var tr struct {
		NumTrees   int                        `json:"num_trees"`
		Importance []struct{ Feature string } `json:"importance"`
		ValidLoss  []float64                  `json:"valid_loss"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &tr), "churn train --json output")
	require.Equal(t, 200, tr.NumTrees, "num_trees")
	require.Len(t, tr.ValidLoss, 200, "valid_loss per round")
	require.NotEmpty(t, tr.Importance, "importance")

	out, errs, code = runCLI("churn", "eval", "--model", model, "--data", churnMLCTest, "--label", "churn", "--json")
	require.Equalf(t, 0, code, "churn eval: %s", errs)
	var ev struct {
		N       int     `json:"n"`
		AUC     float64 `json:"auc"`
		LogLoss float64 `json:"logloss"`
		Brier   float64 `json:"brier"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &ev), "churn eval --json output")
	require.Equal(t, 1000, ev.N, "eval n")
	require.GreaterOrEqual(t, ev.AUC, 0.9184603571693953-0.002, "eval auc vs XGBoost 1.7.4")
	require.LessOrEqual(t, ev.LogLoss, 0.16292422766349085+0.005, "eval logloss vs XGBoost 1.7.4")
	require.Greater(t, ev.Brier, 0.0, "eval brier")
	require.Less(t, ev.Brier, 0.05, "eval brier")

	t.Run("predict", func(t *testing.T) {
		pred := filepath.Join(dir, "p.csv")
		_, errs, code := runCLI("churn", "predict", "--model", model, "--data", churnMLCTest, "--out", pred)
		require.Equalf(t, 0, code, "churn predict: %s", errs)
		h, rows := churnReadCSV(t, pred)
		require.Equal(t, []string{"p"}, h, "predict header")
		require.Len(t, rows, 1000, "predict rows")
		for i, r := range rows {
			p, err := strconv.ParseFloat(r[0], 64)
			require.NoErrorf(t, err, "row %d", i)
			require.Truef(t, p > 0 && p < 1, "predict row %d p=%v", i, p)
		}
		_, errs, code = runCLI("churn", "predict", "--model", model, "--data", churnMLCTest, "--out", pred, "--id", "account_length")
		require.Equalf(t, 0, code, "churn predict --id: %s", errs)
		h, rows2 := churnReadCSV(t, pred)
		require.Equal(t, []string{"account_length", "p"}, h, "predict --id header")
		require.Equal(t, rows[5][0], rows2[5][1], "predict --id keeps the scores")
	})
	t.Run("explain", func(t *testing.T) {
		ex := filepath.Join(dir, "e.csv")
		marg := filepath.Join(dir, "margin.csv")
		_, errs, code := runCLI("churn", "explain", "--model", model, "--data", churnMLCTest, "--out", ex)
		require.Equalf(t, 0, code, "churn explain: %s", errs)
		_, errs, code = runCLI("churn", "predict", "--model", model, "--data", churnMLCTest, "--out", marg, "--margin")
		require.Equalf(t, 0, code, "churn predict --margin: %s", errs)
		h, rows := churnReadCSV(t, ex)
		require.Len(t, h, 72, "explain columns: 71 features + bias")
		require.Equal(t, "bias", h[71], "explain last column")
		_, m := churnReadCSV(t, marg)
		for i, r := range rows {
			s := 0.0
			for _, v := range r {
				x, err := strconv.ParseFloat(v, 64)
				require.NoError(t, err)
				s += x
			}
			want, _ := strconv.ParseFloat(m[i][0], 64)
			require.InDeltaf(t, want, s, 1e-9, "explain row %d: contributions sum to the margin", i)
		}
	})
}

// TestChurnImport imports the XGBoost 1.7.4 model of the xgb_import_mlc
// reference case and checks its probabilities against XGBoost's (1e-6).
func TestChurnImport(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "imported.json")
	out, errs, code := runCLI("churn", "import", "--from", "xgboost", "--model", churnXGBModel, "--out", model, "--json")
	require.Equalf(t, 0, code, "churn import: %s", errs)
	require.Contains(t, out, `"num_trees":50`, "import output")
	pred := filepath.Join(dir, "p.csv")
	_, errs, code = runCLI("churn", "predict", "--model", model, "--data", churnMLCTest, "--out", pred)
	require.Equalf(t, 0, code, "churn predict (imported): %s", errs)
	_, got := churnReadCSV(t, pred)
	_, want := churnReadCSV(t, churnXGBPreds)
	require.Len(t, got, len(want))
	for i := range want {
		w, _ := strconv.ParseFloat(want[i][3], 64)
		g, _ := strconv.ParseFloat(got[i][0], 64)
		require.InDeltaf(t, w, g, 1e-6, "imported model, test row %d", i)
	}
	// The XGBoost file can also be used directly.
	_, errs, code = runCLI("churn", "eval", "--model", churnXGBModel, "--data", churnMLCTest, "--label", "churn", "--json")
	require.Equalf(t, 0, code, "churn eval on an XGBoost file: %s", errs)
}

func TestChurnBadInput(t *testing.T) {
	dir := t.TempDir()
	td := "testdata/churn/"
	model := filepath.Join(dir, "small.json")
	_, errs, code := runCLI("churn", "train", "--data", td+"small.csv", "--label", "churn", "--exclude", "id",
		"--model", model, "--param", "num_round=20", "--param", "max_depth=3")
	require.Equalf(t, 0, code, "churn train with missing values (NaN = missing): %s", errs)
	pred := filepath.Join(dir, "p.csv")
	_, errs, code = runCLI("churn", "predict", "--model", model, "--data", td+"small.csv", "--out", pred, "--id", "id")
	require.Equalf(t, 0, code, "churn predict with missing values: %s", errs)
	_, rows := churnReadCSV(t, pred)
	for i, r := range rows {
		p, err := strconv.ParseFloat(r[1], 64)
		require.NoError(t, err)
		require.Falsef(t, math.IsNaN(p), "prediction row %d", i)
	}

	xgbBadObjective := filepath.Join(dir, "xgb_bad.json")
	b, err := os.ReadFile(churnXGBModel)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(xgbBadObjective, []byte(strings.Replace(string(b), "binary:logistic", "multi:softprob", 1)), 0o644))
	future := filepath.Join(dir, "future.json")
	mb, err := os.ReadFile(model)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(future, []byte(strings.Replace(string(mb), `"churn/v1"`, `"churn/v7"`, 1)), 0o644))

	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"label not 0/1", []string{"train", "--data", td + "bad_label.csv", "--label", "churn", "--model", filepath.Join(dir, "x.json")}, 1, "row 42"},
		{"one class", []string{"train", "--data", td + "one_class.csv", "--label", "churn", "--model", filepath.Join(dir, "x.json")}, 1, "one class"},
		{"inf feature", []string{"train", "--data", td + "inf.csv", "--label", "churn", "--model", filepath.Join(dir, "x.json")}, 1, `"b" row 18`},
		{"inf at predict", []string{"predict", "--model", model, "--data", td + "inf.csv", "--out", filepath.Join(dir, "q.csv")}, 1, `"b" row 18`},
		{"feature missing at predict", []string{"predict", "--model", model, "--data", td + "no_b.csv", "--out", filepath.Join(dir, "q.csv")}, 1, `"b"`},
		{"feature missing at eval", []string{"eval", "--model", model, "--data", td + "no_b.csv", "--label", "churn"}, 1, `"b"`},
		{"unknown model version", []string{"predict", "--model", future, "--data", td + "small.csv", "--out", filepath.Join(dir, "q.csv")}, 1, "churn/v7"},
		{"unsupported xgboost objective", []string{"import", "--model", xgbBadObjective, "--out", filepath.Join(dir, "q.json")}, 1, "multi:softprob"},
		{"no label column", []string{"train", "--data", td + "small.csv", "--label", "nope", "--model", filepath.Join(dir, "x.json")}, 1, "nope"},
		{"unknown param", []string{"train", "--data", td + "small.csv", "--label", "churn", "--model", filepath.Join(dir, "x.json"), "--param", "colour=red"}, 2, "colour"},
		{"bad param value", []string{"train", "--data", td + "small.csv", "--label", "churn", "--model", filepath.Join(dir, "x.json"), "--param", "eta=-1"}, 2, "eta"},
		{"param without =", []string{"train", "--data", td + "small.csv", "--label", "churn", "--model", filepath.Join(dir, "x.json"), "--param", "eta"}, 2, "key=value"},
		{"missing --model", []string{"train", "--data", td + "small.csv", "--label", "churn"}, 2, "--model"},
		{"features and exclude", []string{"train", "--data", td + "small.csv", "--label", "churn", "--model", "x", "--features", "a", "--exclude", "b"}, 2, "--exclude"},
		{"eval label not 0/1", []string{"eval", "--model", model, "--data", td + "bad_label.csv", "--label", "churn"}, 1, "row 42"},
		{"no such file", []string{"predict", "--model", filepath.Join(dir, "none.json"), "--data", td + "small.csv", "--out", filepath.Join(dir, "q.csv")}, 1, "none.json"},
		{"import from", []string{"import", "--from", "lightgbm", "--model", churnXGBModel, "--out", filepath.Join(dir, "q.json")}, 2, "lightgbm"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runCLI(append([]string{"churn"}, tc.args...)...)
			require.Equalf(t, tc.code, code, "churn %s: exit status (stderr %q)", tc.name, errs)
			require.Emptyf(t, out, "churn %s: stdout", tc.name)
			require.Containsf(t, errs, tc.msg, "churn %s: message", tc.name)
			require.NotContainsf(t, errs, "panic", "churn %s", tc.name)
			require.Equalf(t, 1, strings.Count(strings.TrimSpace(errs), "\n")+1, "churn %s: one line on stderr: %q", tc.name, errs)
		})
	}
}
