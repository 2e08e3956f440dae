// Command churn_events generates the benchmark event log and times sibyl's
// event features on it (see README.md):
//
//	go run ./benchmarks/churn_events gen -customers 50000 -events 20 > events.csv
//	go run ./benchmarks/churn_events features -data events.csv -out features.csv
//	go run ./benchmarks/churn_events cox -customers 20000 -out DIR
//	go run ./benchmarks/churn_events cox -margins DIR/xgb_margins.txt -out DIR
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/dataset"
)

var (
	start  = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	cutoff = time.Date(2024, 10, 27, 0, 0, 0, 0, time.UTC)
	types  = []string{"cancel", "downgrade", "login", "payment", "purchase", "support"}
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: churn_events gen|features|cox [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	customers := fs.Int("customers", 50000, "customers")
	events := fs.Int("events", 20, "events per customer")
	data := fs.String("data", "", "event log CSV")
	out := fs.String("out", "", "features CSV to write (cox: the directory for cox.csv)")
	margins := fs.String("margins", "", "cox: margins file to score instead of training")
	fs.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(*customers, *events)
	case "features":
		err = features(*data, *out)
	case "cox":
		err = coxBench(*customers, *margins, *out)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "churn_events:", err)
		os.Exit(1)
	}
}

// gen writes customers × events rows (customer,time,event,value), times
// uniform over 2024 in whole seconds, six event types, a value on a third
// of the rows, rows in random order (both tools must sort).
func gen(customers, events int) error {
	rng := rand.New(rand.NewPCG(1, 1))
	n := customers * events
	order := rng.Perm(n)
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	fmt.Fprintln(w, "customer,time,event,value")
	for _, i := range order {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		t := start.Unix() + r.Int64N(366*86400)
		v := ""
		if r.IntN(3) == 0 {
			v = strconv.FormatFloat(math.Round(r.Float64()*10000)/100, 'f', -1, 64)
		}
		fmt.Fprintf(w, "c%d,%d,%s,%s\n", i/events, t, types[r.IntN(len(types))], v)
	}
	return w.Flush()
}

func features(data, out string) error {
	ctx := context.Background()
	t0 := time.Now()
	f, err := dataset.ReadFile(ctx, data, nil)
	if err != nil {
		return err
	}
	defer f.Release()
	t1 := time.Now()
	l, err := dataset.NewEventLog(f, dataset.EventLogColumns{Entity: "customer", Time: "time", Event: "event", Value: "value"})
	if err != nil {
		return err
	}
	t2 := time.Now()
	spec := churn.FeatureSpec{EventTypes: types}
	var s *churn.Snapshot
	best := time.Duration(math.MaxInt64)
	for range 5 {
		t := time.Now()
		s, err = spec.Features(ctx, l, cutoff)
		if err != nil {
			return err
		}
		best = min(best, time.Since(t))
	}
	fmt.Printf("read %.3f s, event log %.3f s, features best of 5 %.3f s (%d events, %d customers, %d rows x %d features)\n",
		t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds(), best.Seconds(), l.Len(), l.NumEntities(), s.NumRows(), len(s.Names))
	fmt.Printf("seconds %.4f\n", best.Seconds())
	if out == "" {
		return nil
	}
	fo, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(fo, 1<<20)
	fmt.Fprintf(w, "customer")
	for _, n := range s.Names {
		fmt.Fprintf(w, ",%s", n)
	}
	fmt.Fprintln(w)
	rows := make([]int, s.NumRows())
	for i := range rows {
		rows[i] = i
	}
	slices.SortFunc(rows, func(a, b int) int {
		if s.Customer[a] < s.Customer[b] {
			return -1
		}
		return 1
	})
	buf := make([]byte, 0, 64)
	for _, r := range rows {
		w.WriteString(s.Customer[r])
		for _, v := range s.Row(r) {
			buf = append(buf[:0], ',')
			if !math.IsNaN(v) {
				buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
			}
			w.Write(buf)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		fo.Close()
		return err
	}
	return fo.Close()
}
