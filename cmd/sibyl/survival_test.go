package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// survRun runs the CLI and returns stdout, stderr and the exit code.
func survRun(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// survNum decodes JSON numbers where null means NaN.
type survNum float64

func (x *survNum) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = survNum(math.NaN())
		return nil
	}
	var f float64
	err := json.Unmarshal(b, &f)
	*x = survNum(f)
	return err
}

func survClose(t *testing.T, want, got []survNum, tol float64, what string) {
	t.Helper()
	require.Lenf(t, got, len(want), "%s: length", what)
	for i := range want {
		w, g := float64(want[i]), float64(got[i])
		if math.IsNaN(w) {
			require.Truef(t, math.IsNaN(g), "%s[%d]: want null got %v", what, i, g)
			continue
		}
		d := math.Abs(w - g)
		if math.Abs(w) > 1e-12 {
			d /= math.Abs(w)
		}
		require.LessOrEqualf(t, d, tol, "%s[%d]: want %v got %v", what, i, w, g)
	}
}

type survKMGroup struct {
	Group    string    `json:"group"`
	Time     []survNum `json:"time"`
	NRisk    []survNum `json:"n_risk"`
	Survival []survNum `json:"survival"`
	StdErr   []survNum `json:"std_err"`
	StdErrS  []survNum `json:"std_err_surv"`
	Lower    []survNum `json:"lower"`
	Upper    []survNum `json:"upper"`
	Median   survNum   `json:"median"`
	MedianLo survNum   `json:"median_lower"`
	MedianHi survNum   `json:"median_upper"`
}

type survKMFile struct {
	Groups  []survKMGroup `json:"groups"`
	Logrank struct {
		Chisq survNum `json:"chisq"`
		DF    survNum `json:"df"`
		P     survNum `json:"p"`
	} `json:"logrank"`
}

func TestSurvivalKM(t *testing.T) {
	for _, tc := range []struct{ file, conf string }{
		{"expected.json", "log"},
		{"expected_loglog.json", "log-log"},
	} {
		t.Run(tc.conf, func(t *testing.T) {
			b, err := os.ReadFile("../../survival/testdata/lung_km/" + tc.file)
			require.NoError(t, err, "read expected")
			var want survKMFile
			require.NoError(t, json.Unmarshal(b, &want), "decode expected")
			stdout, stderr, code := survRun("survival", "km", "--data", "../../survival/testdata/lung_km/data.csv",
				"--time", "time", "--event", "event", "--group", "group", "--conf-type", tc.conf, "--json")
			require.Equalf(t, 0, code, "survival km: stderr %s", stderr)
			var got survKMFile
			require.NoError(t, json.Unmarshal([]byte(stdout), &got), "survival km output")
			require.Len(t, got.Groups, 3, "survival km groups (all, 1, 2)")
			for i, g := range got.Groups {
				w := want.Groups[i]
				require.Equal(t, w.Group, g.Group, "survival km group name")
				survClose(t, w.Time, g.Time, 0, "survival km time")
				survClose(t, w.NRisk, g.NRisk, 0, "survival km n_risk")
				survClose(t, w.Survival, g.Survival, 1e-8, "survival km survival")
				survClose(t, w.StdErr, g.StdErr, 1e-8, "survival km std_err")
				survClose(t, w.StdErrS, g.StdErrS, 1e-8, "survival km std_err_surv")
				survClose(t, w.Lower, g.Lower, 1e-8, "survival km lower")
				survClose(t, w.Upper, g.Upper, 1e-8, "survival km upper")
				survClose(t, []survNum{w.Median, w.MedianLo, w.MedianHi}, []survNum{g.Median, g.MedianLo, g.MedianHi}, 1e-8, "survival km median")
			}
			survClose(t, []survNum{want.Logrank.Chisq, want.Logrank.DF, want.Logrank.P},
				[]survNum{got.Logrank.Chisq, got.Logrank.DF, got.Logrank.P}, 1e-6, "survival km logrank")
		})
	}
}

func TestSurvivalKMBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing time flag", []string{"--data", "x.csv", "--event", "e"}, 2, "--time"},
		{"bad conf type", []string{"--data", "x.csv", "--time", "t", "--event", "e", "--conf-type", "cloglog"}, 2, "conf-type"},
		{"negative time", []string{"--data", "testdata/survival/negative_time.csv", "--time", "time", "--event", "event"}, 1, "row 2"},
		{"bad event", []string{"--data", "testdata/survival/bad_event.csv", "--time", "time", "--event", "event"}, 1, "event must be 0 or 1"},
		{"no such column", []string{"--data", "testdata/survival/bad_event.csv", "--time", "tim", "--event", "event"}, 1, "tim"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := survRun(append([]string{"survival", "km"}, tc.args...)...)
			require.Equalf(t, tc.code, code, "survival km %s: stderr %s", tc.name, stderr)
			require.Empty(t, stdout, "survival km %s: stdout", tc.name)
			require.Truef(t, strings.Contains(stderr, tc.msg), "survival km %s: stderr %q lacks %q", tc.name, stderr, tc.msg)
			require.Equalf(t, 1, strings.Count(strings.TrimSpace(stderr), "\n")+1, "survival km %s: one line", tc.name)
		})
	}
}

type survTestJSON struct {
	Chisq survNum `json:"chisq"`
	DF    survNum `json:"df"`
	P     survNum `json:"p"`
}

type survCoxJSON struct {
	Ties           string             `json:"ties"`
	Covariates     []string           `json:"covariates"`
	Coef           map[string]survNum `json:"coef"`
	SE             map[string]survNum `json:"se"`
	RobustSE       map[string]survNum `json:"robust_se"`
	Z              map[string]survNum `json:"z"`
	P              map[string]survNum `json:"p"`
	Loglik         []survNum          `json:"loglik"`
	Concordance    survNum            `json:"concordance"`
	N              int                `json:"n"`
	NEvent         int                `json:"n_event"`
	NDropped       int                `json:"n_dropped"`
	LRTest         survTestJSON       `json:"lr_test"`
	WaldTest       survTestJSON       `json:"wald_test"`
	ScoreTest      *survTestJSON      `json:"score_test"`
	BaselineCumHaz struct {
		Time   []survNum `json:"time"`
		CumHaz []survNum `json:"cumhaz"`
		Strata []string  `json:"strata"`
	} `json:"baseline_cumhaz"`
	Iterations          any                `json:"iterations"`
	PredictLP           []survNum          `json:"predict_lp"`
	PredictLPUncentered []survNum          `json:"predict_lp_uncentered"`
	LinearPredictorsFit []survNum          `json:"linear_predictors_fit"`
	OmittedRows         []int              `json:"omitted_rows"`
	PenalizedLoglik     survNum            `json:"penalized_loglik"`
	SE2                 map[string]survNum `json:"se2"`
	SurvivalAt          struct {
		Times    []survNum   `json:"times"`
		Survival [][]survNum `json:"survival"`
	} `json:"survival_at"`
}

