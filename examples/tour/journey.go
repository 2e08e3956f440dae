package main

import (
	"context"
	"strings"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/journey"
)

func init() {
	addSection(section{order: 50, title: "journey: Markov attribution of conversions to channels", run: tourJourney})
}

// tourJourney reads the sample event log (2,000 simulated users over six
// channels), builds the paths, fits first- and second-order chains and
// compares removal-effect attribution with last-touch credit.
func tourJourney(ctx context.Context, w *report) error {
	f, err := dataset.Sample("journey")
	if err != nil {
		return err
	}
	defer f.Release()
	log, err := journey.FromFrame(f, journey.Columns{Value: "value"})
	if err != nil {
		return err
	}
	paths, err := journey.BuildPaths(ctx, log, journey.PathOptions{Conversion: "purchase"})
	if err != nil {
		return err
	}
	c1, err := journey.Config{Order: 1}.Fit(ctx, paths)
	if err != nil {
		return err
	}
	c2, err := journey.Config{Order: 2}.Fit(ctx, paths)
	if err != nil {
		return err
	}
	s := paths.Summary()
	w.printf("%d events, %d users, %d conversions worth %.2f; P(conversion) = %.4f (exact: %s)\n",
		s.NRows, s.NUsers, s.NConversions, s.TotalConversionValue, c1.ConversionProbability(), exactString(c1))
	w.printf("log-likelihood order 1 %.1f (BIC %.1f), order 2 %.1f (BIC %.1f)\n\n",
		c1.LogLikelihood(), c1.BIC(), c2.LogLikelihood(), c2.BIC())
	n := float64(s.NConversions)
	re, at, at2 := c1.RemovalEffects(), c1.Attribution(n), c2.Attribution(n)
	last := paths.Heuristics(0).LastTouch
	w.printf("%-9s %8s %10s %12s %10s\n", "channel", "removal", "Markov", "2nd-order", "last touch")
	for i, c := range c1.Channels() {
		w.printf("%-9s %8.3f %10.1f %12.1f %10.0f\n", c, re[i], at[i], at2[i], last[i])
	}
	top := paths.TopPaths(3)
	w.printf("\nmost frequent paths:")
	for _, tp := range top {
		w.printf("  %s (%d)", strings.Join(tp.Path, " > "), tp.Count)
	}
	w.printf("\n")
	return nil
}

func exactString(c *journey.Chain) string {
	if r, ok := c.ExactConversionProbability(); ok {
		return r.RatString()
	}
	return "n/a"
}
