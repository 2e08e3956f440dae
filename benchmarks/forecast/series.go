package main

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
)

// generate returns n monthly series of length 120 from a fixed seed: a
// level with a random-walk or trend component, a multiplicative-looking
// seasonal pattern whose amplitude is drawn per series, and ARMA noise, so
// that auto-ARIMA meets seasonal and non-seasonal, differenced and
// stationary cases.
func generate(n, length int) [][]float64 {
	rng := rand.New(rand.NewPCG(1, 1))
	out := make([][]float64, n)
	for s := range out {
		y := make([]float64, length)
		level := 100 + 50*rng.Float64()
		trend := 0.0
		if rng.Float64() < 0.5 {
			trend = rng.NormFloat64() * 0.3
		}
		rw := rng.Float64() < 0.5
		amp := 0.0
		if rng.Float64() < 0.7 {
			amp = 5 + 15*rng.Float64()
		}
		phase := 2 * math.Pi * rng.Float64()
		phi := 0.8*rng.Float64() - 0.2
		theta := 0.8*rng.Float64() - 0.4
		sd := 1 + 3*rng.Float64()
		var e0, u0, walk float64
		seasonal := make([]float64, 12)
		for m := range seasonal {
			seasonal[m] = amp*math.Sin(2*math.Pi*float64(m)/12+phase) + 0.3*amp*rng.NormFloat64()
		}
		for t := range y {
			e := sd * rng.NormFloat64()
			u := phi*u0 + e + theta*e0
			e0, u0 = e, u
			if rw {
				walk += 0.5 * sd * rng.NormFloat64()
			}
			y[t] = level + trend*float64(t) + walk + seasonal[t%12] + u
			// Both tools fit the values as written to series.csv.
			y[t], _ = strconv.ParseFloat(fmtFloat(y[t]), 64)
		}
		out[s] = y
	}
	return out
}

// writeLong writes the series as a long CSV table id,t,y.
func writeLong(path string, series [][]float64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,t,y")
	for s, y := range series {
		for t, v := range y {
			fmt.Fprintf(w, "s%04d,%d,%s\n", s+1, t+1, fmtFloat(v))
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func fmtFloat(v float64) string { return fmt.Sprintf("%.10g", v) }
