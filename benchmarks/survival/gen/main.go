// Command gen writes the survival benchmark data set: n subjects with p
// standard normal covariates (4 decimals), exponential event times with hazard
// exp(x'β), β_j = 0.3·(-1)^j/(1 + j/4), uniform censoring, times rounded up
// to whole days (heavily tied). The seed is fixed, so the file is the same
// on every run:
//
//	go run ./benchmarks/survival/gen -n 1000000 -p 20 -out /tmp/surv.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
)

func main() {
	n := flag.Int("n", 1_000_000, "subjects")
	p := flag.Int("p", 20, "covariates")
	out := flag.String("out", "surv_bench.csv", "output CSV")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 1))
	w.WriteString("time,event")
	for j := 1; j <= *p; j++ {
		fmt.Fprintf(w, ",x%d", j)
	}
	w.WriteString("\n")
	x := make([]float64, *p)
	var buf []byte
	for range *n {
		lp := 0.0
		for j := range x {
			x[j] = math.Round(rng.NormFloat64()*1e4) / 1e4
			b := 0.3 / (1 + float64(j)/4)
			if j%2 == 1 {
				b = -b
			}
			lp += b * x[j]
		}
		t := rng.ExpFloat64() / math.Exp(lp) * 365
		c := rng.Float64() * 730
		event := 0
		if t <= c {
			event = 1
		} else {
			t = c
		}
		buf = strconv.AppendFloat(buf[:0], math.Ceil(t), 'g', -1, 64)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(event), 10)
		for _, v := range x {
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, v, 'f', -1, 64)
		}
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
