package main

import (
	"context"
	"time"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/metrics"
)

func init() {
	addSection(section{order: 45, title: "churn from events: features at a cut-off, who leaves and when", run: tourChurnEvents})
}

// tourChurnEvents generates a small synthetic subscription event log,
// builds features and labels at monthly cut-offs, trains with early
// stopping on the last one, and evaluates at a later cut-off: AUC against
// recency alone, the top decile's lift, one customer's reasons and the
// concordance of the survival:cox objective.
func tourChurnEvents(ctx context.Context, w *report) error {
	f, err := churn.SyntheticLog{Customers: 1500, Days: 330, Seed: 1}.Frame()
	if err != nil {
		return err
	}
	defer f.Release()
	events, err := dataset.NewEventLog(f, churn.SyntheticColumns)
	if err != nil {
		return err
	}
	day := func(d int) time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	spec := churn.FeatureSpec{ChurnDays: 30, LapsedDays: 30, CancelEvents: []string{"cancel"}}
	all, err := spec.Snapshots(ctx, events, []time.Time{day(120), day(150), day(180), day(210), day(240)})
	if err != nil {
		return err
	}
	train, valid, err := all.SplitAt(day(240))
	if err != nil {
		return err
	}
	w.printf("%d events of %d customers → %d snapshot rows × %d features at %d monthly cut-offs\n",
		events.Len(), events.NumEntities(), all.NumRows(), len(all.Names), len(all.Stats))
	m, err := churn.Config{Rounds: 300, Eta: 0.1, MaxDepth: 3, EarlyStoppingRounds: 15}.Fit(ctx, train.Data(), valid.Data())
	if err != nil {
		return err
	}
	test, err := spec.Labeled(ctx, events, day(290))
	if err != nil {
		return err
	}
	p := m.PredictDense(nil, test.X)
	auc, err := metrics.ROCAUC(test.Churned, p, nil)
	if err != nil {
		return err
	}
	rec, err := test.Columns("recency_days")
	if err != nil {
		return err
	}
	auc0, err := metrics.ROCAUC(test.Churned, rec[0], nil)
	if err != nil {
		return err
	}
	lift, err := churn.LiftTable(test.Churned, p, 10)
	if err != nil {
		return err
	}
	w.printf("at the later cut-off %s: %d customers, %d churn within 30 days\n", day(290).Format(time.DateOnly), test.NumRows(), test.Stats[0].Churned)
	w.printf("AUC %.3f (recency alone %.3f); top decile holds %.0f%% of churners (lift %.1f)\n", auc, auc0, 100*lift[0].Gain, lift[0].Lift)
	best := 0
	for r := range p {
		if p[r] > p[best] {
			best = r
		}
	}
	w.printf("riskiest customer %s (p = %.2f) because:", test.Customer[best], p[best])
	for _, rs := range m.Reasons(test.Row(best), 3) {
		w.printf("  %s", rs)
	}
	cox, err := churn.Config{Objective: churn.CoxObjective, Rounds: 300, Eta: 0.1, MaxDepth: 3, EarlyStoppingRounds: 15}.
		Fit(ctx, train.SurvivalData(), valid.SurvivalData())
	if err != nil {
		return err
	}
	c, err := churn.Concordance(test.Time, nil, cox.MarginDense(nil, test.X))
	if err != nil {
		return err
	}
	c0, err := churn.Concordance(test.Time, nil, rec[0])
	if err != nil {
		return err
	}
	w.printf("\ntime to churn (survival:cox): concordance %.3f (recency alone %.3f)\n", c, c0)
	return nil
}
