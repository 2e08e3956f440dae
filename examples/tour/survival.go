package main

import (
	"context"
	"math"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/survival"
)

func init() {
	addSection(section{order: 20, title: "survival: lung cancer (Kaplan-Meier, log-rank, Cox)", run: tourSurvival})
}

// tourSurvival reproduces the classic R survival walk-through on the lung
// data: survival curves by sex with the log-rank test, then a Cox model.
func tourSurvival(ctx context.Context, w *report) error {
	f, err := dataset.Sample("lung")
	if err != nil {
		return err
	}
	defer f.Release()
	cols := map[string][]float64{}
	names := []string{"time", "event", "age", "sex", "ph.ecog", "ph.karno", "wt.loss"}
	for _, c := range names {
		if cols[c], err = f.AppendFloat64s(nil, c); err != nil {
			return err
		}
	}
	sex := make([]string, len(cols["sex"]))
	for i, s := range cols["sex"] {
		sex[i] = map[float64]string{1: "male", 2: "female"}[s]
	}
	km, err := survival.KaplanMeier{}.Fit(ctx, cols["time"], cols["event"], sex)
	if err != nil {
		return err
	}
	w.printf("Kaplan-Meier by sex (%d patients), median survival in days with 95%% CI:\n", f.NumRows())
	for _, c := range km.Curves {
		s := c.SurvivalAt(nil, []float64{365})
		w.printf("  %-7s n=%3d  median %4.0f (%3.0f-%3.0f)  1-year survival %.0f%%\n", c.Group, c.N, c.Median, c.MedianLo, c.MedianHi, 100*s[0])
	}
	lr, err := survival.LogRankTest(ctx, cols["time"], cols["event"], sex, nil)
	if err != nil {
		return err
	}
	w.printf("log-rank test: chi-square %.2f on %g df, p = %.4f\n", lr.Chisq, lr.DF, lr.P)

	// Cox model on the complete cases (R drops rows with NA the same way)
	covs := names[2:]
	d := survival.CoxData{Names: covs}
	keep := func(i int) bool {
		for _, c := range names {
			if math.IsNaN(cols[c][i]) {
				return false
			}
		}
		return true
	}
	d.X = make([][]float64, len(covs))
	for i := range cols["time"] {
		if !keep(i) {
			continue
		}
		d.Time = append(d.Time, cols["time"][i])
		d.Event = append(d.Event, cols["event"][i])
		for j, c := range covs {
			d.X[j] = append(d.X[j], cols[c][i])
		}
	}
	m, err := survival.Cox{}.Fit(ctx, d)
	if err != nil {
		return err
	}
	w.printf("\nCox model (Efron ties), %d complete cases, %d deaths:\n", m.N, m.NEvent)
	w.printf("  %-9s %8s %8s %8s\n", "", "coef", "HR", "p")
	for j, c := range m.Names {
		w.printf("  %-9s %8.4f %8.3f %8.4f\n", c, m.Coef[j], math.Exp(m.Coef[j]), m.P[j])
	}
	w.printf("  concordance %.3f (se %.3f); likelihood ratio %.2f on %g df, p = %.2g\n",
		m.Concordance.C, m.Concordance.SE, m.LRTest.Chisq, m.LRTest.DF, m.LRTest.P)
	w.printf("  women have %.0f%% lower hazard of death than men of the same age and condition\n", 100*(1-math.Exp(m.Coef[1])))
	return nil
}
