package churn_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/dataset"
)

// Features and labels of a tiny event log at a cut-off: only the events
// before the cut-off make the features; the 14 days after it make the
// label.
func ExampleFeatureSpec_Labeled() {
	const text = `customer,time,event,value
a,2024-01-01,login,
a,2024-01-05,purchase,10
a,2024-01-12,login,
a,2024-01-20,login,
a,2024-01-31,login,
b,2024-01-03,login,
b,2024-01-09,purchase,25
c,2024-01-04,login,
c,2024-01-10,cancel,
`
	ctx := context.Background()
	f, err := dataset.ReadCSV(ctx, strings.NewReader(text), "events.csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Release()
	log, err := dataset.NewEventLog(f, dataset.EventLogColumns{Entity: "customer", Time: "time", Event: "event", Value: "value"})
	if err != nil {
		fmt.Println(err)
		return
	}
	spec := churn.FeatureSpec{WindowDays: []float64{7}, ChurnDays: 14, CancelEvents: []string{"cancel"}}
	s, err := spec.Labeled(ctx, log, time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("event types:", s.Spec.EventTypes)
	fmt.Println("columns:", len(s.Names), s.Names[:4])
	for r, c := range s.Customer {
		x := s.Row(r)
		fmt.Printf("%s recency %.0f days, %v events, value %v, churned %v\n", c, x[0], x[2], x[3], s.Churned[r])
	}
	st := s.Stats[0]
	fmt.Printf("%d rows, %d already cancelled\n", st.Customers, st.Cancelled)
	// Output:
	// event types: [cancel login purchase]
	// columns: 22 [recency_days tenure_days events_total value_total]
	// a recency 3 days, 3 events, value 10, churned 0
	// b recency 6 days, 2 events, value 25, churned 1
	// 2 rows, 1 already cancelled
}

// A lift table by decile and the expected churners among the riskiest.
func ExampleLiftTable() {
	y := []float64{1, 1, 0, 1, 0, 0, 0, 1, 0, 0}
	p := []float64{0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05}
	rows, err := churn.LiftTable(y, p, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Printf("group %d: %v churners, lift %.2f, gain %.2f\n", r.Group, r.Churners, r.Lift, r.Gain)
	}
	top, _ := churn.ExpectedChurners(p, 3)
	fmt.Printf("expected churners in the top 3: %.1f\n", top)
	// Output:
	// group 1: 2 churners, lift 2.50, gain 0.50
	// group 2: 1 churners, lift 1.25, gain 0.75
	// group 3: 0 churners, lift 0.00, gain 0.75
	// group 4: 1 churners, lift 1.25, gain 1.00
	// group 5: 0 churners, lift 0.00, gain 1.00
	// expected churners in the top 3: 2.4
}
