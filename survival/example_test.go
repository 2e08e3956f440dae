package survival_test

import (
	"context"
	"fmt"

	"github.com/sibylml/sibyl/survival"
)

func ExampleKaplanMeier_Fit() {
	time := []float64{5, 8, 8, 12, 15, 21, 30, 30, 42, 50}
	event := []float64{1, 1, 0, 1, 1, 0, 1, 1, 0, 1}
	res, err := survival.KaplanMeier{}.Fit(context.Background(), time, event, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := res.Curves[0]
	for i, t := range c.Time {
		fmt.Printf("t=%2g at risk %2g events %g S=%.4f\n", t, c.NRisk[i], c.NEvent[i], c.Surv[i])
	}
	fmt.Printf("median %g\n", c.Median)
	// Output:
	// t= 5 at risk 10 events 1 S=0.9000
	// t= 8 at risk  9 events 1 S=0.8000
	// t=12 at risk  7 events 1 S=0.6857
	// t=15 at risk  6 events 1 S=0.5714
	// t=21 at risk  5 events 0 S=0.5714
	// t=30 at risk  4 events 2 S=0.2857
	// t=42 at risk  2 events 0 S=0.2857
	// t=50 at risk  1 events 1 S=0.0000
	// median 30
}

func ExampleCox_Fit() {
	d := survival.CoxData{
		Names: []string{"treated"},
		X:     [][]float64{{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}},
		Time:  []float64{3, 5, 6, 9, 12, 7, 10, 14, 18, 21},
		Event: []float64{1, 1, 1, 1, 0, 1, 0, 1, 1, 0},
	}
	m, err := survival.Cox{}.Fit(context.Background(), d)
	if err != nil {
		fmt.Println(err)
		return
	}
	// R: coxph(Surv(t, e) ~ tr) gives -1.886702, 1.127227, 0.09417865, 4 iterations; survfit 0.8092631.
	fmt.Printf("coef %.4f se %.4f p %.4f iterations %d\n", m.Coef[0], m.SE[0], m.P[0], m.Iterations)
	s, _ := m.SurvivalAt(nil, []float64{1}, "", []float64{10})
	fmt.Printf("treated: S(10) = %.4f\n", s[0])
	// Output:
	// coef -1.8867 se 1.1272 p 0.0942 iterations 4
	// treated: S(10) = 0.8093
}
