// Package bench holds the benchmark functions of the hpo reference cases
// (branin, hartmann6, rosenbrock4, ackley5, mixed), defined exactly as
// shared/reference/hpo/README.md does: the same parameter names, bounds,
// scales and suggest order, all minimised.
package bench

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/sibylml/sibyl/hpo"
)

// Function is one benchmark: its search space (in suggest order), its
// objective and its known minimum.
type Function struct {
	Name    string
	Space   []hpo.Param
	Minimum float64
	// Eval evaluates the function at x (internal values, in Space order).
	Eval func(x []float64) float64
}

// Objective returns an hpo.Objective that suggests the space in order and
// evaluates the function.
func (f Function) Objective() hpo.Objective {
	return func(ctx context.Context, t *hpo.Trial) (float64, error) {
		x := make([]float64, len(f.Space))
		for i, p := range f.Space {
			v, err := t.Suggest(p)
			if err != nil {
				return math.NaN(), err
			}
			x[i] = v
		}
		return f.Eval(x), nil
	}
}

var functions = map[string]Function{}

func add(f Function) { functions[f.Name] = f }

// Lookup returns the named function.
func Lookup(name string) (Function, error) {
	f, ok := functions[name]
	if !ok {
		return Function{}, fmt.Errorf("hpo/bench: unknown function %q (want one of %v)", name, Names())
	}
	return f, nil
}

// Names lists the functions in alphabetical order.
func Names() []string {
	out := make([]string, 0, len(functions))
	for n := range functions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func floats(prefix string, n int, lo, hi float64) []hpo.Param {
	out := make([]hpo.Param, n)
	for i := range out {
		out[i] = hpo.Param{Name: fmt.Sprintf("%s%d", prefix, i), Type: hpo.FloatParam, Low: lo, High: hi}
	}
	return out
}

// Branin is (x2 − b·x1² + c·x1 − r)² + s(1 − t)cos(x1) + s.
func Branin(x1, x2 float64) float64 {
	b := 5.1 / (4 * math.Pi * math.Pi)
	c := 5 / math.Pi
	t := 1 / (8 * math.Pi)
	d := x2 - b*x1*x1 + c*x1 - 6
	return d*d + 10*(1-t)*math.Cos(x1) + 10
}

var h6Alpha = [4]float64{1.0, 1.2, 3.0, 3.2}
var h6A = [4][6]float64{
	{10, 3, 17, 3.5, 1.7, 8},
	{0.05, 10, 17, 0.1, 8, 14},
	{3, 3.5, 1.7, 10, 17, 8},
	{17, 8, 0.05, 10, 0.1, 14}}
var h6P = [4][6]float64{
	{1312, 1696, 5569, 124, 8283, 5886},
	{2329, 4135, 8307, 3736, 1004, 9991},
	{2348, 1451, 3522, 2883, 3047, 6650},
	{4047, 8828, 8732, 5743, 1091, 381}}

// Hartmann6 is −Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij)²) (P scaled by 1e-4).
func Hartmann6(x []float64) float64 {
	tot := 0.0
	for i := range 4 {
		inner := 0.0
		for j := range 6 {
			d := x[j] - 1e-4*h6P[i][j]
			inner += h6A[i][j] * d * d
		}
		tot += h6Alpha[i] * math.Exp(-inner)
	}
	return -tot
}

// Rosenbrock is Σ_i 100 (x_{i+1} − x_i²)² + (x_i − 1)².
func Rosenbrock(x []float64) float64 {
	s := 0.0
	for i := 0; i+1 < len(x); i++ {
		a, b := x[i+1]-x[i]*x[i], x[i]-1
		s += 100*a*a + b*b
	}
	return s
}

// Ackley is −20 exp(−0.2 √(mean x²)) − exp(mean cos 2πx) + 20 + e.
func Ackley(x []float64) float64 {
	d := float64(len(x))
	s1, s2 := 0.0, 0.0
	for _, v := range x {
		s1 += v * v
		s2 += math.Cos(2 * math.Pi * v)
	}
	return -20*math.Exp(-0.2*math.Sqrt(s1/d)) - math.Exp(s2/d) + 20 + math.E
}

var mixedChoices = []string{"sgd", "adam", "rmsprop"}
var mixedM = [3]float64{-1, -3, -2.5}
var mixedO = [3]float64{0.3, 0, 0.15}

// Mixed is (log10(lr) − m[opt])² + (x − 0.5)² + 0.1 (n − 7)² + o[opt].
func Mixed(lr, x float64, n int, opt string) float64 {
	for k, c := range mixedChoices {
		if c == opt {
			l := math.Log10(lr) - mixedM[k]
			return l*l + (x-0.5)*(x-0.5) + 0.1*float64((n-7)*(n-7)) + mixedO[k]
		}
	}
	return math.NaN()
}

func init() {
	add(Function{Name: "branin", Minimum: 0.39788735772973816,
		Space: []hpo.Param{
			{Name: "x1", Type: hpo.FloatParam, Low: -5, High: 10},
			{Name: "x2", Type: hpo.FloatParam, Low: 0, High: 15}},
		Eval: func(x []float64) float64 { return Branin(x[0], x[1]) }})
	add(Function{Name: "hartmann6", Minimum: -3.3223680114155156, Space: floats("x", 6, 0, 1), Eval: Hartmann6})
	add(Function{Name: "rosenbrock4", Minimum: 0, Space: floats("x", 4, -5, 10), Eval: Rosenbrock})
	add(Function{Name: "ackley5", Minimum: 0, Space: floats("x", 5, -32.768, 32.768), Eval: Ackley})
	add(Function{Name: "mixed", Minimum: 0,
		Space: []hpo.Param{
			{Name: "lr", Type: hpo.FloatParam, Low: 1e-5, High: 1, Log: true},
			{Name: "x", Type: hpo.FloatParam, Low: -3, High: 3},
			{Name: "n", Type: hpo.IntParam, Low: 1, High: 10, Step: 1},
			{Name: "opt", Type: hpo.CategoricalParam, Choices: mixedChoices}},
		Eval: func(x []float64) float64 { return Mixed(x[0], x[1], int(x[2]), mixedChoices[int(x[3])]) }})
}
