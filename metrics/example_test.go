package metrics_test

import (
	"fmt"

	"github.com/sibylml/sibyl/metrics"
)

func ExampleROCAUC() {
	y := []float64{0, 0, 1, 1, 0, 1}
	score := []float64{0.1, 0.4, 0.35, 0.8, 0.5, 0.5} // one positive and one negative tied at 0.5
	auc, err := metrics.ROCAUC(y, score, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("AUC %.4g\n", auc)
	// Output: AUC 0.7222
}

func ExampleConfusionAt() {
	y := []float64{0, 0, 1, 1, 0, 1}
	score := []float64{0.1, 0.4, 0.35, 0.8, 0.5, 0.5}
	cm, err := metrics.ConfusionAt(y, score, nil, 0.5) // 0.5 counts as positive
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cm.Matrix())
	fmt.Printf("precision %.4g recall %.4g F1 %.4g MCC %.4g\n", cm.Precision(), cm.Recall(), cm.F1(), cm.MCC())
	// Output:
	// [[2 1] [1 2]]
	// precision 0.6667 recall 0.6667 F1 0.6667 MCC 0.3333
}

func ExampleLogLoss() {
	y := []float64{1, 0, 1}
	p := []float64{0.9, 0.2, 0} // the last prediction is confidently wrong
	l, _ := metrics.LogLoss(y, p, nil)
	fmt.Printf("log loss %.4g\n", l) // -ln(2^-52) = 36.04 for the last row
	// Output: log loss 12.12
}

func ExampleMASE() {
	insample := []float64{10, 12, 11, 13, 12}
	y := []float64{14, 13}
	forecast := []float64{13, 13}
	m, _ := metrics.MASE(y, forecast, insample, 1)
	fmt.Printf("MASE %.4g\n", m)
	// Output: MASE 0.3333
}

func ExamplePSI() {
	expected := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	actual := []float64{5, 6, 7, 8, 9, 10, 11, 12, 13, 14}
	r, _ := metrics.PSI(expected, actual, 5)
	fmt.Printf("PSI %.4g, edges %v\n", r.PSI, r.Edges) // NumPy's quantile gives 6.3999999999999995
	// Output: PSI 3.478, edges [2.8 4.6 6.3999999999999995 8.2]
}

func ExampleKS2() {
	a := []float64{0.1, 0.5, 0.9, 1.3, 1.7}
	b := []float64{1.1, 1.5, 1.9, 2.3, 2.7, 3.1}
	r, _ := metrics.KS2(a, b)
	fmt.Printf("D %.4g p %.4g (%s)\n", r.Statistic, r.PValue, r.Method)
	// Output: D 0.6667 p 0.1082 (exact)
}

func ExampleRank() {
	y := []float64{0, 0, 1, 1, 0, 1, 1, 0}
	score := []float64{0.1, 0.4, 0.35, 0.8, 0.5, 0.5, 0.9, 0.2}
	k, err := metrics.Rank(y, score, nil) // sort once, then several metrics
	if err != nil {
		fmt.Println(err)
		return
	}
	auc, _ := k.ROCAUC()
	ap, _ := k.AveragePrecision()
	lift, _ := k.LiftAt(0.25)
	fmt.Printf("AUC %.4g AP %.4g lift@25%% %.4g (gain %.4g)\n", auc, ap, lift.Lift, lift.Gain)
	// Output: AUC 0.8438 AP 0.8542 lift@25% 2 (gain 0.5)
}
