package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sibylml/sibyl/churn"
)

// coxBench writes a proportional-hazards data set of n rows × 20 features
// (log hazard linear in 5 of them, one interaction, 30% censored
// uniformly) to data.csv in dir, trains survival:cox on it (100 rounds,
// depth 6, eta 0.1, max_bin 256) and prints the seconds and the training
// concordance. With margins (a file of one margin per row, as
// xgb_cox.py writes) it prints that file's concordance instead.
func coxBench(n int, margins, dir string) error {
	const nf = 20
	path := dir + "/cox.csv"
	if margins != "" {
		return coxConcordance(path, margins)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, n*nf)
	y := make([]float64, n)
	for i := range n {
		row := x[i*nf : (i+1)*nf]
		for j := range row {
			row[j] = rng.NormFloat64()
		}
		eta := 0.7*row[0] - 0.5*row[1] + 0.3*row[2] + 0.2*row[3]*row[4]
		tm := rng.ExpFloat64() / (0.01 * math.Exp(eta))
		c := rng.Float64() * 300
		y[i] = max(tm, 1e-3)
		if c < tm {
			y[i] = -max(c, 1e-3)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	names := make([]string, nf)
	for j := range names {
		names[j] = "x" + strconv.Itoa(j+1)
	}
	fmt.Fprintf(w, "label,%s\n", strings.Join(names, ","))
	for i := range n {
		w.WriteString(strconv.FormatFloat(y[i], 'g', -1, 64))
		for _, v := range x[i*nf : (i+1)*nf] {
			w.WriteByte(',')
			w.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	cfg := churn.Config{Objective: churn.CoxObjective, Rounds: 100, MaxDepth: 6, Eta: 0.1, MaxBin: 256, Workers: 2}
	t0 := time.Now()
	m, err := cfg.Fit(context.Background(), &churn.Data{X: x, Features: names, Label: y}, nil)
	if err != nil {
		return err
	}
	sec := time.Since(t0).Seconds()
	c, err := churn.Concordance(y, nil, m.MarginDense(nil, x))
	if err != nil {
		return err
	}
	fmt.Printf("sibyl survival:cox: %d rows x %d features, 100 rounds depth 6: %.3f s, training concordance %.4f\n", n, nf, sec, c)
	fmt.Printf("seconds %.4f\n", sec)
	return nil
}

func coxConcordance(data, margins string) error {
	read := func(path string, col int) ([]float64, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var v []float64
		for first := true; sc.Scan(); first = false {
			if first && col >= 0 {
				continue
			}
			fld := sc.Text()
			if col >= 0 {
				fld = strings.SplitN(fld, ",", 2)[0]
			}
			x, err := strconv.ParseFloat(fld, 64)
			if err != nil {
				return nil, err
			}
			v = append(v, x)
		}
		return v, sc.Err()
	}
	y, err := read(data, 0)
	if err != nil {
		return err
	}
	m, err := read(margins, -1)
	if err != nil {
		return err
	}
	c, err := churn.Concordance(y, nil, m)
	if err != nil {
		return err
	}
	fmt.Printf("training concordance of %s: %.4f\n", margins, c)
	return nil
}
