package main

import (
	"context"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/hpo"
	"github.com/sibylml/sibyl/hpo/bench"
	"github.com/sibylml/sibyl/hpo/tune"
	"github.com/sibylml/sibyl/survival"
)

func init() {
	addSection(section{order: 60, title: "hpo: TPE against random search, and a tuned Cox ridge penalty", run: tourHPO})
}

// tourHPO runs 100 trials of TPE and of random search on the Branin
// function (minimum 0.397887), then tunes the ridge penalty of a Cox model on
// the veteran data by 5-fold cross-validated concordance.
func tourHPO(ctx context.Context, w *report) error {
	f, err := bench.Lookup("branin")
	if err != nil {
		return err
	}
	w.printf("Branin, 100 trials each (known minimum %.6f):\n", f.Minimum)
	for _, s := range []struct {
		name    string
		sampler hpo.Sampler
	}{{"TPE", &hpo.TPE{Seed: 1}}, {"random", hpo.Random{Seed: 1}}} {
		study, err := hpo.NewStudy(ctx, hpo.Config{Sampler: s.sampler})
		if err != nil {
			return err
		}
		if err := study.Optimize(ctx, f.Objective(), 100); err != nil {
			return err
		}
		best, err := study.Best(ctx)
		if err != nil {
			return err
		}
		w.printf("  %-7s best %.6f at x1=%.4f x2=%.4f (trial %d)\n", s.name, best.Value, best.Float("x1"), best.Float("x2"), best.Number)
	}

	vf, err := dataset.Sample("veteran")
	if err != nil {
		return err
	}
	defer vf.Release()
	d := survival.CoxData{Names: []string{"trt", "karno", "diagtime", "age", "prior"}}
	if d.Time, err = vf.AppendFloat64s(nil, "time"); err != nil {
		return err
	}
	if d.Event, err = vf.AppendFloat64s(nil, "event"); err != nil {
		return err
	}
	for _, n := range d.Names {
		col, err := vf.AppendFloat64s(nil, n)
		if err != nil {
			return err
		}
		d.X = append(d.X, col)
	}
	theta, study, err := tune.CoxRidge{Seed: 1}.Tune(ctx, d, hpo.Config{Sampler: &hpo.TPE{Seed: 1}}, 15)
	if err != nil {
		return err
	}
	best, err := study.Best(ctx)
	if err != nil {
		return err
	}
	w.printf("Cox ridge penalty on veteran (%d patients, 15 trials): θ = %.3g, 5-fold CV concordance %.4f\n", len(d.Time), theta, best.Value)
	return nil
}
