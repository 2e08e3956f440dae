package metrics_test

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sibylml/sibyl/metrics"
)

// The reference cases in testdata/ are copies of ../shared/reference/metrics
// (scikit-learn 1.2.1, scipy 1.10.1, numpy 1.24.2); see testdata/README.md.
// Every value is checked at relative 1e-12, the tolerance that README gives.
const refTol = 1e-12

var refCases = []string{"basic_ties", "weighted_coarse", "imbalanced_small"}

type clsBlock struct {
	ROCAUC           float64       `json:"roc_auc"`
	AveragePrecision float64       `json:"average_precision"`
	PRAUCTrapezoid   float64       `json:"pr_auc_trapezoid"`
	LogLoss          float64       `json:"log_loss"`
	LogLoss1e15      float64       `json:"log_loss_eps_1e-15"`
	Brier            float64       `json:"brier_score_loss"`
	Accuracy         float64       `json:"accuracy"`
	Precision        float64       `json:"precision"`
	Recall           float64       `json:"recall"`
	F1               float64       `json:"f1"`
	MCC              float64       `json:"matthews_corrcoef"`
	BalancedAccuracy float64       `json:"balanced_accuracy"`
	Confusion        [2][2]float64 `json:"confusion_matrix"`
}

type refExpected struct {
	Classification struct {
		N           int       `json:"n"`
		NPositive   int       `json:"n_positive"`
		Unweighted  clsBlock  `json:"unweighted"`
		Weighted    *clsBlock `json:"weighted"`
		Calibration struct {
			ProbTrue     []float64 `json:"prob_true"`
			ProbPred     []float64 `json:"prob_pred"`
			NonemptyBins []int     `json:"nonempty_bins"`
			BinCounts    []int     `json:"bin_counts"`
			NBins        int       `json:"n_bins"`
		} `json:"calibration_curve"`
		WeightSum float64 `json:"weight_sum"`
	} `json:"classification"`
	Regression map[string]float64 `json:"regression"`
	Drift      struct {
		PSI            float64   `json:"psi"`
		Bins           int       `json:"psi_bins"`
		Eps            float64   `json:"psi_eps"`
		Edges          []float64 `json:"psi_edges"`
		ExpectedCounts []int     `json:"psi_expected_counts"`
		ActualCounts   []int     `json:"psi_actual_counts"`
		Terms          []float64 `json:"psi_terms"`
		DuplicateEdges int       `json:"psi_duplicate_edges"`
		KSStatistic    float64   `json:"ks_statistic"`
		KSPValue       float64   `json:"ks_pvalue"`
		NExpected      int       `json:"n_expected"`
		NActual        int       `json:"n_actual"`
	} `json:"drift"`
}

func loadExpected(t *testing.T, name string) refExpected {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name, "expected.json"))
	require.NoErrorf(t, err, "read expected.json of %s", name)
	var e refExpected
	require.NoErrorf(t, json.Unmarshal(b, &e), "parse expected.json of %s", name)
	return e
}

// loadColumns reads a small numeric CSV with a header into columns.
func loadColumns(t *testing.T, path string) map[string][]float64 {
	t.Helper()
	f, err := os.Open(path)
	require.NoErrorf(t, err, "open %s", path)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoErrorf(t, err, "read %s", path)
	cols := map[string][]float64{}
	for _, row := range rows[1:] {
		for j, s := range row {
			v, err := strconv.ParseFloat(s, 64)
			require.NoErrorf(t, err, "%s: parse %q", path, s)
			cols[rows[0][j]] = append(cols[rows[0][j]], v)
		}
	}
	return cols
}

func requireRel(t *testing.T, want, got float64, format string, args ...any) {
	t.Helper()
	if want == got {
		return
	}
	require.LessOrEqualf(t, math.Abs(got-want), refTol*math.Abs(want), "want %v got %v (rel %.3g): "+format,
		append([]any{want, got, math.Abs(got-want) / math.Abs(want)}, args...)...)
}

func requireRelSlice(t *testing.T, want, got []float64, format string, args ...any) {
	t.Helper()
	require.Lenf(t, got, len(want), format, args...)
	for i := range want {
		requireRel(t, want[i], got[i], format+"[%d]", append(args, i)...)
	}
}

