package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/metrics"
)

func init() {
	register(command{area: "metrics", verb: "classification", summary: "AUC, average precision, log loss, Brier, thresholded metrics, calibration", run: runMetricsClassification})
	register(command{area: "metrics", verb: "regression", summary: "MAE, MSE, RMSE, MAPE, R², pinball, sMAPE, MASE", run: runMetricsRegression})
	register(command{area: "metrics", verb: "drift", summary: "population stability index and two-sample KS test", run: runMetricsDrift})
}

// metricsColumn reads a numeric column as float64 and rejects a missing or
// non-finite value with an error naming the file, column, row and value.
func metricsColumn(f *dataset.Frame, path, name string) ([]float64, error) {
	v, err := f.AppendFloat64s(nil, name)
	if err != nil {
		return nil, err
	}
	var valid []bool
	for i, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			continue
		}
		if valid == nil {
			valid, _ = f.Validity(name)
		}
		what := "value " + strconv.FormatFloat(x, 'g', -1, 64) + " is not a finite number"
		if valid != nil && !valid[i] {
			what = "missing value"
		}
		return nil, fmt.Errorf("%s: column %q row %d: %s", path, name, i+1, what)
	}
	return v, nil
}

// metricsErr rewrites a metrics error about an element into one that names
// the file, the column (args maps argument names to columns) and the row.
func metricsErr(err error, path string, args map[string]string) error {
	var ve *metrics.ValueError
	if errors.As(err, &ve) {
		if col, ok := args[ve.Arg]; ok {
			msg := strings.TrimPrefix(ve.Err.Error(), "metrics: ")
			return fmt.Errorf("%s: column %q row %d: value %s: %s", path, col, ve.Index+1,
				strconv.FormatFloat(ve.Value, 'g', -1, 64), msg)
		}
	}
	if errors.Is(err, metrics.ErrOneClass) {
		if col, ok := args["y"]; ok {
			return fmt.Errorf("%s: column %q: %w", path, col, err)
		}
	}
	return err
}

type metricsClsBlock struct {
	ROCAUC           num       `json:"roc_auc"`
	AveragePrecision num       `json:"average_precision"`
	PRAUCTrapezoid   num       `json:"pr_auc_trapezoid"`
	LogLoss          num       `json:"log_loss"`
	LogLoss1e15      num       `json:"log_loss_eps_1e-15"`
	Brier            num       `json:"brier_score_loss"`
	Accuracy         num       `json:"accuracy"`
	Precision        num       `json:"precision"`
	Recall           num       `json:"recall"`
	F1               num       `json:"f1"`
	MCC              num       `json:"matthews_corrcoef"`
	BalancedAccuracy num       `json:"balanced_accuracy"`
	ConfusionMatrix  [2][2]num `json:"confusion_matrix"`
	Layout           string    `json:"confusion_matrix_layout"`
}

type metricsCalOut struct {
	ProbTrue     []num  `json:"prob_true"`
	ProbPred     []num  `json:"prob_pred"`
	NonemptyBins []int  `json:"nonempty_bins"`
	BinCounts    []int  `json:"bin_counts"`
	NBins        int    `json:"n_bins"`
	Strategy     string `json:"strategy"`
}

type metricsClsOut struct {
	metricsClsBlock                          // the weighted block with --weight, else the unweighted one
	Threshold               num              `json:"threshold"`
	ThresholdRule           string           `json:"threshold_rule"`
	ZeroDivision            num              `json:"zero_division"`
	N                       int              `json:"n"`
	NPositive               int              `json:"n_positive"`
	NDistinctScores         int              `json:"n_distinct_scores"`
	NTiedScores             int              `json:"n_tied_scores"`
	NScoresExactlyThreshold int              `json:"n_scores_exactly_threshold"`
	NScores0or1             int              `json:"n_scores_0_or_1"`
	NZeroWeights            *int             `json:"n_zero_weights,omitempty"`
	WeightSum               *num             `json:"weight_sum,omitempty"`
	ExpectedCalibration     num              `json:"expected_calibration_error"`
	LiftAt10                num              `json:"lift_at_0.1"`
	GainAt10                num              `json:"gain_at_0.1"`
	Unweighted              metricsClsBlock  `json:"unweighted"`
	Weighted                *metricsClsBlock `json:"weighted"`
	Calibration             metricsCalOut    `json:"calibration_curve"`
}

