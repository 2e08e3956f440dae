package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	"github.com/sibylml/sibyl/forecast"
)

var (
	workers = flag.Int("workers", runtime.GOMAXPROCS(0), "sibyl workers")
	rN      = flag.Int("r", 0, "also time R's auto.arima on the first N series (needs Rscript)")
	rOut    = flag.String("r-results", "r_results.csv", "R's per-series results (written by bench.R, read here)")
	ourOut  = flag.String("results", "sibyl_results.csv", "where to write sibyl's per-series results")
	cpuProf = flag.String("cpuprofile", "", "write a CPU profile of the sibyl fits to this file")
)

const holdout = 12

// mase is the mean absolute error over the holdout scaled by the in-sample
// mean absolute seasonal-naive (lag 12) error.
func mase(train, test, fc []float64) float64 {
	s := 0.0
	for t := 12; t < len(train); t++ {
		s += math.Abs(train[t] - train[t-12])
	}
	scale := s / float64(len(train)-12)
	e := 0.0
	for i := range test {
		e += math.Abs(test[i] - fc[i])
	}
	return e / float64(len(test)) / scale
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func run(series [][]float64, path string) error {
	ids := make([]string, len(series))
	train := make([][]float64, len(series))
	for i, y := range series {
		ids[i] = fmt.Sprintf("s%04d", i+1)
		train[i] = y[:len(y)-holdout]
	}
	ctx := context.Background()
	if *cpuProf != "" {
		pf, err := os.Create(*cpuProf)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pf.Close()
	}
	cpu0 := cpuSeconds()
	t0 := time.Now()
	res, err := forecast.Batch(ctx, forecast.BatchConfig{Period: 12, Horizon: holdout, Levels: []float64{95}, Workers: *workers},
		ids, train, forecast.AutoARIMA{Period: 12}.Method())
	if err != nil {
		return err
	}
	wall := time.Since(t0).Seconds()
	cpu := cpuSeconds() - cpu0
	if *cpuProf != "" {
		pprof.StopCPUProfile()
	}
	masePer := make(map[string]float64, len(res))
	total, failed := 0.0, 0
	of, err := os.Create(*ourOut)
	if err != nil {
		return err
	}
	ow := csv.NewWriter(of)
	ow.Write([]string{"id", "mase", "model"})
	for i, r := range res {
		if r.Err != nil {
			failed++
			ow.Write([]string{r.ID, "", r.Err.Error()})
			continue
		}
		m := mase(train[i], series[i][len(series[i])-holdout:], r.Forecast.Mean)
		masePer[r.ID] = m
		total += m
		ow.Write([]string{r.ID, strconv.FormatFloat(m, 'g', -1, 64), r.Model})
	}
	ow.Flush()
	if err := of.Close(); err != nil {
		return err
	}
	fmt.Printf("sibyl auto-ARIMA: %d series, %d failed, %d workers: wall %.2f s (%.1f ms/series), CPU %.2f s (%.1f ms/series), mean MASE %.4f\n",
		len(res), failed, *workers, wall, 1000*wall/float64(len(res)), cpu, 1000*cpu/float64(len(res)), total/float64(len(res)-failed))
	if *rN > 0 {
		cmd := exec.Command("Rscript", "benchmarks/forecast/bench.R", path, *rOut, strconv.Itoa(*rN))
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("Rscript: %w", err)
		}
	}
	f, err := os.Open(*rOut)
	if err != nil {
		fmt.Println("no R results (run with -r N, or Rscript benchmarks/forecast/bench.R series.csv r_results.csv N)")
		return nil
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return err
	}
	var rCPU, rMASE, ourMASE float64
	n := 0
	for _, r := range rows[1:] {
		c, _ := strconv.ParseFloat(r[1], 64)
		m, _ := strconv.ParseFloat(r[2], 64)
		om, ok := masePer[r[0]]
		if !ok {
			continue
		}
		rCPU += c
		rMASE += m
		ourMASE += om
		n++
	}
	if n == 0 {
		return nil
	}
	perR := rCPU / float64(n)
	fmt.Printf("R auto.arima on %d of these series: %.2f s CPU/series, mean MASE %.4f (sibyl on the same %d: %.4f)\n",
		n, perR, rMASE/float64(n), n, ourMASE/float64(n))
	fmt.Printf("extrapolated R time for %d series (single-threaded, as R runs): %.0f s; sibyl wall %.2f s: %.0fx faster (per-series CPU ratio %.0fx)\n",
		len(res), perR*float64(len(res)), wall, perR*float64(len(res))/wall, perR/(cpu/float64(len(res))))
	return nil
}