func TestReferenceClassification(t *testing.T) {
	for _, name := range refCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := loadExpected(t, name)
			c := loadColumns(t, filepath.Join("testdata", name, "classification.csv"))
			y, s := c["y_true"], c["y_score"]
			check := func(block string, want clsBlock, w []float64) {
				got, err := metrics.ROCAUC(y, s, w)
				require.NoErrorf(t, err, "ROCAUC(%s %s)", name, block)
				requireRel(t, want.ROCAUC, got, "ROCAUC(%s %s)", name, block)
				got, err = metrics.AveragePrecision(y, s, w)
				require.NoErrorf(t, err, "AveragePrecision(%s %s)", name, block)
				requireRel(t, want.AveragePrecision, got, "AveragePrecision(%s %s)", name, block)
				got, err = metrics.PRAUCTrapezoid(y, s, w)
				require.NoErrorf(t, err, "PRAUCTrapezoid(%s %s)", name, block)
				requireRel(t, want.PRAUCTrapezoid, got, "PRAUCTrapezoid(%s %s)", name, block)
				got, err = metrics.LogLoss(y, s, w)
				require.NoErrorf(t, err, "LogLoss(%s %s)", name, block)
				requireRel(t, want.LogLoss, got, "LogLoss(%s %s)", name, block)
				got, err = metrics.LogLossClip(y, s, w, 1e-15)
				require.NoErrorf(t, err, "LogLossClip(%s %s, 1e-15)", name, block)
				requireRel(t, want.LogLoss1e15, got, "LogLossClip(%s %s, 1e-15)", name, block)
				got, err = metrics.Brier(y, s, w)
				require.NoErrorf(t, err, "Brier(%s %s)", name, block)
				requireRel(t, want.Brier, got, "Brier(%s %s)", name, block)
				cm, err := metrics.ConfusionAt(y, s, w, 0.5)
				require.NoErrorf(t, err, "ConfusionAt(%s %s)", name, block)
				requireRel(t, want.Accuracy, cm.Accuracy(), "Accuracy(%s %s)", name, block)
				requireRel(t, want.Precision, cm.Precision(), "Precision(%s %s)", name, block)
				requireRel(t, want.Recall, cm.Recall(), "Recall(%s %s)", name, block)
				requireRel(t, want.F1, cm.F1(), "F1(%s %s)", name, block)
				requireRel(t, want.MCC, cm.MCC(), "MCC(%s %s)", name, block)
				requireRel(t, want.BalancedAccuracy, cm.BalancedAccuracy(), "BalancedAccuracy(%s %s)", name, block)
				m := cm.Matrix()
				for i := range 2 {
					for j := range 2 {
						requireRel(t, want.Confusion[i][j], m[i][j], "ConfusionAt(%s %s)[%d][%d]", name, block, i, j)
					}
				}
			}
			check("unweighted", e.Classification.Unweighted, nil)
			if e.Classification.Weighted != nil {
				w := c["weight"]
				require.NotNilf(t, w, "%s: weight column", name)
				check("weighted", *e.Classification.Weighted, w)
			}

			cal, err := metrics.CalibrationCurve(y, s, e.Classification.Calibration.NBins)
			require.NoErrorf(t, err, "CalibrationCurve(%s)", name)
			want := e.Classification.Calibration
			requireRelSlice(t, want.ProbTrue, cal.ProbTrue, "CalibrationCurve(%s).ProbTrue", name)
			requireRelSlice(t, want.ProbPred, cal.ProbPred, "CalibrationCurve(%s).ProbPred", name)
			require.Equalf(t, want.NonemptyBins, cal.NonemptyBins, "CalibrationCurve(%s).NonemptyBins", name)
			require.Equalf(t, want.BinCounts, cal.BinCounts, "CalibrationCurve(%s).BinCounts", name)
		})
	}
}

func TestReferenceRegression(t *testing.T) {
	for _, name := range refCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := loadExpected(t, name).Regression
			c := loadColumns(t, filepath.Join("testdata", name, "regression.csv"))
			x := loadColumns(t, filepath.Join("testdata", name, "insample.csv"))["y"]
			y, p := c["y_true"], c["y_pred"]
			type fn func() (float64, error)
			cases := []struct {
				field string
				f     fn
			}{
				{"mae", func() (float64, error) { return metrics.MAE(y, p, nil) }},
				{"mse", func() (float64, error) { return metrics.MSE(y, p, nil) }},
				{"rmse", func() (float64, error) { return metrics.RMSE(y, p, nil) }},
				{"mape", func() (float64, error) { return metrics.MAPE(y, p, nil) }},
				{"r2", func() (float64, error) { return metrics.R2(y, p, nil) }},
				{"median_absolute_error", func() (float64, error) { return metrics.MedianAE(y, p) }},
				{"mean_pinball_loss_alpha_0.1", func() (float64, error) { return metrics.Pinball(y, p, nil, 0.1) }},
				{"mean_pinball_loss_alpha_0.5", func() (float64, error) { return metrics.Pinball(y, p, nil, 0.5) }},
				{"mean_pinball_loss_alpha_0.9", func() (float64, error) { return metrics.Pinball(y, p, nil, 0.9) }},
				{"smape", func() (float64, error) { return metrics.SMAPE(y, p) }},
				{"mase", func() (float64, error) { return metrics.MASE(y, p, x, 1) }},
				{"mase_scale", func() (float64, error) { return metrics.MASEScale(x, 1) }},
			}
			for _, tc := range cases {
				want, ok := e[tc.field]
				require.Truef(t, ok, "%s: expected.json has regression.%s", name, tc.field)
				got, err := tc.f()
				require.NoErrorf(t, err, "%s(%s)", tc.field, name)
				requireRel(t, want, got, "%s(%s)", tc.field, name)
			}
		})
	}
}

func TestReferenceDrift(t *testing.T) {
	for _, name := range refCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := loadExpected(t, name).Drift
			ex := loadColumns(t, filepath.Join("testdata", name, "drift_expected.csv"))["value"]
			ac := loadColumns(t, filepath.Join("testdata", name, "drift_actual.csv"))["value"]
			r, err := metrics.PSI(ex, ac, e.Bins)
			require.NoErrorf(t, err, "PSI(%s)", name)
			requireRel(t, e.PSI, r.PSI, "PSI(%s)", name)
			requireRelSlice(t, e.Edges, r.Edges, "PSI(%s).Edges", name)
			require.Equalf(t, e.ExpectedCounts, r.ExpectedCounts, "PSI(%s).ExpectedCounts", name)
			require.Equalf(t, e.ActualCounts, r.ActualCounts, "PSI(%s).ActualCounts", name)
			requireRelSlice(t, e.Terms, r.Terms, "PSI(%s).Terms", name)
			require.Equalf(t, e.DuplicateEdges, r.DuplicateEdges, "PSI(%s).DuplicateEdges", name)
			ks, err := metrics.KS2(ex, ac)
			require.NoErrorf(t, err, "KS2(%s)", name)
			requireRel(t, e.KSStatistic, ks.Statistic, "KS2(%s).Statistic", name)
			requireRel(t, e.KSPValue, ks.PValue, "KS2(%s).PValue", name)
			require.Equalf(t, "exact", ks.Method, "KS2(%s).Method", name)
		})
	}
}
