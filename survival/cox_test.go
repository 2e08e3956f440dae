package survival

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type testJSON struct {
	Chisq nf `json:"chisq"`
	DF    nf `json:"df"`
	P     nf `json:"p"`
}

type coxJSON struct {
	Ties              string             `json:"ties"`
	Covariates        []string           `json:"covariates"`
	Coef              map[string]float64 `json:"coef"`
	SE                map[string]float64 `json:"se"`
	RobustSE          map[string]float64 `json:"robust_se"`
	Z                 map[string]float64 `json:"z"`
	P                 map[string]float64 `json:"p"`
	Var               [][]float64        `json:"var"`
	NaiveVar          [][]float64        `json:"naive_var"`
	Var2              [][]float64        `json:"var2"`
	Loglik            []float64          `json:"loglik"`
	Concordance       float64            `json:"concordance"`
	ConcordanceSE     float64            `json:"concordance_se"`
	ConcordanceCounts map[string]float64 `json:"concordance_counts"`
	N                 int                `json:"n"`
	NEvent            int                `json:"n_event"`
	Iterations        any                `json:"iterations"`
	Means             map[string]float64 `json:"means"`
	LRTest            testJSON           `json:"lr_test"`
	WaldTest          testJSON           `json:"wald_test"`
	ScoreTest         *testJSON          `json:"score_test"`
	RobustScoreTest   *testJSON          `json:"robust_score_test"`
	Baseline          struct {
		Time   []float64 `json:"time"`
		CumHaz []float64 `json:"cumhaz"`
		Strata []string  `json:"strata"`
	} `json:"baseline_cumhaz"`
	BaselineCtype1 struct {
		Time   []float64 `json:"time"`
		CumHaz []float64 `json:"cumhaz"`
	} `json:"baseline_cumhaz_ctype1"`
	PredictLP           []float64 `json:"predict_lp"`
	PredictLPUncentered []float64 `json:"predict_lp_uncentered"`
	LinearPredictorsFit []float64 `json:"linear_predictors_fit"`
	SurvivalAt          struct {
		Times    []float64            `json:"times"`
		Subjects []map[string]float64 `json:"subjects"`
		Survival [][]float64          `json:"survival"`
		CumHaz   [][]float64          `json:"cumhaz"`
	} `json:"survival_at"`
	Theta           float64 `json:"theta"`
	Penalty         float64 `json:"penalty"`
	PenalizedLoglik float64 `json:"penalized_loglik"`
	DF              float64 `json:"df"`
	OmittedRows     []int   `json:"omitted_rows"`
}

// coxCase describes how each reference case was fitted in R.
type coxCase struct {
	dir     string
	strata  string
	weights string
	cluster string
	robust  bool
	ridge   float64
}

var coxCases = []coxCase{
	{dir: "lung_cox_efron"},
	{dir: "lung_cox_breslow"},
	{dir: "lung_cox_weights", weights: "w"},
	{dir: "lung_cox_penalized", ridge: 1},
	{dir: "veteran_cox_strata", strata: "celltype"},
	{dir: "ovarian_cox_robust", robust: true, cluster: "id"},
	{dir: "lung_na"},
}

// coxInput builds CoxData from a case's CSV, dropping rows with a missing
// value in a used column (R's na.omit); it returns the kept 0-based rows.
func coxInput(t *testing.T, tc coxCase, want *coxJSON) (CoxData, []int) {
	cols := readCSV(t, tc.dir+"/data.csv")
	names := make([]string, len(want.Covariates))
	for i, c := range want.Covariates {
		names[i] = strings.TrimSuffix(strings.TrimPrefix(c, "ridge("), ")")
	}
	used := append([]string{"time", "event"}, names...)
	for _, c := range []string{tc.strata, tc.weights, tc.cluster} {
		if c != "" {
			used = append(used, c)
		}
	}
	var keep []int
	for i := range cols["time"] {
		ok := true
		for _, c := range used {
			if math.IsNaN(cols[c][i]) {
				ok = false
			}
		}
		if ok {
			keep = append(keep, i)
		}
	}
	pick := func(c string) []float64 {
		out := make([]float64, len(keep))
		for k, i := range keep {
			out[k] = cols[c][i]
		}
		return out
	}
	str := func(c string) []string {
		out := make([]string, len(keep))
		for k, i := range keep {
			out[k] = fmt.Sprint(cols[c][i])
		}
		return out
	}
	d := CoxData{Names: names, Time: pick("time"), Event: pick("event")}
	for _, c := range names {
		d.X = append(d.X, pick(c))
	}
	if tc.strata != "" {
		d.Strata = str(tc.strata)
	}
	if tc.weights != "" {
		d.Weights = pick(tc.weights)
	}
	if tc.cluster != "" {
		d.Cluster = str(tc.cluster)
	}
	return d, keep
}