func metricsClassify(y, s, w []float64, threshold float64) (metricsClsBlock, *metrics.Ranked, error) {
	var b metricsClsBlock
	var err error
	f := func(v float64, e error) num {
		if err == nil && e != nil {
			err = e
		}
		return num(v)
	}
	k, err := metrics.Rank(y, s, w) // one sort for the ranking metrics
	if err != nil {
		return b, nil, err
	}
	b.ROCAUC = f(k.ROCAUC())
	b.AveragePrecision = f(k.AveragePrecision())
	b.PRAUCTrapezoid = f(k.PRAUCTrapezoid())
	b.LogLoss = f(metrics.LogLoss(y, s, w))
	b.LogLoss1e15 = f(metrics.LogLossClip(y, s, w, 1e-15))
	b.Brier = f(metrics.Brier(y, s, w))
	cm, e := metrics.ConfusionAt(y, s, w, threshold)
	if err == nil {
		err = e
	}
	if err != nil {
		return b, nil, err
	}
	b.Accuracy, b.Precision, b.Recall = num(cm.Accuracy()), num(cm.Precision()), num(cm.Recall())
	b.F1, b.MCC, b.BalancedAccuracy = num(cm.F1()), num(cm.MCC()), num(cm.BalancedAccuracy())
	b.ConfusionMatrix = [2][2]num{{num(cm.TN), num(cm.FP)}, {num(cm.FN), num(cm.TP)}}
	b.Layout = "[[tn, fp], [fn, tp]] (rows = y_true 0/1, cols = predicted 0/1)"
	return b, k, nil
}

func runMetricsClassification(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("metrics", "classification")
	data := fs.String("data", "", "input file (.csv, .csv.gz, .parquet, .arrow)")
	truth := fs.String("truth", "", "column of true labels (0/1)")
	score := fs.String("score", "", "column of scores, P(y=1) for the probability metrics")
	wcol := fs.String("weight", "", "optional column of sample weights")
	threshold := fs.Float64("threshold", 0.5, "predict 1 iff score >= threshold")
	bins := fs.Int("bins", 10, "uniform bins of the calibration curve")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("data", *data, "truth", *truth, "score", *score); err != nil {
		return err
	}
	if *bins < 1 {
		return usagef("--bins must be at least 1, not %d", *bins)
	}
	if math.IsNaN(*threshold) {
		return usagef("--threshold is NaN")
	}
	f, err := readFrame(ctx, *data)
	if err != nil {
		return err
	}
	defer f.Release()
	y, err := metricsColumn(f, *data, *truth)
	if err != nil {
		return err
	}
	s, err := metricsColumn(f, *data, *score)
	if err != nil {
		return err
	}
	var w []float64
	if *wcol != "" {
		if w, err = metricsColumn(f, *data, *wcol); err != nil {
			return err
		}
	}
	cols := map[string]string{"y": *truth, "score": *score, "p": *score, "weight": *wcol}
	out := metricsClsOut{Threshold: num(*threshold), N: len(y)}
	out.ThresholdRule = "y_pred = 1 iff y_score >= " + strconv.FormatFloat(*threshold, 'g', -1, 64)
	var ranked *metrics.Ranked
	if out.Unweighted, ranked, err = metricsClassify(y, s, nil, *threshold); err != nil {
		return metricsErr(err, *data, cols)
	}
	out.metricsClsBlock = out.Unweighted
	if w != nil {
		b, k, err := metricsClassify(y, s, w, *threshold)
		if err != nil {
			return metricsErr(err, *data, cols)
		}
		ranked = k
		out.Weighted, out.metricsClsBlock = &b, b
		nz, sum := 0, 0.0
		for _, v := range w {
			if v == 0 {
				nz++
			}
			sum += v
		}
		ws := num(sum)
		out.NZeroWeights, out.WeightSum = &nz, &ws
	}
	distinct := map[float64]bool{}
	for i, v := range s {
		if y[i] == 1 {
			out.NPositive++
		}
		distinct[v+0] = true
		if v == *threshold {
			out.NScoresExactlyThreshold++
		}
		if v == 0 || v == 1 {
			out.NScores0or1++
		}
	}
	out.NDistinctScores = len(distinct)
	out.NTiedScores = len(s) - len(distinct)
	cal, err := metrics.CalibrationCurve(y, s, *bins)
	if err != nil {
		return metricsErr(err, *data, cols)
	}
	out.Calibration = metricsCalOut{ProbTrue: nums(cal.ProbTrue), ProbPred: nums(cal.ProbPred),
		NonemptyBins: cal.NonemptyBins, BinCounts: cal.BinCounts, NBins: *bins, Strategy: "uniform"}
	ece, err := metrics.ExpectedCalibrationError(y, s, w, *bins)
	if err != nil {
		return metricsErr(err, *data, cols)
	}
	out.ExpectedCalibration = num(ece)
	lift, err := ranked.LiftAt(0.1)
	if err != nil {
		return metricsErr(err, *data, cols)
	}
	out.LiftAt10, out.GainAt10 = num(lift.Lift), num(lift.Gain)
	if *asJSON {
		return writeJSON(stdout, out)
	}
	b := out.metricsClsBlock
	var r strings.Builder
	fmt.Fprintf(&r, "%s: %d rows, %d positive", *data, out.N, out.NPositive)
	if w != nil {
		fmt.Fprintf(&r, ", weighted by %s", *wcol)
	}
	fmt.Fprintf(&r, "\nROC AUC            %.6g\naverage precision  %.6g\nlog loss           %.6g\nBrier score        %.6g\n",
		b.ROCAUC, b.AveragePrecision, b.LogLoss, b.Brier)
	fmt.Fprintf(&r, "at score >= %g:\n  accuracy %.4g  precision %.4g  recall %.4g  F1 %.4g  MCC %.4g  balanced accuracy %.4g\n",
		*threshold, b.Accuracy, b.Precision, b.Recall, b.F1, b.MCC, b.BalancedAccuracy)
	fmt.Fprintf(&r, "  confusion [[tn fp] [fn tp]] = [[%g %g] [%g %g]]\n", b.ConfusionMatrix[0][0], b.ConfusionMatrix[0][1], b.ConfusionMatrix[1][0], b.ConfusionMatrix[1][1])
	fmt.Fprintf(&r, "expected calibration error %.4g; lift at top 10%% %.4g (gain %.4g)\n", out.ExpectedCalibration, out.LiftAt10, out.GainAt10)
	_, err = io.WriteString(stdout, r.String())
	return err
}

