// Command churn goes from a raw event log to a scored, explained customer
// list, and to time to churn:
//
//	go run ./examples/churn [-customers 4000] [-seed 1] [-out DIR]
//
// It generates a seeded synthetic event log of a subscription product
// (logins, purchases, payments, support tickets, downgrades, cancellations;
// engagement decays before a customer cancels), builds features and labels
// at monthly cut-offs (no event at or after a cut-off is read), trains a
// gradient-boosted model with early stopping on a later cut-off, evaluates
// it at a still later cut-off against a recency-only baseline, prints the
// lift table, trains the survival:cox objective and compares its
// concordance with a Cox proportional-hazards fit (package survival) on
// the same features, and finally scores every active customer at the end of
// the log and writes them, riskiest first, with their top three reasons, to
// DIR/scored_customers.csv (plus the feature spec and the model, so the
// same columns can be rebuilt at scoring time).
package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/metrics"
	"github.com/sibylml/sibyl/survival"
)

func main() {
	customers := flag.Int("customers", 4000, "customers in the synthetic log")
	seed := flag.Uint64("seed", 1, "seed of the synthetic log")
	out := flag.String("out", filepath.Join(os.TempDir(), "sibyl-churn"), "output directory")
	flag.Parse()
	if err := run(context.Background(), *customers, *seed, *out); err != nil {
		log.Fatal(err)
	}
}

func day(d int) time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }

