// Command dataset times sibyl's CSV reader against pandas.read_csv on the
// same generated file and prints the ratio:
//
//	go run ./benchmarks/dataset -rows 1000000 -repeat 3
//
// The file has rows × 20 columns (16 floats with six decimals, 4 integers)
// drawn from rand.NewPCG(1, 1), the same data as the Go benchmark
// BenchmarkReadCSV in package dataset. Each reader runs -repeat times and
// the best wall time and its CPU time are kept. pandas runs through
// pandas_read.py beside this file (python3 with pandas must be installed;
// without it only sibyl's figures are printed).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/sibylml/sibyl/dataset"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "data rows in the generated file")
	repeat := flag.Int("repeat", 3, "timed reads per tool (best is kept)")
	dir := flag.String("dir", os.TempDir(), "where to write the file")
	python := flag.String("python", defaultPython(), "python interpreter with pandas")
	flag.Parse()
	path := filepath.Join(*dir, fmt.Sprintf("sibyl-bench-%d.csv", *rows))
	size, err := generate(path, *rows)
	if err != nil {
		fail(err)
	}
	defer os.Remove(path)
	fmt.Printf("file: %s, %d rows x 20 cols, %.1f MB; GOMAXPROCS=%d\n", path, *rows, float64(size)/1e6, runtime.GOMAXPROCS(0))

	var best timing
	for i := 0; i < *repeat; i++ {
		t, err := timeSibyl(path, *rows)
		if err != nil {
			fail(err)
		}
		if i == 0 || t.Wall < best.Wall {
			best = t
		}
	}
	fmt.Printf("sibyl  dataset.ReadFile: wall %.3f s, cpu %.3f s\n", best.Wall, best.CPU)

	script := filepath.Join(filepath.Dir(thisFile()), "pandas_read.py")
	out, err := exec.Command(*python, script, path, strconv.Itoa(*repeat)).Output()
	if err != nil {
		fmt.Printf("pandas: not run (%v)\n", err)
		return
	}
	var pd timing
	if err := json.Unmarshal(out, &pd); err != nil {
		fail(fmt.Errorf("pandas output %q: %w", out, err))
	}
	fmt.Printf("pandas read_csv %s: wall %.3f s, cpu %.3f s\n", pd.Version, pd.Wall, pd.CPU)
	fmt.Printf("ratio pandas/sibyl: wall %.2fx, cpu %.2fx (above 1 means sibyl is faster)\n", pd.Wall/best.Wall, pd.CPU/best.CPU)
}

type timing struct {
	Wall    float64 `json:"wall"`
	CPU     float64 `json:"cpu"`
	Version string  `json:"version"`
}

func timeSibyl(path string, rows int) (timing, error) {
	runtime.GC()
	c0, w0 := cpuSeconds(), time.Now()
	f, err := dataset.ReadFile(context.Background(), path, nil)
	if err != nil {
		return timing{}, err
	}
	t := timing{Wall: time.Since(w0).Seconds(), CPU: cpuSeconds() - c0}
	if f.NumRows() != rows {
		return t, fmt.Errorf("read %d rows, want %d", f.NumRows(), rows)
	}
	f.Release()
	return t, nil
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// generate writes the benchmark file: a header x0..x15,n16..n19, then rows
// of 16 normal(0, 100) floats with six decimals and 4 integers in [0, 1e5).
func generate(path string, rows int) (int64, error) {
	fh, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	w := bufio.NewWriterSize(fh, 1<<20)
	r := rand.New(rand.NewPCG(1, 1))
	var buf []byte
	for j := 0; j < 20; j++ {
		if j > 0 {
			buf = append(buf, ',')
		}
		if j < 16 {
			buf = append(buf, 'x')
		} else {
			buf = append(buf, 'n')
		}
		buf = strconv.AppendInt(buf, int64(j), 10)
	}
	buf = append(buf, '\n')
	w.Write(buf)
	for i := 0; i < rows; i++ {
		buf = buf[:0]
		for j := 0; j < 20; j++ {
			if j > 0 {
				buf = append(buf, ',')
			}
			if j < 16 {
				buf = strconv.AppendFloat(buf, r.NormFloat64()*100, 'f', 6, 64)
			} else {
				buf = strconv.AppendInt(buf, int64(r.IntN(100000)), 10)
			}
		}
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	st, err := fh.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// defaultPython is the system python3, where the reference tools are
// installed, or python3 on PATH.
func defaultPython() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

func thisFile() string {
	_, file, _, _ := runtime.Caller(0)
	return file
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchmarks/dataset:", err)
	os.Exit(1)
}
