package hpo

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Type is the kind of a parameter: "float", "int" or "categorical", the
// spelling of the search_space entries of the reference cases and of
// SPACE.json on the command line.
type Type string

// The parameter types.
const (
	FloatParam       Type = "float"
	IntParam         Type = "int"
	CategoricalParam Type = "categorical"
)

// Param is one dimension of a search space (Optuna's distribution). Values
// of every type travel as float64, the internal representation: the value
// itself for floats and ints, the index into Choices for categoricals.
//
// A float with Step > 0 takes the values Low, Low+Step, …, ≤ High; an int
// takes Low, Low+Step, … (Step zero means 1). Log draws on a log scale and
// needs Low > 0 (it cannot be combined with a float step or an int step
// other than 1, as in Optuna). Low == High is a constant parameter.
type Param struct {
	Name    string   `json:"name"`
	Type    Type     `json:"type"`
	Low     float64  `json:"low,omitempty"`
	High    float64  `json:"high,omitempty"`
	Step    float64  `json:"step,omitempty"`
	Log     bool     `json:"log,omitempty"`
	Choices []string `json:"choices,omitempty"`
}

// Validate reports whether the parameter is well formed. Errors wrap
// ErrSpace.
func (p Param) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: parameter %q: %s", ErrSpace, p.Name, fmt.Sprintf(format, a...))
	}
	if p.Name == "" {
		return fmt.Errorf("%w: parameter with an empty name", ErrSpace)
	}
	switch p.Type {
	case FloatParam, IntParam:
		if math.IsNaN(p.Low) || math.IsNaN(p.High) || math.IsInf(p.Low, 0) || math.IsInf(p.High, 0) {
			return bad("bounds [%g, %g] are not finite", p.Low, p.High)
		}
		if p.Low > p.High {
			return bad("empty range: low %g > high %g", p.Low, p.High)
		}
		if p.Log && p.Low <= 0 {
			return bad("log scale needs low > 0, got %g", p.Low)
		}
		if math.IsNaN(p.Step) || math.IsInf(p.Step, 0) || p.Step < 0 {
			return bad("step %g is not a positive number", p.Step)
		}
		if p.Type == IntParam {
			if p.Low != math.Trunc(p.Low) || p.High != math.Trunc(p.High) || p.Step != math.Trunc(p.Step) {
				return bad("int bounds and step must be whole numbers, got [%g, %g] step %g", p.Low, p.High, p.Step)
			}
			if math.Abs(p.Low) > 1<<52 || math.Abs(p.High) > 1<<52 {
				return bad("int bounds beyond ±2^52")
			}
			if p.Log && p.Step > 1 {
				return bad("log scale cannot have a step (%g)", p.Step)
			}
		} else if p.Log && p.Step > 0 {
			return bad("log scale cannot have a step (%g)", p.Step)
		}
		if len(p.Choices) > 0 {
			return bad("choices given for a %s parameter", p.Type)
		}
	case CategoricalParam:
		if len(p.Choices) == 0 {
			return bad("no choices")
		}
		for i, c := range p.Choices {
			if slices.Contains(p.Choices[:i], c) {
				return bad("choice %q given twice", c)
			}
		}
	default:
		return bad("unknown type %q (want float, int or categorical)", p.Type)
	}
	return nil
}

// normalize returns p with the defaults resolved: an int step of 1, and
// High lowered to the last value the step reaches (Optuna does the same
// with a warning).
func (p Param) normalize() Param {
	if p.Type == IntParam && p.Step == 0 {
		p.Step = 1
	}
	if (p.Type == IntParam || p.Type == FloatParam) && p.Step > 0 {
		n := math.Floor((p.High-p.Low)/p.Step + 1e-9)
		p.High = p.Low + n*p.Step
	}
	if p.Type != CategoricalParam {
		p.Choices = nil
	}
	return p
}

// equal reports whether two normalized params describe the same distribution.
func (p Param) equal(q Param) bool {
	return p.Name == q.Name && p.Type == q.Type && p.Low == q.Low && p.High == q.High &&
		p.Step == q.Step && p.Log == q.Log && slices.Equal(p.Choices, q.Choices)
}

// single reports whether the parameter can take only one value.
func (p Param) single() bool {
	if p.Type == CategoricalParam {
		return len(p.Choices) == 1
	}
	return p.Low == p.High
}

// contains reports whether v (internal representation) is a value p can take.
func (p Param) contains(v float64) bool {
	if math.IsNaN(v) {
		return false
	}
	if p.Type == CategoricalParam {
		return v >= 0 && v < float64(len(p.Choices)) && v == math.Trunc(v)
	}
	return v >= p.Low && v <= p.High
}

// bounds returns the interval of the transformed space that uniform and
// Parzen sampling work in (Optuna's _SearchSpaceTransform and
// _calculate_parzen_bounds): log(low), log(high) on a log scale;
// low − step/2, high + step/2 for stepped values; an int on a log scale
// uses log(low − ½), log(high + ½).
func (p Param) bounds() (lo, hi float64) {
	switch {
	case p.Type == CategoricalParam:
		return 0, float64(len(p.Choices))
	case p.Log && p.Type == IntParam:
		return math.Log(p.Low - 0.5), math.Log(p.High + 0.5)
	case p.Log:
		return math.Log(p.Low), math.Log(p.High)
	case p.Step > 0:
		return p.Low - 0.5*p.Step, p.High + 0.5*p.Step
	}
	return p.Low, p.High
}

// toInternal maps a transformed-space value back to a value of the parameter:
// exp on a log scale, rounding to the step grid, clipping into [Low, High].
func (p Param) fromTransformed(u float64) float64 {
	switch {
	case p.Type == CategoricalParam:
		k := math.Floor(u)
		return math.Max(0, math.Min(k, float64(len(p.Choices)-1)))
	case p.Log && p.Type == IntParam:
		return math.Max(p.Low, math.Min(p.High, math.Round(math.Exp(u))))
	case p.Log:
		v := math.Exp(u)
		return math.Max(p.Low, math.Min(p.High, v))
	case p.Step > 0:
		v := math.Round((u-p.Low)/p.Step)*p.Step + p.Low
		return math.Max(p.Low, math.Min(p.High, v))
	}
	return math.Max(p.Low, math.Min(p.High, u))
}

// toTransformed maps a parameter value into the transformed space (log for
// log-scaled parameters, the identity otherwise).
func (p Param) toTransformed(v float64) float64 {
	if p.Log {
		return math.Log(v)
	}
	return v
}

// Label formats an internal value for people and JSON: the choice for a
// categorical, the shortest round-trip number otherwise.
func (p Param) Label(v float64) string {
	if p.Type == CategoricalParam {
		i := int(v)
		if i >= 0 && i < len(p.Choices) && float64(i) == v {
			return p.Choices[i]
		}
		return "?"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// prevFloat is the largest float64 below x.
func prevFloat(x float64) float64 { return math.Nextafter(x, math.Inf(-1)) }
