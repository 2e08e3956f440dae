// Command churn-bench times sibyl's churn trainer and scorer against
// XGBoost's hist on the same generated data and prints the ratios.
//
//	go run ./benchmarks/churn [-rows 1000000] [-features 50] [-rounds 200] [-dir /tmp/churn-bench]
//
// It writes the data (float64, row-major, little-endian) to -dir, trains
// and scores with sibyl, then runs xgb_bench.py with /usr/bin/python3 (when
// xgboost is installed) on the same files and prints sibyl/XGBoost ratios.
package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"syscall"
	"time"

	"github.com/sibylml/sibyl/churn"
)

type result struct {
	TrainSeconds     float64 `json:"train_seconds"`
	PredictSeconds   float64 `json:"predict_seconds"`
	PredictRowMicros float64 `json:"predict_row_us"`
	TestAUC          float64 `json:"test_auc"`
	TestLogLoss      float64 `json:"test_logloss"`
	TrainCPUSeconds  float64 `json:"train_cpu_seconds"`
}

// cpuSeconds is the process's user+system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func main() {
	rows := flag.Int("rows", 1_000_000, "training rows")
	testRows := flag.Int("test-rows", 200_000, "scoring rows")
	nf := flag.Int("features", 50, "features")
	rounds := flag.Int("rounds", 200, "boosting rounds")
	threads := flag.Int("threads", 2, "threads for both libraries")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "churn-bench"), "where the data files go")
	python := flag.String("python", "/usr/bin/python3", "python with xgboost")
	skipXGB := flag.Bool("skip-xgboost", false, "time sibyl only")
	ompPassive := flag.Bool("omp-passive", false, "run XGBoost with OMP_WAIT_POLICY=PASSIVE (fairer on a busy machine)")
	flag.Parse()
	runtime.GOMAXPROCS(*threads)

	must(os.MkdirAll(*dir, 0o755))
	x, y, names := synthChurn(*rows, *nf, 1)
	xt, yt, _ := synthChurn(*testRows, *nf, 2)
	writeF64(filepath.Join(*dir, "x_train.f64"), x)
	writeF64(filepath.Join(*dir, "y_train.f64"), y)
	writeF64(filepath.Join(*dir, "x_test.f64"), xt)
	writeF64(filepath.Join(*dir, "y_test.f64"), yt)
	pos := 0.0
	for _, v := range y {
		pos += v
	}
	fmt.Printf("data: %d train rows, %d test rows, %d features, %.3f positive\n", *rows, *testRows, *nf, pos/float64(*rows))

	cfg := churn.Config{Rounds: *rounds, MaxDepth: 6, Eta: 0.1, MaxBin: 256, Workers: *threads}
	train := &churn.Data{X: x, Label: y, Features: names}
	var s result
	t0 := time.Now()
	c0 := cpuSeconds()
	m, err := cfg.Fit(context.Background(), train, nil)
	must(err)
	s.TrainSeconds = time.Since(t0).Seconds()
	s.TrainCPUSeconds = cpuSeconds() - c0
	p := make([]float64, *testRows)
	var times []float64
	for range 3 {
		t0 = time.Now()
		m.PredictDense(p, xt)
		times = append(times, time.Since(t0).Seconds())
	}
	sort.Float64s(times)
	s.PredictSeconds = times[1]
	s.TestAUC, s.TestLogLoss = auc(yt, p), logloss(yt, p)
	n := min(*testRows, 20000)
	t0 = time.Now()
	var sink float64
	for r := range n {
		sink += m.PredictRow(xt[r**nf : (r+1)**nf])
	}
	s.PredictRowMicros = time.Since(t0).Seconds() / float64(n) * 1e6
	_ = sink
	fmt.Printf("load average before: %s", loadavg())
	fmt.Printf("sibyl:   train %.2f s (CPU %.1f s), predict %d rows %.3f s, PredictRow %.2f µs, test AUC %.5f, logloss %.5f\n",
		s.TrainSeconds, s.TrainCPUSeconds, *testRows, s.PredictSeconds, s.PredictRowMicros, s.TestAUC, s.TestLogLoss)
	if *skipXGB {
		return
	}
	script := "benchmarks/churn/xgb_bench.py"
	if _, err := os.Stat(script); err != nil {
		script = "xgb_bench.py"
	}
	cmd := exec.Command(*python, script, "--dir", *dir, "--features", fmt.Sprint(*nf),
		"--rounds", fmt.Sprint(*rounds), "--threads", fmt.Sprint(*threads))
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(), fmt.Sprintf("OMP_NUM_THREADS=%d", *threads))
	if *ompPassive {
		cmd.Env = append(cmd.Env, "OMP_WAIT_POLICY=PASSIVE")
	}
	out, err := cmd.Output()
	if err != nil {
		fmt.Printf("xgboost: not timed (%v)\n", err)
		return
	}
	var xg result
	must(json.Unmarshal(out, &xg))
	fmt.Printf("xgboost: train %.2f s (CPU %.1f s), predict %d rows %.3f s, predict one row %.2f µs, test AUC %.5f, logloss %.5f\n",
		xg.TrainSeconds, xg.TrainCPUSeconds, *testRows, xg.PredictSeconds, xg.PredictRowMicros, xg.TestAUC, xg.TestLogLoss)
	fmt.Printf("load average after: %s", loadavg())
	fmt.Printf("ratios (xgboost time / sibyl time; > 1 means sibyl is faster): train %.2f× (CPU %.2f×), batch predict %.2f×, one row %.1f×\n",
		xg.TrainSeconds/s.TrainSeconds, xg.TrainCPUSeconds/s.TrainCPUSeconds, xg.PredictSeconds/s.PredictSeconds, xg.PredictRowMicros/s.PredictRowMicros)
	fmt.Printf("accuracy: AUC sibyl − xgboost = %+.5f, logloss sibyl − xgboost = %+.5f\n", s.TestAUC-xg.TestAUC, s.TestLogLoss-xg.TestLogLoss)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?\n"
	}
	return string(b)
}

func writeF64(path string, v []float64) {
	f, err := os.Create(path)
	must(err)
	must(binary.Write(f, binary.LittleEndian, v))
	must(f.Close())
}

func auc(y, p []float64) float64 {
	idx := make([]int, len(y))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	var npos, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && p[idx[j]] == p[idx[i]] {
			j++
		}
		for k := i; k < j; k++ {
			if y[idx[k]] == 1 {
				rankSum += float64(i+j+1) / 2
			}
		}
		i = j
	}
	for _, v := range y {
		npos += v
	}
	nneg := float64(len(y)) - npos
	return (rankSum - npos*(npos+1)/2) / (npos * nneg)
}

func logloss(y, p []float64) float64 {
	var s float64
	for i := range y {
		q := min(max(p[i], 1e-15), 1-1e-15)
		if y[i] == 1 {
			s -= math.Log(q)
		} else {
			s -= math.Log(1 - q)
		}
	}
	return s / float64(len(y))
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "churn-bench:", err)
		os.Exit(1)
	}
}
