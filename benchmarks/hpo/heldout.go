package main

// Held-out functions, not in shared/reference/hpo, of the same kinds (2-d,
// 3-d, 8-d, mixed with log-scale ints): run with
// -functions camel2,goldstein2,hart3,levy8,styb8,rastrigin8,ackley8,rosen8,mixed2
// to compare sibyl's default TPE with its Optuna-default TPE beyond the five
// functions the defaults were chosen on.

import (
	"math"

	"github.com/sibylml/sibyl/hpo"
	"github.com/sibylml/sibyl/hpo/bench"
)

func fl(prefix string, n int, lo, hi float64) []hpo.Param {
	out := make([]hpo.Param, n)
	for i := range out {
		out[i] = hpo.Param{Name: prefix + string(rune('0'+i)), Type: hpo.FloatParam, Low: lo, High: hi}
	}
	return out
}

var heldout = map[string]bench.Function{
	"levy8": {Name: "levy8", Space: fl("x", 8, -10, 10), Eval: func(x []float64) float64 {
		w := func(v float64) float64 { return 1 + (v-1)/4 }
		d := len(x)
		s := math.Pow(math.Sin(math.Pi*w(x[0])), 2)
		for i := 0; i < d-1; i++ {
			wi := w(x[i])
			s += (wi - 1) * (wi - 1) * (1 + 10*math.Pow(math.Sin(math.Pi*wi+1), 2))
		}
		wd := w(x[d-1])
		return s + (wd-1)*(wd-1)*(1+math.Pow(math.Sin(2*math.Pi*wd), 2))
	}},
	"styb8": {Name: "styb8", Space: fl("x", 8, -5, 5), Eval: func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v*v*v*v - 16*v*v + 5*v
		}
		return s / 2
	}},
	"camel2": {Name: "camel2", Space: []hpo.Param{{Name: "x", Type: hpo.FloatParam, Low: -3, High: 3}, {Name: "y", Type: hpo.FloatParam, Low: -2, High: 2}}, Eval: func(v []float64) float64 {
		x, y := v[0], v[1]
		return (4-2.1*x*x+x*x*x*x/3)*x*x + x*y + (-4+4*y*y)*y*y
	}},
	"goldstein2": {Name: "goldstein2", Space: fl("x", 2, -2, 2), Eval: func(v []float64) float64 {
		x, y := v[0], v[1]
		a := 1 + (x+y+1)*(x+y+1)*(19-14*x+3*x*x-14*y+6*x*y+3*y*y)
		b := 30 + (2*x-3*y)*(2*x-3*y)*(18-32*x+12*x*x+48*y-36*x*y+27*y*y)
		return math.Log(a * b)
	}},
	"mixed2": {Name: "mixed2", Space: []hpo.Param{
		{Name: "c", Type: hpo.FloatParam, Low: 1e-4, High: 100, Log: true},
		{Name: "n", Type: hpo.IntParam, Low: 1, High: 1000, Step: 1, Log: true},
		{Name: "k", Type: hpo.CategoricalParam, Choices: []string{"linear", "rbf", "poly", "sigmoid"}},
		{Name: "d", Type: hpo.FloatParam, Low: 0, High: 1},
	}, Eval: func(v []float64) float64 {
		m := []float64{0, -2, 1, -1}[int(v[2])]
		o := []float64{0.2, 0, 0.1, 0.3}[int(v[2])]
		l := math.Log10(v[0]) - m
		ln := (math.Log2(v[1]) - 6) / 2
		return l*l + ln*ln + o + (v[3]-0.3)*(v[3]-0.3)
	}},
	"hart3": {Name: "hart3", Space: fl("x", 3, 0, 1), Eval: func(x []float64) float64 {
		A := [4][3]float64{{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}}
		P := [4][3]float64{{3689, 1170, 2673}, {4699, 4387, 7470}, {1091, 8732, 5547}, {381, 5743, 8828}}
		al := [4]float64{1, 1.2, 3, 3.2}
		t := 0.0
		for i := range 4 {
			in := 0.0
			for j := range 3 {
				d := x[j] - 1e-4*P[i][j]
				in += A[i][j] * d * d
			}
			t += al[i] * math.Exp(-in)
		}
		return -t
	}},
}

func init() {
	heldout["ackley8"] = bench.Function{Name: "ackley8", Space: fl("x", 8, -32.768, 32.768), Eval: bench.Ackley}
	heldout["rosen8"] = bench.Function{Name: "rosen8", Space: fl("x", 8, -5, 10), Eval: bench.Rosenbrock}
	heldout["rastrigin8"] = bench.Function{Name: "rastrigin8", Space: fl("x", 8, -5.12, 5.12), Eval: func(x []float64) float64 {
		s := 10.0 * float64(len(x))
		for _, v := range x {
			s += v*v - 10*math.Cos(2*math.Pi*v)
		}
		return s
	}}
}
