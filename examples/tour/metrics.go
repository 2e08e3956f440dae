package main

import (
	"context"
	"fmt"
	"math"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/metrics"
)

func init() {
	addSection(section{order: 10, title: "metrics: scoring a churn rule, a forecast and drift", run: tourMetrics})
}

// tourColumns reads float columns of an embedded sample.
func tourColumns(name string, cols ...string) ([][]float64, error) {
	f, err := dataset.Sample(name)
	if err != nil {
		return nil, err
	}
	defer f.Release()
	out := make([][]float64, len(cols))
	for i, c := range cols {
		if out[i], err = f.AppendFloat64s(nil, c); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// tourChurnCell is the cell of a tiny lookup-table churn model: international
// plan × customer-service calls (capped at 4) × heavy day use.
func tourChurnCell(intl, calls, dayMin float64) int {
	c := int(min(calls, 4))
	k := int(intl)*10 + c*2
	if dayMin > 240 {
		k++
	}
	return k
}

func tourMetrics(ctx context.Context, w *report) error {
	cols := []string{"international_plan_yes", "number_customer_service_calls", "total_day_minutes", "churn"}
	train, err := tourColumns("mlc_churn_train", cols...)
	if err != nil {
		return err
	}
	test, err := tourColumns("mlc_churn_test", cols...)
	if err != nil {
		return err
	}
	// "Fit": the smoothed churn rate of each cell on the training rows.
	var n, pos [20]float64
	for i := range train[0] {
		k := tourChurnCell(train[0][i], train[1][i], train[2][i])
		n[k]++
		pos[k] += train[3][i]
	}
	y := test[3]
	p := make([]float64, len(y))
	for i := range p {
		k := tourChurnCell(test[0][i], test[1][i], test[2][i])
		p[i] = (pos[k] + 1) / (n[k] + 2)
	}
	w.printf("churn rule (20-cell lookup table fitted on mlc_churn_train), scored on mlc_churn_test (%d rows):\n", len(y))
	auc, err := metrics.ROCAUC(y, p, nil)
	if err != nil {
		return err
	}
	ap, err := metrics.AveragePrecision(y, p, nil)
	if err != nil {
		return err
	}
	ll, err := metrics.LogLoss(y, p, nil)
	if err != nil {
		return err
	}
	br, err := metrics.Brier(y, p, nil)
	if err != nil {
		return err
	}
	w.printf("  ROC AUC %.4f (ties count ½)  average precision %.4f  log loss %.4f  Brier %.4f\n", auc, ap, ll, br)
	cm, err := metrics.ConfusionAt(y, p, nil, 0.5)
	if err != nil {
		return err
	}
	w.printf("  at p >= 0.5: confusion [[tn fp] [fn tp]] = %v\n", cm.Matrix())
	w.printf("               precision %.3f recall %.3f F1 %.3f MCC %.3f balanced accuracy %.3f\n",
		cm.Precision(), cm.Recall(), cm.F1(), cm.MCC(), cm.BalancedAccuracy())
	lift, err := metrics.LiftAt(y, p, nil, 0.1)
	if err != nil {
		return err
	}
	ece, err := metrics.ExpectedCalibrationError(y, p, nil, 10)
	if err != nil {
		return err
	}
	w.printf("  top 10%% by score catch %.1f%% of churners (lift %.2f); expected calibration error %.4f\n",
		100*lift.Gain, lift.Lift, ece)
	cal, err := metrics.CalibrationCurve(y, p, 10)
	if err != nil {
		return err
	}
	w.printf("  calibration (bin: mean p → observed):")
	for i, b := range cal.NonemptyBins {
		w.printf(" %d: %.2f→%.2f", b, cal.ProbPred[i], cal.ProbTrue[i])
	}
	w.printf("\n")

	// Forecast accuracy: a seasonal naive forecast of AirPassengers' last year.
	ap12, err := tourColumns("airpassengers", "y")
	if err != nil {
		return err
	}
	series := ap12[0]
	h := 12
	insample, actual := series[:len(series)-h], series[len(series)-h:]
	fc := make([]float64, h)
	copy(fc, insample[len(insample)-12:])
	mae, _ := metrics.MAE(actual, fc, nil)
	rmse, _ := metrics.RMSE(actual, fc, nil)
	mape, _ := metrics.MAPE(actual, fc, nil)
	smape, _ := metrics.SMAPE(actual, fc)
	mase, err := metrics.MASE(actual, fc, insample, 12)
	if err != nil {
		return err
	}
	w.printf("AirPassengers, seasonal naive forecast of the last 12 months:\n")
	w.printf("  MAE %.2f  RMSE %.2f  MAPE %.2f%%  sMAPE %.2f%%  MASE (m=12) %.3f\n", mae, rmse, 100*mape, 100*smape, mase)

	// Drift: train vs test day minutes (same population), and the first
	// vs the last two years of AirPassengers (a growing series).
	psi, err := metrics.PSI(train[2], test[2], 10)
	if err != nil {
		return err
	}
	ks, err := metrics.KS2(train[2], test[2])
	if err != nil {
		return err
	}
	w.printf("drift of total_day_minutes, train vs test: PSI %.4f, KS D %.4f p %.3g (%s)\n", psi.PSI, ks.Statistic, ks.PValue, ks.Method)
	psi, err = metrics.PSI(series[:24], series[len(series)-24:], 4)
	if err != nil {
		return err
	}
	ks, err = metrics.KS2(series[:24], series[len(series)-24:])
	if err != nil {
		return err
	}
	verdict := "stable"
	if psi.PSI > 0.25 {
		verdict = "major shift"
	}
	w.printf("drift of AirPassengers, 1949-50 vs 1959-60: PSI %.2f (%s), KS D %.2f p %s (%s)\n",
		psi.PSI, verdict, ks.Statistic, fmtP(ks.PValue), ks.Method)
	return nil
}

func fmtP(p float64) string {
	if p < 1e-4 {
		return fmt.Sprintf("%.1e", p)
	}
	return fmt.Sprintf("%.4f", math.Round(p*1e4)/1e4)
}
