package journey_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/sibylml/sibyl/journey"
)

const exampleLog = `user_id,timestamp,event,value
a,2024-01-02T00:00:00Z,search,
a,2024-01-02T00:10:00Z,email,
a,2024-01-02T00:20:00Z,purchase,40
b,2024-01-03T00:00:00Z,display,
b,2024-01-03T00:10:00Z,search,
b,2024-01-03T00:20:00Z,purchase,60
c,2024-01-04T00:00:00Z,display,
d,2024-01-05T00:00:00Z,email,
d,2024-01-05 00:10:00,purchase,
`

// Example_fromCSV attributes the conversions of a raw event log to its
// channels by removal effect, next to last-touch attribution.
func Example_fromCSV() {
	ctx := context.Background()
	log, err := journey.ReadCSV(ctx, strings.NewReader(exampleLog), journey.Columns{Value: "value"})
	if err != nil {
		panic(err)
	}
	paths, err := journey.BuildPaths(ctx, log, journey.PathOptions{Conversion: "purchase"})
	if err != nil {
		panic(err)
	}
	chain, err := journey.Config{}.Fit(ctx, paths)
	if err != nil {
		panic(err)
	}
	s := paths.Summary()
	fmt.Printf("%d paths, %d conversions, rejected %v\n", s.NPaths, s.NConversions, s.RejectedRows)
	fmt.Printf("P(conversion) = %.4g\n", chain.ConversionProbability())
	re := chain.RemovalEffects()
	value := chain.Attribution(s.TotalConversionValue)
	last := paths.Heuristics(0).LastTouch
	for i, c := range chain.Channels() {
		fmt.Printf("%-8s removal effect %.3f  value %6.2f  last touch %.0f\n", c, re[i], value[i], last[i])
	}
	// Output:
	// 4 paths, 2 conversions, rejected [{10 invalid timestamp}]
	// P(conversion) = 0.5
	// display  removal effect 0.375  value  23.08  last touch 0
	// email    removal effect 0.500  value  30.77  last touch 1
	// search   removal effect 0.750  value  46.15  last touch 1
}

// ExampleChain_Next predicts the next step of a journey with a second-order
// chain.
func ExampleChain_Next() {
	ctx := context.Background()
	log, _ := journey.ReadCSV(ctx, strings.NewReader(exampleLog), journey.Columns{Value: "value"})
	paths, _ := journey.BuildPaths(ctx, log, journey.PathOptions{Conversion: "purchase"})
	chain, _ := journey.Config{Order: 2}.Fit(ctx, paths)
	next, err := chain.Next([]string{"display"}, 3)
	if err != nil {
		panic(err)
	}
	for _, p := range next {
		fmt.Printf("%s %.2f\n", p.State, p.Prob)
	}
	// Output:
	// search 0.50
	// (null) 0.50
}

// ExampleIncremental keeps a chain up to date as events arrive.
func ExampleIncremental() {
	ctx := context.Background()
	inc, _ := journey.NewIncremental(journey.Config{}, journey.PathOptions{Conversion: "purchase"})
	inc.Add(2, "a", "2024-01-02T00:00:00Z", "search", nil)
	inc.Add(3, "b", "2024-01-02T00:00:00Z", "email", nil)
	ch, _ := inc.Chain(ctx)
	fmt.Printf("P = %.2f\n", ch.ConversionProbability())
	inc.Add(4, "a", "2024-01-02T01:00:00Z", "purchase", nil)
	ch, _ = inc.Chain(ctx)
	fmt.Printf("P = %.2f, removal effects %.2f\n", ch.ConversionProbability(), ch.RemovalEffects())
	// Output:
	// P = 0.00
	// P = 0.50, removal effects [0.00 1.00]
}