func byName(m map[string]float64, names []string) []float64 {
	out := make([]float64, len(names))
	for i, n := range names {
		out[i] = m[n]
	}
	return out
}

func flat(m [][]float64) []float64 {
	var out []float64
	for _, r := range m {
		out = append(out, r...)
	}
	return out
}

func TestCoxReference(t *testing.T) {
	t.Parallel()
	for _, tc := range coxCases {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			var want coxJSON
			readJSON(t, tc.dir+"/expected.json", &want)
			d, keep := coxInput(t, tc, &want)
			cfg := Cox{Ties: Ties(want.Ties), Robust: tc.robust, Ridge: tc.ridge}
			m, err := cfg.Fit(context.Background(), d)
			require.NoErrorf(t, err, "Cox.Fit(%s)", tc.dir)
			what := "Cox.Fit(" + tc.dir + ")"
			worst := map[string]float64{}
			requireClose := func(t *testing.T, want, got []float64, tol float64, field string) {
				t.Helper()
				e := requireClose(t, want, got, tol, field)
				key := "coef/se/loglik/var"
				switch {
				case tol == 1e-8 || tol == 0:
					key = "survival/cumhaz"
				case strings.Contains(field, "Test") || strings.Contains(field, "Concordance") || strings.HasSuffix(field, ".P") || strings.HasSuffix(field, ".Z"):
					key = "tests/concordance/z/p"
				}
				worst[key] = math.Max(worst[key], e)
			}
			defer func() { t.Logf("%s max relative error: %v", what, worst) }()
			cv := want.Covariates
			requireClose(t, byName(want.Coef, cv), m.Coef, 1e-6, what+".Coef")
			requireClose(t, byName(want.SE, cv), m.SE, 1e-6, what+".SE")
			requireClose(t, want.Loglik, m.Loglik[:], 1e-6, what+".Loglik")
			requireClose(t, byName(want.Z, cv), m.Z, 1e-6, what+".Z")
			requireClose(t, byName(want.P, cv), m.P, 1e-6, what+".P")
			requireClose(t, flat(want.Var), m.Var, 1e-6, what+".Var")
			requireClose(t, byName(want.Means, cv), m.Means, 1e-6, what+".Means")
			require.Equalf(t, want.N, m.N, "%s.N", what)
			require.Equalf(t, want.NEvent, m.NEvent, "%s.NEvent", what)
			switch it := want.Iterations.(type) {
			case float64:
				require.Equalf(t, int(it), m.Iterations, "%s.Iterations", what)
			case []any:
				require.Equalf(t, int(it[1].(float64)), m.Iterations, "%s.Iterations", what)
			}
			if want.RobustSE != nil {
				requireClose(t, byName(want.RobustSE, cv), m.RobustSE, 1e-6, what+".RobustSE")
				requireClose(t, flat(want.NaiveVar), m.NaiveVar, 1e-6, what+".NaiveVar")
				requireClose(t, []float64{float64(want.RobustScoreTest.Chisq), float64(want.RobustScoreTest.P)},
					[]float64{m.RobustScoreTest.Chisq, m.RobustScoreTest.P}, 1e-6, what+".RobustScoreTest")
			} else {
				require.Nilf(t, m.RobustSE, "%s.RobustSE", what)
			}
			requireClose(t, []float64{float64(want.LRTest.Chisq), float64(want.LRTest.DF), float64(want.LRTest.P)},
				[]float64{m.LRTest.Chisq, m.LRTest.DF, m.LRTest.P}, 1e-6, what+".LRTest")
			requireClose(t, []float64{float64(want.WaldTest.Chisq), float64(want.WaldTest.DF), float64(want.WaldTest.P)},
				[]float64{m.WaldTest.Chisq, m.WaldTest.DF, m.WaldTest.P}, 1e-6, what+".WaldTest")
			if want.ScoreTest != nil {
				requireClose(t, []float64{float64(want.ScoreTest.Chisq), float64(want.ScoreTest.DF), float64(want.ScoreTest.P)},
					[]float64{m.ScoreTest.Chisq, m.ScoreTest.DF, m.ScoreTest.P}, 1e-6, what+".ScoreTest")
			}
			cc := want.ConcordanceCounts
			requireClose(t, []float64{want.Concordance, want.ConcordanceSE, cc["concordant"], cc["discordant"], cc["tied_x"], cc["tied_y"], cc["tied_xy"]},
				[]float64{m.Concordance.C, m.Concordance.SE, m.Concordance.Concordant, m.Concordance.Discordant, m.Concordance.TiedX, m.Concordance.TiedY, m.Concordance.TiedXY},
				1e-6, what+".Concordance")
			if tc.ridge > 0 {
				requireClose(t, flat(want.Var2), m.Var2, 1e-6, what+".Var2")
				requireClose(t, []float64{want.Penalty, want.DF}, []float64{m.Penalty, m.DF}, 1e-6, what+".Penalty")
			}
			// baseline hazard, strata concatenated
			var bt, bh, bh1 []float64
			for _, b := range m.Baseline {
				bt = append(bt, b.Time...)
				bh = append(bh, b.CumHaz...)
				bh1 = append(bh1, b.CumHazBreslow...)
			}
			requireClose(t, want.Baseline.Time, bt, 0, what+".Baseline.Time")
			requireClose(t, want.Baseline.CumHaz, bh, 1e-8, what+".Baseline.CumHaz")
			if want.BaselineCtype1.CumHaz != nil {
				requireClose(t, want.BaselineCtype1.CumHaz, bh1, 1e-8, what+".Baseline.CumHazBreslow")
			}
			_ = keep
		})
	}
}