func TestSurvivalCox(t *testing.T) {
	for _, tc := range []struct {
		dir   string
		extra []string
	}{
		{"lung_cox_efron", nil},
		{"lung_cox_breslow", []string{"--ties", "breslow"}},
		{"lung_cox_weights", []string{"--weights", "w"}},
		{"lung_cox_penalized", []string{"--ridge", "1"}},
		{"veteran_cox_strata", []string{"--strata", "celltype"}},
		{"ovarian_cox_robust", []string{"--robust", "--cluster", "id"}},
		{"lung_na", nil},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			dir := "../../survival/testdata/" + tc.dir
			b, err := os.ReadFile(dir + "/expected.json")
			require.NoError(t, err, "read expected")
			var want survCoxJSON
			require.NoError(t, json.Unmarshal(b, &want), "decode expected")
			var covs []string
			for _, c := range want.Covariates {
				covs = append(covs, strings.TrimSuffix(strings.TrimPrefix(c, "ridge("), ")"))
			}
			var times []string
			for _, x := range want.SurvivalAt.Times {
				times = append(times, fmt.Sprint(float64(x)))
			}
			args := append([]string{"survival", "cox", "--data", dir + "/data.csv", "--time", "time", "--event", "event",
				"--covariates", strings.Join(covs, ","), "--predict", "--times", strings.Join(times, ","), "--json"}, tc.extra...)
			stdout, stderr, code := survRun(args...)
			require.Equalf(t, 0, code, "survival cox %s: stderr %s", tc.dir, stderr)
			var got survCoxJSON
			require.NoError(t, json.Unmarshal([]byte(stdout), &got), "survival cox %s output", tc.dir)
			what := "survival cox " + tc.dir
			pick := func(m map[string]survNum, keys []string) []survNum {
				var out []survNum
				for _, k := range keys {
					out = append(out, m[k])
				}
				return out
			}
			require.Equalf(t, want.Covariates, got.Covariates, "%s covariates", what)
			cv := want.Covariates
			survClose(t, pick(want.Coef, cv), pick(got.Coef, cv), 1e-6, what+" coef")
			survClose(t, pick(want.SE, cv), pick(got.SE, cv), 1e-6, what+" se")
			survClose(t, pick(want.Z, cv), pick(got.Z, cv), 1e-6, what+" z")
			survClose(t, pick(want.P, cv), pick(got.P, cv), 1e-6, what+" p")
			require.Equalf(t, want.Iterations, got.Iterations, "%s iterations", what)
			survClose(t, want.PredictLP, got.PredictLP, 1e-6, what+" predict_lp")
			survClose(t, want.PredictLPUncentered, got.PredictLPUncentered, 1e-6, what+" predict_lp_uncentered")
			if want.LinearPredictorsFit != nil {
				survClose(t, want.LinearPredictorsFit, got.LinearPredictorsFit, 1e-6, what+" linear_predictors_fit")
			}
			require.Lenf(t, got.SurvivalAt.Survival, len(want.SurvivalAt.Survival), "%s survival_at", what)
			for i := range want.SurvivalAt.Survival {
				survClose(t, want.SurvivalAt.Survival[i], got.SurvivalAt.Survival[i], 1e-8, what+" survival_at")
			}
			require.Equalf(t, want.OmittedRows, got.OmittedRows, "%s omitted_rows", what)
			if want.SE2 != nil {
				survClose(t, pick(want.SE2, cv), pick(got.SE2, cv), 1e-6, what+" se2")
				survClose(t, []survNum{want.PenalizedLoglik}, []survNum{got.PenalizedLoglik}, 1e-6, what+" penalized_loglik")
			}
			if want.RobustSE != nil {
				survClose(t, pick(want.RobustSE, cv), pick(got.RobustSE, cv), 1e-6, what+" robust_se")
			} else {
				require.Nilf(t, got.RobustSE, "%s robust_se", what)
			}
			survClose(t, want.Loglik, got.Loglik, 1e-6, what+" loglik")
			survClose(t, []survNum{want.Concordance}, []survNum{got.Concordance}, 1e-6, what+" concordance")
			require.Equalf(t, want.N, got.N, "%s n", what)
			require.Equalf(t, want.NEvent, got.NEvent, "%s n_event", what)
			survClose(t, []survNum{want.LRTest.Chisq, want.LRTest.DF, want.LRTest.P}, []survNum{got.LRTest.Chisq, got.LRTest.DF, got.LRTest.P}, 1e-6, what+" lr_test")
			survClose(t, []survNum{want.WaldTest.Chisq, want.WaldTest.DF, want.WaldTest.P}, []survNum{got.WaldTest.Chisq, got.WaldTest.DF, got.WaldTest.P}, 1e-6, what+" wald_test")
			if want.ScoreTest != nil {
				survClose(t, []survNum{want.ScoreTest.Chisq, want.ScoreTest.P}, []survNum{got.ScoreTest.Chisq, got.ScoreTest.P}, 1e-6, what+" score_test")
			} else {
				require.Nilf(t, got.ScoreTest, "%s score_test", what)
			}
			survClose(t, want.BaselineCumHaz.Time, got.BaselineCumHaz.Time, 0, what+" baseline time")
			survClose(t, want.BaselineCumHaz.CumHaz, got.BaselineCumHaz.CumHaz, 1e-8, what+" baseline cumhaz")
			require.Equalf(t, want.BaselineCumHaz.Strata, got.BaselineCumHaz.Strata, "%s baseline strata", what)
			if tc.dir == "lung_na" {
				require.Equalf(t, 15, got.NDropped, "%s n_dropped", what)
			}
		})
	}
}

func TestSurvivalCoxBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing covariates", []string{"--data", "x.csv", "--time", "t", "--event", "e"}, 2, "--covariates"},
		{"bad ties", []string{"--data", "x.csv", "--time", "t", "--event", "e", "--covariates", "x", "--ties", "exact"}, 2, "--ties"},
		{"negative ridge", []string{"--data", "x.csv", "--time", "t", "--event", "e", "--covariates", "x", "--ridge", "-1"}, 2, "--ridge"},
		{"no events", []string{"--data", "testdata/survival/no_events.csv", "--time", "time", "--event", "event", "--covariates", "x"}, 1, "no observed events"},
		{"constant covariate", []string{"--data", "testdata/survival/constant.csv", "--time", "time", "--event", "event", "--covariates", "x,y"}, 1, "\"y\""},
		{"negative time", []string{"--data", "testdata/survival/negative_time.csv", "--time", "time", "--event", "event", "--covariates", "event"}, 1, "data row 2"},
		{"zero weight", []string{"--data", "testdata/survival/zero_weight.csv", "--time", "time", "--event", "event", "--covariates", "x", "--weights", "w"}, 1, "column \"w\", data row 2"},
		{"start not before stop", []string{"--data", "testdata/survival/constant.csv", "--time", "time", "--event", "event", "--covariates", "x", "--start", "y"}, 1, "column \"y\", data row 1"},
		{"missing column", []string{"--data", "testdata/survival/constant.csv", "--time", "time", "--event", "event", "--covariates", "z"}, 1, "\"z\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := survRun(append([]string{"survival", "cox"}, tc.args...)...)
			require.Equalf(t, tc.code, code, "survival cox %s: stderr %s", tc.name, stderr)
			require.Empty(t, stdout, "survival cox %s: stdout", tc.name)
			require.Truef(t, strings.Contains(stderr, tc.msg), "survival cox %s: stderr %q lacks %q", tc.name, stderr, tc.msg)
		})
	}
}

// TestSurvivalCoxCountingProcess checks --start against R values from
// survival/testdata/extra (make_extra.R: coxph(Surv(start, time, event) ~ ...)).
func TestSurvivalCoxCountingProcess(t *testing.T) {
	b, err := os.ReadFile("../../survival/testdata/extra/extra.json")
	require.NoError(t, err, "read extra.json")
	var all map[string]struct {
		Coef        []survNum `json:"coef"`
		SE          []survNum `json:"se"`
		Loglik      []survNum `json:"loglik"`
		Concordance survNum   `json:"concordance"`
	}
	require.NoError(t, json.Unmarshal(b, &all), "decode extra.json")
	for _, ties := range []string{"efron", "breslow"} {
		t.Run(ties, func(t *testing.T) {
			want := all["counting_"+ties]
			stdout, stderr, code := survRun("survival", "cox", "--data", "../../survival/testdata/extra/counting.csv",
				"--start", "start", "--time", "time", "--event", "event", "--covariates", "age,sex,ph.ecog", "--ties", ties, "--json")
			require.Equalf(t, 0, code, "survival cox --start: stderr %s", stderr)
			var got survCoxJSON
			require.NoError(t, json.Unmarshal([]byte(stdout), &got), "survival cox --start output")
			covs := []string{"age", "sex", "ph.ecog"}
			var coef, se []survNum
			for _, c := range covs {
				coef = append(coef, got.Coef[c])
				se = append(se, got.SE[c])
			}
			survClose(t, want.Coef, coef, 1e-6, "survival cox --start coef")
			survClose(t, want.SE, se, 1e-6, "survival cox --start se")
			survClose(t, want.Loglik, got.Loglik, 1e-6, "survival cox --start loglik")
			survClose(t, []survNum{want.Concordance}, []survNum{got.Concordance}, 1e-6, "survival cox --start concordance")
		})
	}
}

// TestSurvivalKMStrata checks the stratified log-rank test against R's
// survdiff(Surv(time, event) ~ grp + strata(s)) from survival/testdata/extra.
func TestSurvivalKMStrata(t *testing.T) {
	b, err := os.ReadFile("../../survival/testdata/extra/extra2.json")
	require.NoError(t, err, "read extra2.json")
	var want struct {
		LR struct {
			Chisq survNum `json:"chisq"`
		} `json:"lr"`
	}
	require.NoError(t, json.Unmarshal(b, &want), "decode extra2.json")
	stdout, stderr, code := survRun("survival", "km", "--data", "../../survival/testdata/extra/mixed.csv",
		"--time", "time", "--event", "event", "--group", "grp", "--strata", "s", "--json")
	require.Equalf(t, 0, code, "survival km --strata: stderr %s", stderr)
	var got survKMFile
	require.NoError(t, json.Unmarshal([]byte(stdout), &got), "survival km --strata output")
	survClose(t, []survNum{want.LR.Chisq}, []survNum{got.Logrank.Chisq}, 1e-6, "survival km --strata logrank chisq")
}
