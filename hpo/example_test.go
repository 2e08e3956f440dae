package hpo_test

import (
	"context"
	"fmt"

	"github.com/sibylml/sibyl/hpo"
)

func ExampleStudy_Optimize() {
	ctx := context.Background()
	study, err := hpo.NewStudy(ctx, hpo.Config{Sampler: &hpo.TPE{Seed: 1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	err = study.Optimize(ctx, func(ctx context.Context, t *hpo.Trial) (float64, error) {
		x, err := t.Float("x", -5, 5)
		if err != nil {
			return 0, err
		}
		opt, err := t.Categorical("opt", []string{"sgd", "adam"})
		if err != nil {
			return 0, err
		}
		penalty := 1.0
		if opt == "adam" {
			penalty = 0
		}
		return (x-2)*(x-2) + penalty, nil
	}, 60)
	if err != nil {
		fmt.Println(err)
		return
	}
	best, _ := study.Best(ctx)
	fmt.Printf("opt=%s x≈%.1f value<0.05: %v\n", best.Label("opt"), best.Float("x"), best.Value < 0.05)
	// Output:
	// opt=adam x≈2.0 value<0.05: true
}

func ExampleStudy_Ask() {
	ctx := context.Background()
	study, _ := hpo.NewStudy(ctx, hpo.Config{Sampler: hpo.Random{Seed: 3}})
	for range 20 {
		t, err := study.Ask(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		n, _ := t.Int("n", 1, 10)
		// Run the trial elsewhere, then report its value.
		study.Tell(ctx, t.Number(), float64((n-7)*(n-7)), nil)
	}
	best, _ := study.Best(ctx)
	fmt.Println("best n:", best.Label("n"))
	// Output:
	// best n: 7
}
