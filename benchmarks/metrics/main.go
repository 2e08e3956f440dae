// Command metrics-bench times sibyl's ROC AUC against scikit-learn's
// roc_auc_score on the same scores and prints the ratio.
//
//	go run ./benchmarks/metrics [-n 1000000] [-repeat 5] [-dir /tmp/metrics-bench]
//
// It draws n scores uniform on [0, 1) and labels y ~ Bernoulli(score) from
// rand.NewPCG(1, 1) (the data of BenchmarkROCAUC), writes them as
// little-endian float64 files to -dir, times metrics.ROCAUC (best of
// -repeat, wall clock and process CPU), then runs auc_sklearn.py with
// /usr/bin/python3 on the same files and prints both, the AUCs, and the
// sklearn/sibyl time ratios.
package main

import (
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/sibylml/sibyl/metrics"
)

type timing struct {
	AUC        float64 `json:"auc"`
	WallSecond float64 `json:"wall_seconds"`
	CPUSecond  float64 `json:"cpu_seconds"`
}

func cpuSeconds() float64 {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return math.NaN()
	}
	return float64(r.Utime.Sec+r.Stime.Sec) + float64(r.Utime.Usec+r.Stime.Usec)/1e6
}

func writeFloats(path string, x []float64) {
	b := make([]byte, 8*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	must(os.WriteFile(path, b, 0o644))
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "metrics-bench:", err)
		os.Exit(1)
	}
}

func main() {
	n := flag.Int("n", 1_000_000, "number of scores")
	repeat := flag.Int("repeat", 5, "timed repetitions (best is reported)")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "metrics-bench"), "where the data files go")
	python := flag.String("python", "/usr/bin/python3", "python with scikit-learn")
	skip := flag.Bool("skip-sklearn", false, "time sibyl only")
	flag.Parse()

	r := rand.New(rand.NewPCG(1, 1))
	y, s := make([]float64, *n), make([]float64, *n)
	for i := range s {
		s[i] = r.Float64()
		if r.Float64() < s[i] {
			y[i] = 1
		}
		r.Float64() // the weight BenchmarkROCAUC draws
	}
	must(os.MkdirAll(*dir, 0o755))
	writeFloats(filepath.Join(*dir, "y.f64"), y)
	writeFloats(filepath.Join(*dir, "score.f64"), s)

	best := timing{WallSecond: math.Inf(1), CPUSecond: math.Inf(1)}
	for range *repeat {
		runtime.GC()
		c0, t0 := cpuSeconds(), time.Now()
		auc, err := metrics.ROCAUC(y, s, nil)
		wall, cpu := time.Since(t0).Seconds(), cpuSeconds()-c0
		must(err)
		best.AUC = auc
		best.WallSecond = min(best.WallSecond, wall)
		best.CPUSecond = min(best.CPUSecond, cpu)
	}
	fmt.Printf("n = %d scores, GOMAXPROCS %d, best of %d\n", *n, runtime.GOMAXPROCS(0), *repeat)
	fmt.Printf("sibyl   metrics.ROCAUC:          AUC %.17g  wall %8.2f ms  cpu %8.2f ms\n", best.AUC, 1e3*best.WallSecond, 1e3*best.CPUSecond)
	if *skip {
		return
	}
	script := filepath.Join(filepath.Dir(os.Args[0]), "auc_sklearn.py")
	if _, err := os.Stat(script); err != nil {
		script = filepath.Join("benchmarks", "metrics", "auc_sklearn.py")
	}
	out, err := exec.Command(*python, script, *dir, fmt.Sprint(*repeat)).Output()
	must(err)
	var sk timing
	must(json.Unmarshal(out, &sk))
	fmt.Printf("sklearn roc_auc_score:           AUC %.17g  wall %8.2f ms  cpu %8.2f ms\n", sk.AUC, 1e3*sk.WallSecond, 1e3*sk.CPUSecond)
	fmt.Printf("|AUC difference| %.3g; sklearn/sibyl time: wall %.1fx, cpu %.1fx\n",
		math.Abs(sk.AUC-best.AUC), sk.WallSecond/best.WallSecond, sk.CPUSecond/best.CPUSecond)
}
