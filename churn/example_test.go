package churn_test

import (
	"context"
	"fmt"
	"math"
	"os"

	"github.com/sibylml/sibyl/churn"
)

// toyData is a small churn table: customers with many support calls and
// short tenure churn.
func toyData() *churn.Data {
	d := &churn.Data{Features: []string{"support_calls", "tenure_months"}}
	for i := range 400 {
		calls := float64(i % 7)
		tenure := float64((i * 37) % 60)
		y := 0.0
		if calls >= 4 && tenure < 30 {
			y = 1
		}
		if i%50 == 0 {
			tenure = math.NaN() // missing values are allowed
		}
		d.X = append(d.X, calls, tenure)
		d.Label = append(d.Label, y)
	}
	return d
}

func ExampleConfig_Fit() {
	cfg := churn.Config{Rounds: 50, MaxDepth: 3, Eta: 0.3}
	m, err := cfg.Fit(context.Background(), toyData(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("trees: %d\n", m.NumTrees())
	fmt.Printf("P(churn | 5 calls, 10 months) = %.2f\n", m.PredictRow([]float64{5, 10}))
	fmt.Printf("P(churn | 1 call, 50 months)  = %.2f\n", m.PredictRow([]float64{1, 50}))
	// Output:
	// trees: 50
	// P(churn | 5 calls, 10 months) = 0.99
	// P(churn | 1 call, 50 months)  = 0.00
}

func ExampleModel_ContribRow() {
	m, err := churn.Config{Rounds: 20, MaxDepth: 3}.Fit(context.Background(), toyData(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := []float64{5, 10}
	c := m.ContribRow(nil, x) // one value per feature, then the bias
	fmt.Printf("support_calls %+.2f, tenure_months %+.2f, bias %+.2f\n", c[0], c[1], c[2])
	fmt.Printf("sum %.4f = margin %.4f\n", c[0]+c[1]+c[2], m.MarginRow(x))
	// Output:
	// support_calls +4.08, tenure_months +3.42, bias -3.00
	// sum 4.4983 = margin 4.4983
}

func ExampleImportXGBoost() {
	f, err := os.Open("testdata/xgb_import_mlc/model.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	m, err := churn.ImportXGBoost(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Objective(), m.NumTrees(), "trees,", m.NumFeatures(), "features")
	fmt.Println("most important:", m.Importance()[0].Feature)
	// Output:
	// binary:logistic 50 trees, 71 features
	// most important: total_day_minutes
}