func run(ctx context.Context, customers int, seed uint64, out string) error {
	// 1. The event log, as a service would read it from a file.
	f, err := churn.SyntheticLog{Customers: customers, Days: 365, Seed: seed}.Frame()
	if err != nil {
		return err
	}
	defer f.Release()
	events, err := dataset.NewEventLog(f, churn.SyntheticColumns)
	if err != nil {
		return err
	}
	fmt.Printf("event log: %d events, %d customers, %d bad rows, event types %v\n",
		events.Len(), events.NumEntities(), len(events.Bad), events.EventNames)

	// 2. Features and labels at monthly cut-offs; churn = a cancellation
	// or no activity in the 30 days after the cut-off. Customers idle for
	// 30 days before a cut-off have already lapsed and are left out.
	spec := churn.FeatureSpec{ChurnDays: 30, LapsedDays: 30, CancelEvents: []string{"cancel"}}
	cutoffs := []time.Time{day(90), day(120), day(150), day(180), day(210), day(240)}
	all, err := spec.Snapshots(ctx, events, cutoffs)
	if err != nil {
		return err
	}
	for _, st := range all.Stats {
		fmt.Printf("  cut-off %s: %5d active customers, %4d churn in 30 days (%d without history, %d cancelled, %d lapsed)\n",
			st.Cutoff.Format(time.DateOnly), st.Customers, st.Churned, st.NoHistory, st.Cancelled, st.Lapsed)
	}
	fmt.Printf("%d features per row, e.g. %v\n", len(all.Names), all.Names[:6])
	// Validation (early stopping) is the last cut-off: always later than
	// training, and no training label window reaches into it.
	train, valid, err := all.SplitAt(day(240))
	if err != nil {
		return err
	}

	// 3. Train with early stopping.
	cfg := churn.Config{Rounds: 500, Eta: 0.05, MaxDepth: 4, EarlyStoppingRounds: 25, Categorical: []string{"last_event"}}
	model, err := cfg.Fit(ctx, train.Data(), valid.Data())
	if err != nil {
		return err
	}
	fmt.Printf("trained on %d rows, validated on %d: %d trees (best round %d)\n",
		train.NumRows(), valid.NumRows(), model.NumTrees(), model.BestIteration()+1)

	// 4. Evaluate at a later cut-off.
	test, err := spec.Labeled(ctx, events, day(300))
	if err != nil {
		return err
	}
	p := model.PredictDense(nil, test.X)
	auc, err := metrics.ROCAUC(test.Churned, p, nil)
	if err != nil {
		return err
	}
	recency, err := test.Columns("recency_days")
	if err != nil {
		return err
	}
	auc0, err := metrics.ROCAUC(test.Churned, recency[0], nil)
	if err != nil {
		return err
	}
	fmt.Printf("\nevaluation at %s (%d customers, %d churned): AUC %.3f, recency-only baseline %.3f (+%.3f)\n",
		day(300).Format(time.DateOnly), test.NumRows(), test.Stats[0].Churned, auc, auc0, auc-auc0)
	lift, err := churn.LiftTable(test.Churned, p, 10)
	if err != nil {
		return err
	}
	fmt.Printf("%6s %9s %9s %9s %6s %6s\n", "decile", "customers", "expected", "churners", "lift", "gain")
	for _, r := range lift {
		fmt.Printf("%6d %9.0f %9.1f %9.0f %6.2f %6.2f\n", r.Group, r.Customers, r.Expected, r.Churners, r.Lift, r.Gain)
	}

	// 5. Time to churn: survival:cox on the same features, and a Cox
	// proportional-hazards fit (package survival) on a few of them.
	cox, err := churn.Config{Objective: churn.CoxObjective, Rounds: 500, Eta: 0.05, MaxDepth: 3, EarlyStoppingRounds: 25}.
		Fit(ctx, train.SurvivalData(), valid.SurvivalData())
	if err != nil {
		return err
	}
	cGB, err := churn.Concordance(test.Time, nil, cox.MarginDense(nil, test.X))
	if err != nil {
		return err
	}
	covs := []string{"recency_days", "tenure_days", "events_30d", "trend_30d", "events_30d_support", "events_30d_login"}
	xtr, err := train.Columns(covs...)
	if err != nil {
		return err
	}
	ttr, etr := train.TimeEvent()
	ph, err := survival.Cox{Ties: survival.Breslow}.Fit(ctx, survival.CoxData{Names: covs, X: xtr, Time: ttr, Event: etr})
	if err != nil {
		return err
	}
	xte, err := test.Columns(covs...)
	if err != nil {
		return err
	}
	lp, err := ph.LinearPredictors(nil, xte, nil, false)
	if err != nil {
		return err
	}
	cPH, err := churn.Concordance(test.Time, nil, lp)
	if err != nil {
		return err
	}
	fmt.Printf("\ntime to churn at %s: concordance survival:cox %.3f (%d trees), Cox PH on %d features %.3f\n",
		day(300).Format(time.DateOnly), cGB, cox.NumTrees(), len(covs), cPH)

	// 6. Score everyone active at the end of the log, with reasons.
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	now, err := all.Spec.Features(ctx, events, day(365))
	if err != nil {
		return err
	}
	score := model.PredictDense(nil, now.X)
	risk := cox.MarginDense(nil, now.X)
	reasons := model.ReasonsDense(now.X, 3)
	order := make([]int, now.NumRows())
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return -cmp.Compare(score[a], score[b]) })
	path := filepath.Join(out, "scored_customers.csv")
	if err := writeScored(path, now, order, score, risk, reasons); err != nil {
		return err
	}
	top100, err := churn.ExpectedChurners(score, 100)
	if err != nil {
		return err
	}
	fmt.Printf("\nscored %d active customers at %s: expected churners in the top 100: %.1f\n",
		now.NumRows(), day(365).Format(time.DateOnly), top100)
	for _, r := range order[:3] {
		fmt.Printf("  %s p=%.3f:", now.Customer[r], score[r])
		for _, rs := range reasons[r] {
			fmt.Printf("  %s", rs)
		}
		fmt.Println()
	}
	fmt.Printf("in words, for %s:\n", now.Customer[order[0]])
	for _, rs := range reasons[order[0]] {
		fmt.Printf("  %s: %.4g (raises the log-odds by %.2f)\n", all.Spec.Meaning(rs.Feature), rs.Value, rs.Contribution)
	}
	if err := writeJSON(filepath.Join(out, "feature_spec.json"), all.Spec); err != nil {
		return err
	}
	mf, err := os.Create(filepath.Join(out, "model.json"))
	if err != nil {
		return err
	}
	if err := model.Save(mf); err != nil {
		mf.Close()
		return err
	}
	if err := mf.Close(); err != nil {
		return err
	}
	fmt.Printf("wrote %s, feature_spec.json and model.json\n", path)
	return nil
}

func writeScored(path string, s *churn.Snapshot, order []int, score, risk []float64, reasons [][]churn.Reason) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"customer", "churn_probability", "relative_hazard", "reason_1", "reason_2", "reason_3"})
	for _, r := range order {
		rec := []string{s.Customer[r], strconv.FormatFloat(score[r], 'f', 4, 64), strconv.FormatFloat(math.Exp(risk[r]), 'f', 4, 64)}
		for k := range 3 {
			if k < len(reasons[r]) {
				rec = append(rec, reasons[r][k].String())
			} else {
				rec = append(rec, "")
			}
		}
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