func TestCoxPredictReference(t *testing.T) {
	t.Parallel()
	for _, tc := range coxCases {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			var want coxJSON
			readJSON(t, tc.dir+"/expected.json", &want)
			d, _ := coxInput(t, tc, &want)
			m, err := Cox{Ties: Ties(want.Ties), Robust: tc.robust, Ridge: tc.ridge}.Fit(context.Background(), d)
			require.NoErrorf(t, err, "Cox.Fit(%s)", tc.dir)
			what := "CoxModel(" + tc.dir + ")"
			worst := 0.0
			defer func() { t.Logf("%s predictions: max relative error %.3g", what, worst) }()
			requireClose := func(t *testing.T, want, got []float64, tol float64, f string) {
				t.Helper()
				worst = math.Max(worst, requireClose(t, want, got, tol, f))
			}
			lpc, err := m.LinearPredictors(nil, d.X, d.Strata, true)
			require.NoErrorf(t, err, "%s.LinearPredictors", what)
			requireClose(t, want.PredictLP, lpc, 1e-6, what+".LinearPredictors(centered)")
			lpu, err := m.LinearPredictors(nil, d.X, d.Strata, false)
			require.NoErrorf(t, err, "%s.LinearPredictors", what)
			requireClose(t, want.PredictLPUncentered, lpu, 1e-6, what+".LinearPredictors(uncentered)")
			for i, subj := range want.SurvivalAt.Subjects {
				x := make([]float64, len(m.Names))
				for j, nm := range m.Names {
					x[j] = subj[nm]
				}
				stratum := ""
				if tc.strata != "" {
					stratum = fmt.Sprint(subj[tc.strata])
				}
				s, err := m.SurvivalAt(nil, x, stratum, want.SurvivalAt.Times)
				require.NoErrorf(t, err, "%s.SurvivalAt", what)
				requireClose(t, want.SurvivalAt.Survival[i], s, 1e-8, fmt.Sprintf("%s.SurvivalAt(subject %d)", what, i))
			}
		})
	}
}