func runMetricsRegression(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("metrics", "regression")
	data := fs.String("data", "", "input file (.csv, .csv.gz, .parquet, .arrow)")
	truth := fs.String("truth", "", "column of true values")
	pred := fs.String("pred", "", "column of predictions (forecasts)")
	insample := fs.String("insample", "", "file with the in-sample series before the forecast horizon (for MASE)")
	inCol := fs.String("insample-column", "y", "column of the in-sample series")
	period := fs.Int("period", 1, "seasonal period m of the MASE scale")
	alphas := fs.String("alpha", "0.1,0.5,0.9", "quantile levels of the pinball loss")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("data", *data, "truth", *truth, "pred", *pred); err != nil {
		return err
	}
	if *period < 1 {
		return usagef("--period must be at least 1, not %d", *period)
	}
	levels, err := parseFloats("alpha", *alphas)
	if err != nil {
		return err
	}
	for _, a := range levels {
		if !(a >= 0 && a <= 1) {
			return usagef("--alpha: %g is not in [0, 1]", a)
		}
	}
	f, err := readFrame(ctx, *data)
	if err != nil {
		return err
	}
	defer f.Release()
	y, err := metricsColumn(f, *data, *truth)
	if err != nil {
		return err
	}
	p, err := metricsColumn(f, *data, *pred)
	if err != nil {
		return err
	}
	cols := map[string]string{"y": *truth, "y_pred": *pred}
	out := map[string]any{"n": len(y)}
	type fn func([]float64, []float64, []float64) (float64, error)
	for _, m := range []struct {
		key string
		f   fn
	}{{"mae", metrics.MAE}, {"mse", metrics.MSE}, {"rmse", metrics.RMSE}, {"mape", metrics.MAPE}, {"r2", metrics.R2}} {
		v, err := m.f(y, p, nil)
		if err != nil {
			return metricsErr(err, *data, cols)
		}
		out[m.key] = num(v)
	}
	v, err := metrics.MedianAE(y, p)
	if err != nil {
		return metricsErr(err, *data, cols)
	}
	out["median_absolute_error"] = num(v)
	if v, err = metrics.SMAPE(y, p); err != nil {
		return metricsErr(err, *data, cols)
	}
	out["smape"] = num(v)
	for _, a := range levels {
		if v, err = metrics.Pinball(y, p, nil, a); err != nil {
			return metricsErr(err, *data, cols)
		}
		out["mean_pinball_loss_alpha_"+strconv.FormatFloat(a, 'g', -1, 64)] = num(v)
	}
	var ny, np []float64
	zeros := 0
	for i := range y {
		if y[i] == 0 {
			zeros++
			continue
		}
		ny, np = append(ny, y[i]), append(np, p[i])
	}
	out["y_true_zeros"] = zeros
	out["mape_excluding_zero_y_true"] = nil
	if len(ny) > 0 {
		v, _ = metrics.MAPE(ny, np, nil)
		out["mape_excluding_zero_y_true"] = num(v)
	}
	out["mase"], out["mase_scale"], out["period"] = nil, nil, *period
	if *insample != "" {
		g, err := readFrame(ctx, *insample)
		if err != nil {
			return err
		}
		defer g.Release()
		x, err := metricsColumn(g, *insample, *inCol)
		if err != nil {
			return err
		}
		scale, err := metrics.MASEScale(x, *period)
		if err != nil {
			return fmt.Errorf("%s: column %q: %w (%d values, period %d)", *insample, *inCol, err, len(x), *period)
		}
		out["mase"], out["mase_scale"], out["n_insample"] = num(float64(out["mae"].(num))/scale), num(scale), len(x)
	}
	if *asJSON {
		return writeJSON(stdout, out)
	}
	var r strings.Builder
	fmt.Fprintf(&r, "%s: %d rows\nMAE %.6g  MSE %.6g  RMSE %.6g  MAPE %.6g  R² %.6g\nmedian absolute error %.6g  sMAPE %.6g\n",
		*data, len(y), out["mae"], out["mse"], out["rmse"], out["mape"], out["r2"], out["median_absolute_error"], out["smape"])
	for _, a := range levels {
		k := "mean_pinball_loss_alpha_" + strconv.FormatFloat(a, 'g', -1, 64)
		fmt.Fprintf(&r, "pinball loss at %g: %.6g\n", a, out[k])
	}
	if out["mase"] != nil {
		fmt.Fprintf(&r, "MASE %.6g (scale %.6g, period %d)\n", out["mase"], out["mase_scale"], *period)
	}
	_, err = io.WriteString(stdout, r.String())
	return err
}

