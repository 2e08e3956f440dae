// Command fit times sibyl's parts on the benchmark file: reading the CSV,
// the Efron Cox fit alone and Kaplan-Meier alone, printed as JSON: elapsed
// seconds (*_s) and process CPU seconds, all threads (*_cpu).
//
//	go run ./benchmarks/survival/fit -data /tmp/surv.csv
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"syscall"
	"time"

	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/survival"
)

// cpu returns the process's CPU time (user + system, all threads) in seconds.
func cpu() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func main() {
	data := flag.String("data", "surv_bench.csv", "benchmark CSV")
	p := flag.Int("p", 20, "covariates x1..xp")
	workers := flag.Int("workers", 0, "fit workers (0: all cores)")
	flag.Parse()
	ctx := context.Background()
	c0 := cpu()
	t0 := time.Now()
	f, err := dataset.ReadFile(ctx, *data, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Release()
	read := time.Since(t0).Seconds()
	readCPU := cpu() - c0
	col := func(name string) []float64 {
		v, err := f.AppendFloat64s(nil, name)
		if err != nil {
			log.Fatal(err)
		}
		return v
	}
	d := survival.CoxData{Time: col("time"), Event: col("event")}
	for j := 1; j <= *p; j++ {
		name := fmt.Sprintf("x%d", j)
		d.Names = append(d.Names, name)
		d.X = append(d.X, col(name))
	}
	c1 := cpu()
	t1 := time.Now()
	m, err := survival.Cox{Workers: *workers}.Fit(ctx, d)
	if err != nil {
		log.Fatal(err)
	}
	fit := time.Since(t1).Seconds()
	fitCPU := cpu() - c1
	c2 := cpu()
	t2 := time.Now()
	if _, err := (survival.KaplanMeier{}).Fit(ctx, d.Time, d.Event, nil); err != nil {
		log.Fatal(err)
	}
	km := time.Since(t2).Seconds()
	kmCPU := cpu() - c2
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"read_s": read, "cox_fit_s": fit, "km_s": km, "read_cpu": readCPU, "cox_fit_cpu": fitCPU, "km_cpu": kmCPU, "iterations": m.Iterations, "coef1": m.Coef[0], "loglik": m.Loglik[1],
	})
}
