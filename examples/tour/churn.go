package main

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/metrics"
)

func init() {
	addSection(section{order: 40, title: "churn: gradient-boosted trees on mlc_churn", run: tourChurn})
}

// tourChurn trains with XGBoost's parameters on the mlc_churn sample, scores
// the held-out customers, lists the most important features and explains the
// riskiest customer's score with TreeSHAP.
func tourChurn(ctx context.Context, w *report) error {
	trainF, err := dataset.Sample("mlc_churn_train")
	if err != nil {
		return err
	}
	defer trainF.Release()
	testF, err := dataset.Sample("mlc_churn_test")
	if err != nil {
		return err
	}
	defer testF.Release()
	train, err := churn.FrameData(trainF, "churn", nil, "")
	if err != nil {
		return err
	}
	test, err := churn.FrameData(testF, "churn", nil, "")
	if err != nil {
		return err
	}
	cfg := churn.Config{Rounds: 200, MaxDepth: 6, Eta: 0.1, MaxBin: 256}
	start := time.Now()
	m, err := cfg.Fit(ctx, train, nil)
	if err != nil {
		return err
	}
	fit := time.Since(start)
	p := m.PredictDense(nil, test.X)
	auc, err := metrics.ROCAUC(test.Label, p, nil)
	if err != nil {
		return err
	}
	ll, err := metrics.LogLoss(test.Label, p, nil)
	if err != nil {
		return err
	}
	w.printf("train %d customers × %d features, %d trees (depth 6, eta 0.1) in %.0f ms\n",
		train.NumRows(), len(train.Features), m.NumTrees(), float64(fit.Microseconds())/1000)
	w.printf("test  %d customers: AUC %.4f (XGBoost 1.7.4: 0.9185), log-loss %.4f (XGBoost: 0.1629)\n",
		test.NumRows(), auc, ll)

	w.printf("top features by total gain:\n")
	for i, f := range m.Importance()[:5] {
		w.printf("  %d. %-30s gain %8.1f in %3d splits\n", i+1, f.Feature, f.TotalGain, f.Weight)
	}

	// The riskiest test customer and why.
	best := 0
	for i := range p {
		if p[i] > p[best] {
			best = i
		}
	}
	nf := len(test.Features)
	row := test.X[best*nf : (best+1)*nf]
	c := m.ContribRow(nil, row)
	order := make([]int, nf)
	for j := range order {
		order[j] = j
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(math.Abs(c[b]), math.Abs(c[a])) })
	w.printf("riskiest test customer (row %d, churned=%v): P(churn) = %.3f, log-odds %.2f = bias %.2f plus\n",
		best+1, test.Label[best] == 1, p[best], m.MarginRow(row), c[nf])
	for _, j := range order[:5] {
		w.printf("  %+6.2f  %s = %g\n", c[j], test.Features[j], row[j])
	}
	start = time.Now()
	const reps = 2000
	var sink float64
	for k := range reps {
		sink += m.PredictRow(test.X[(k%test.NumRows())*nf : (k%test.NumRows()+1)*nf])
	}
	_ = sink
	w.printf("PredictRow: %.1f µs per customer (200 trees, no allocation)\n", float64(time.Since(start).Microseconds())/reps)
	return nil
}
