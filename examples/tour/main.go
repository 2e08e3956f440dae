// Command tour runs every sibyl model family on the embedded sample data and
// prints a readable report:
//
//	go run ./examples/tour
//
// Each model family adds its section from its own file (metrics.go,
// survival.go, forecast.go, churn.go, journey.go, hpo.go) through addSection.
package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

type section struct {
	order int // sections print in increasing order
	title string
	run   func(ctx context.Context, w *report) error
}

var sections []section

func addSection(s section) { sections = append(sections, s) }

// report is what a section writes to.
type report struct{ b strings.Builder }

func (r *report) printf(format string, a ...any) { fmt.Fprintf(&r.b, format, a...) }

func main() {
	ctx := context.Background()
	sort.Slice(sections, func(i, j int) bool { return sections[i].order < sections[j].order })
	failed := 0
	fmt.Println("sibyl tour: every model family on the embedded sample data")
	for _, s := range sections {
		fmt.Printf("\n== %s ==\n", s.title)
		var r report
		start := time.Now()
		err := s.run(ctx, &r)
		fmt.Print(r.b.String())
		if err != nil {
			failed++
			fmt.Fprintf(os.Stderr, "tour: %s: %v\n", s.title, err)
			continue
		}
		fmt.Printf("(%s in %.0f ms)\n", s.title, float64(time.Since(start).Microseconds())/1000)
	}
	if failed > 0 {
		os.Exit(1)
	}
}
