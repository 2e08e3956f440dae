// Command forecast_ets times sibyl's auto-ETS on many monthly series and
// scores it on a 12-month holdout, for comparison with R's forecast::ets
// (bench.R) on the same series.
//
//	go run ./benchmarks/forecast_ets -gen series.csv          # write the series
//	go run ./benchmarks/forecast_ets -data series.csv -out go.csv
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/sibylml/sibyl/forecast"
	"github.com/sibylml/sibyl/metrics"
)

const (
	period  = 12
	holdout = 12
)

func main() {
	gen := flag.String("gen", "", "write the generated series (long CSV id,t,y) to this file and exit")
	nSeries := flag.Int("n", 1000, "number of series to generate")
	length := flag.Int("len", 120, "series length")
	seed := flag.Uint64("seed", 20240601, "generator seed")
	data := flag.String("data", "", "series CSV (id,t,y) to fit")
	limit := flag.Int("limit", 0, "fit only the first N series (0 = all)")
	out := flag.String("out", "", "per-series results CSV (id,model,mase,seconds)")
	workers := flag.Int("workers", 1, "parallel workers")
	flag.Parse()
	if *gen != "" {
		if err := writeSeries(*gen, *nSeries, *length, *seed); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *data == "" {
		log.Fatal("need -gen or -data")
	}
	series, err := readSeries(*data)
	if err != nil {
		log.Fatal(err)
	}
	if *limit > 0 && *limit < len(series) {
		series = series[:*limit]
	}
	type result struct {
		model string
		mase  float64
		secs  float64
		err   error
	}
	res := make([]result, len(series))
	jobs := make(chan int)
	var wg sync.WaitGroup
	cpu0 := cpuSeconds()
	t0 := time.Now()
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				y := series[i]
				train, test := y[:len(y)-holdout], y[len(y)-holdout:]
				s := time.Now()
				m, err := forecast.ETS{Period: period, Workers: 1}.Fit(context.Background(), train)
				if err != nil {
					res[i] = result{err: err}
					continue
				}
				fc, err := m.Forecast(holdout, nil)
				secs := time.Since(s).Seconds()
				if err != nil {
					res[i] = result{err: err}
					continue
				}
				mase, err := metrics.MASE(test, fc.Mean, train, period)
				res[i] = result{model: m.Label(), mase: mase, secs: secs, err: err}
			}
		}()
	}
	for i := range series {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	wall := time.Since(t0).Seconds()
	cpu := cpuSeconds() - cpu0
	var sum float64
	var ok int
	for _, r := range res {
		if r.err == nil && !math.IsNaN(r.mase) {
			sum += r.mase
			ok++
		}
	}
	fmt.Printf("sibyl auto-ETS: %d series, %d workers, wall %.2f s, cpu %.2f s, %.4f cpu-s/series, mean MASE %.4f (%d ok)\n",
		len(series), *workers, wall, cpu, cpu/float64(len(series)), sum/float64(ok), ok)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			log.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.Write([]string{"id", "model", "mase", "seconds"})
		for i, r := range res {
			msg := r.model
			if r.err != nil {
				msg = "error: " + r.err.Error()
			}
			w.Write([]string{strconv.Itoa(i + 1), msg, strconv.FormatFloat(r.mase, 'g', -1, 64), strconv.FormatFloat(r.secs, 'g', 6, 64)})
		}
		w.Flush()
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}

// cpuSeconds is the process's user+system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// writeSeries generates n positive monthly series: a level with a random
// (possibly damped) trend, an additive or multiplicative season of random
// strength, and noise, so that auto-ETS meets every kind of model.
func writeSeries(path string, n, length int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"id", "t", "y"})
	for id := 1; id <= n; id++ {
		level := 50 + 950*rng.Float64()
		slope := level * 0.01 * rng.NormFloat64()
		phi := 1.0
		if rng.Float64() < 0.3 {
			phi = 0.85 + 0.1*rng.Float64()
		}
		amp := 0.0
		if rng.Float64() < 0.7 {
			amp = 0.3 * rng.Float64()
		}
		multSeason := rng.Float64() < 0.5
		noise := 0.01 + 0.08*rng.Float64()
		phase := 2 * math.Pi * rng.Float64()
		shape := make([]float64, period)
		for k := range shape {
			shape[k] = math.Sin(2*math.Pi*float64(k)/period+phase) + 0.3*rng.NormFloat64()
		}
		for t := 0; t < length; t++ {
			slope *= phi
			level = math.Max(level+slope+noise*level*0.3*rng.NormFloat64(), 1)
			s := amp * shape[t%period]
			var y float64
			if multSeason {
				y = level * (1 + s)
			} else {
				y = level + s*50
			}
			y *= 1 + noise*rng.NormFloat64()
			y = math.Max(y, 0.5)
			w.Write([]string{strconv.Itoa(id), strconv.Itoa(t + 1), strconv.FormatFloat(y, 'g', 10, 64)})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Close()
}

func readSeries(path string) ([][]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	var out [][]float64
	last := ""
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if r[0] != last {
			out = append(out, nil)
			last = r[0]
		}
		out[len(out)-1] = append(out[len(out)-1], v)
	}
	return out, nil
}