type metricsDriftOut struct {
	PSI            num    `json:"psi"`
	Bins           int    `json:"psi_bins"`
	Eps            num    `json:"psi_eps"`
	Edges          []num  `json:"psi_edges"`
	ExpectedCounts []int  `json:"psi_expected_counts"`
	ActualCounts   []int  `json:"psi_actual_counts"`
	Terms          []num  `json:"psi_terms"`
	DuplicateEdges int    `json:"psi_duplicate_edges"`
	KSStatistic    num    `json:"ks_statistic"`
	KSPValue       num    `json:"ks_pvalue"`
	KSMethod       string `json:"ks_method"`
	NExpected      int    `json:"n_expected"`
	NActual        int    `json:"n_actual"`
}

func runMetricsDrift(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("metrics", "drift")
	ref := fs.String("reference", "", "file with the reference (expected) sample")
	cur := fs.String("current", "", "file with the current (actual) sample")
	col := fs.String("column", "", "column holding the values in both files")
	bins := fs.Int("bins", 10, "quantile bins of the reference sample for PSI")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("reference", *ref, "current", *cur, "column", *col); err != nil {
		return err
	}
	if *bins < 1 {
		return usagef("--bins must be at least 1, not %d", *bins)
	}
	read := func(path string) ([]float64, error) {
		f, err := readFrame(ctx, path)
		if err != nil {
			return nil, err
		}
		defer f.Release()
		return metricsColumn(f, path, *col)
	}
	e, err := read(*ref)
	if err != nil {
		return err
	}
	a, err := read(*cur)
	if err != nil {
		return err
	}
	psi, err := metrics.PSI(e, a, *bins)
	if err != nil {
		return err
	}
	ks, err := metrics.KS2(e, a)
	if err != nil {
		return err
	}
	out := metricsDriftOut{PSI: num(psi.PSI), Bins: *bins, Eps: 1e-4, Edges: nums(psi.Edges),
		ExpectedCounts: psi.ExpectedCounts, ActualCounts: psi.ActualCounts, Terms: nums(psi.Terms),
		DuplicateEdges: psi.DuplicateEdges, KSStatistic: num(ks.Statistic), KSPValue: num(ks.PValue),
		KSMethod: "scipy.stats.ks_2samp(expected, actual), two-sided, method='auto' -> '" + ks.Method +
			"' (exact iff max(n1, n2) <= 10000)",
		NExpected: len(e), NActual: len(a)}
	if *asJSON {
		return writeJSON(stdout, out)
	}
	_, err = fmt.Fprintf(stdout, "reference %s (%d values) vs current %s (%d values), column %s\nPSI %.6g over %d quantile bins (%d duplicate edges)\nKS D = %.6g, p = %.6g (%s)\n",
		*ref, len(e), *cur, len(a), *col, psi.PSI, *bins, psi.DuplicateEdges, ks.Statistic, ks.PValue, ks.Method)
	return err
}
