// Command survival shows churn timing with a Cox model: how long until a
// subscriber cancels, and what speeds it up or slows it down, read out in
// plain words.
//
//	go run ./examples/survival
//
// It simulates 5,000 subscribers (fixed seed), writes them to a CSV, reads
// the CSV back with the dataset package, fits Kaplan-Meier curves by plan and
// a Cox model, predicts retention for two customer profiles, and saves and
// reloads the model as a service would.
package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/survival"
)

func main() {
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), "sibyl_subscribers.csv")
	if err := writeSubscribers(path, 5000); err != nil {
		log.Fatal(err)
	}
	f, err := dataset.ReadFile(ctx, path, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Release()
	col := func(name string) []float64 {
		v, err := f.AppendFloat64s(nil, name)
		if err != nil {
			log.Fatal(err)
		}
		return v
	}
	days, cancelled := col("days"), col("cancelled")
	annual := col("annual")

	// Kaplan-Meier: share still subscribed, by plan
	plan := make([]string, len(annual))
	for i, a := range annual {
		plan[i] = map[float64]string{0: "monthly", 1: "annual"}[a]
	}
	km, err := survival.KaplanMeier{}.Fit(ctx, days, cancelled, plan)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Still subscribed (Kaplan-Meier):")
	for _, c := range km.Curves {
		s := c.SurvivalAt(nil, []float64{90, 180, 365})
		fmt.Printf("  %-8s after 90 days %3.0f%%, 180 days %3.0f%%, 1 year %3.0f%%; half have cancelled by day %s\n",
			c.Group, 100*s[0], 100*s[1], 100*s[2], orNever(c.Median))
	}
	lr, err := survival.LogRankTest(ctx, days, cancelled, plan, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("  the plans differ (log-rank chi-square %.1f, p = %.2g)\n\n", lr.Chisq, lr.P)

	// Cox model: what changes the cancellation rate
	covs := []string{"annual", "tickets", "discount", "seats"}
	d := survival.CoxData{Names: covs, Time: days, Event: cancelled}
	for _, c := range covs {
		d.X = append(d.X, col(c))
	}
	m, err := survival.Cox{}.Fit(ctx, d)
	if err != nil {
		log.Fatal(err)
	}
	unit := map[string]string{
		"annual":   "being on the annual plan",
		"tickets":  "each support ticket in the first month",
		"discount": "having joined on a discount",
		"seats":    "each extra seat on the account",
	}
	fmt.Println("What changes the cancellation rate (Cox model, hazard ratios with 95% intervals):")
	for j, c := range m.Names {
		hr := math.Exp(m.Coef[j])
		lo, hi := math.Exp(m.Coef[j]-1.96*m.SE[j]), math.Exp(m.Coef[j]+1.96*m.SE[j])
		fmt.Printf("  %-40s %s (HR %.2f, %.2f-%.2f)\n", unit[c], plainWords(hr), hr, lo, hi)
	}
	fmt.Printf("  the model ranks who cancels first correctly for %.0f%% of comparable pairs (concordance)\n\n", 100*m.Concordance.C)

	// Retention of two profiles
	profiles := []struct {
		name string
		x    []float64
	}{
		{"monthly, 3 tickets, discount, 1 seat", []float64{0, 3, 1, 1}},
		{"annual, no tickets, full price, 5 seats", []float64{1, 0, 0, 5}},
	}
	fmt.Println("Predicted share still subscribed:")
	times := []float64{30, 90, 180, 365}
	for _, p := range profiles {
		s, err := m.SurvivalAt(nil, p.x, "", times)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("  %-40s", p.name)
		for i, t := range times {
			fmt.Printf("  day %3.0f: %3.0f%%", t, 100*s[i])
		}
		fmt.Println()
	}

	// Save and reload, as a scoring service would
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		log.Fatal(err)
	}
	size := buf.Len()
	m2, err := survival.LoadCox(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nsaved the model (%d bytes of JSON) and reloaded it: same prediction %v\n", size,
		m2.LinearPredictor(profiles[0].x) == m.LinearPredictor(profiles[0].x))
}

func orNever(x float64) string {
	if math.IsNaN(x) {
		return "never (within follow-up)"
	}
	return fmt.Sprintf("%.0f", x)
}

// plainWords reads a hazard ratio out as a change in the cancellation rate.
func plainWords(hr float64) string {
	switch {
	case hr >= 1.995:
		return fmt.Sprintf("makes cancelling %.1f times as likely at any moment", hr)
	case hr > 1:
		return fmt.Sprintf("raises the cancellation rate by %.0f%%", 100*(hr-1))
	default:
		return fmt.Sprintf("cuts the cancellation rate by %.0f%%", 100*(1-hr))
	}
}

// writeSubscribers simulates subscribers: the cancellation hazard rises with
// support tickets and discounts and falls with the annual plan and seats;
// follow-up ends at a random point within two years.
func writeSubscribers(path string, n int) error {
	rng := rand.New(rand.NewPCG(2024, 7))
	var b strings.Builder
	b.WriteString("days,cancelled,annual,tickets,discount,seats\n")
	for range n {
		annual := 0.0
		if rng.Float64() < 0.35 {
			annual = 1
		}
		tickets := float64(rng.IntN(5))
		discount := 0.0
		if rng.Float64() < 0.3 {
			discount = 1
		}
		seats := float64(1 + rng.IntN(8))
		lp := -0.9*annual + 0.25*tickets + 0.4*discount - 0.08*seats
		t := rng.ExpFloat64() / math.Exp(lp) * 240
		follow := 30 + rng.Float64()*700
		cancelled := 1
		if t > follow {
			t, cancelled = follow, 0
		}
		fmt.Fprintf(&b, "%.0f,%d,%g,%g,%g,%g\n", math.Ceil(t), cancelled, annual, tickets, discount, seats)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
