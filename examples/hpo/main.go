// Command hpo tunes two of sibyl's models with package hpo and prints each
// study's best trials and parameter importances:
//
//	go run ./examples/hpo
//
// 1. The churn trainer (gradient-boosted trees) on the mlc_churn_train
// sample: six boosting parameters, 3-fold stratified cross-validation with
// early stopping, the median pruner stopping poor trials mid-training.
// 2. The ridge penalty of a Cox model on the veteran sample, by 5-fold
// cross-validated concordance.
package main

import (
	"context"
	"fmt"
	"os"
	"sort"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/hpo"
	"github.com/sibylml/sibyl/hpo/tune"
	"github.com/sibylml/sibyl/survival"
)

func main() {
	ctx := context.Background()
	if err := tuneChurn(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "hpo example:", err)
		os.Exit(1)
	}
	if err := tuneCox(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "hpo example:", err)
		os.Exit(1)
	}
}

func tuneChurn(ctx context.Context) error {
	f, err := dataset.Sample("mlc_churn_train")
	if err != nil {
		return err
	}
	defer f.Release()
	d, err := churn.FrameData(f, "churn", nil, "")
	if err != nil {
		return err
	}
	obj, err := tune.Churn{MaxRounds: 80, EarlyStopping: 10, Base: churn.Config{Seed: 1}}.Objective(d)
	if err != nil {
		return err
	}
	study, err := hpo.NewStudy(ctx, hpo.Config{
		Name:    "churn",
		Sampler: &hpo.TPE{Seed: 1, StartupTrials: 6},
		Pruner:  hpo.Median{StartupTrials: 3},
	})
	if err != nil {
		return err
	}
	if err := study.Optimize(ctx, obj, 16); err != nil {
		return err
	}
	fmt.Println("== churn trainer: 16 trials, 3-fold CV log loss (lower is better) ==")
	return report(ctx, study)
}

func tuneCox(ctx context.Context) error {
	f, err := dataset.Sample("veteran")
	if err != nil {
		return err
	}
	defer f.Release()
	d := survival.CoxData{Names: []string{"trt", "karno", "diagtime", "age", "prior"}}
	if d.Time, err = f.AppendFloat64s(nil, "time"); err != nil {
		return err
	}
	if d.Event, err = f.AppendFloat64s(nil, "event"); err != nil {
		return err
	}
	for _, name := range d.Names {
		col, err := f.AppendFloat64s(nil, name)
		if err != nil {
			return err
		}
		d.X = append(d.X, col)
	}
	theta, study, err := tune.CoxRidge{Seed: 1}.Tune(ctx, d, hpo.Config{Name: "cox", Sampler: &hpo.TPE{Seed: 1}}, 25)
	if err != nil {
		return err
	}
	fmt.Printf("\n== Cox ridge penalty on veteran: 25 trials, 5-fold CV concordance (higher is better) ==\nbest θ = %.4g\n", theta)
	return report(ctx, study)
}

// report prints the five best complete trials and the importances.
func report(ctx context.Context, study *hpo.Study) error {
	ts, err := study.Trials(ctx)
	if err != nil {
		return err
	}
	var done []hpo.FrozenTrial
	pruned := 0
	for _, t := range ts {
		switch t.State {
		case hpo.Complete:
			done = append(done, t)
		case hpo.Pruned:
			pruned++
		}
	}
	sort.SliceStable(done, func(i, j int) bool {
		if study.Direction() == hpo.Maximize {
			return done[i].Value > done[j].Value
		}
		return done[i].Value < done[j].Value
	})
	fmt.Printf("%d complete, %d pruned; best trials:\n", len(done), pruned)
	for _, t := range done[:min(5, len(done))] {
		fmt.Printf("  #%-3d %.5f ", t.Number, t.Value)
		for _, name := range t.Order {
			fmt.Printf(" %s=%s", name, short(t.Label(name)))
		}
		fmt.Println()
	}
	imp := hpo.Importance(ts)
	names := make([]string, 0, len(imp))
	for n := range imp {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return imp[names[i]] > imp[names[j]] })
	fmt.Println("parameter importance (rank correlation ratio, sums to 1):")
	for _, n := range names {
		fmt.Printf("  %-18s %.3f\n", n, imp[n])
	}
	return nil
}

func short(s string) string {
	if len(s) > 7 {
		var f float64
		if _, err := fmt.Sscan(s, &f); err == nil {
			return fmt.Sprintf("%.4g", f)
		}
	}
	return s
}
