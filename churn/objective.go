package churn

import (
	"fmt"
	"math"
)

// GradPair is the first and second derivative of the loss with respect to a
// row's margin, already multiplied by the row's weight. Trees are grown from
// these alone, so a new loss only has to supply them.
type GradPair struct {
	Grad, Hess float64
}

// Objective is a training loss. Its methods work on whole contiguous slices
// (one call per round, not per row), so a loss that couples rows, such as
// Cox's partial likelihood, fits the same interface.
type Objective interface {
	// Name is the XGBoost name ("binary:logistic").
	Name() string
	// CheckLabels returns an error wrapping ErrLabel naming the first bad
	// label (1-based row).
	CheckLabels(label []float64) error
	// BaseMargin turns base_score (prediction scale) into a margin.
	BaseMargin(baseScore float64) float64
	// Gradients writes dst[i] = weight[i] · (∂ℓ/∂m, ∂²ℓ/∂m²) at margin[i]
	// for every row; weight nil means 1.
	Gradients(dst []GradPair, margin, label, weight []float64)
	// Loss is the weighted mean loss reported for a validation set and used
	// by early stopping (logloss, rmse).
	Loss(margin, label, weight []float64) float64
}

var objectives = map[string]Objective{
	"binary:logistic":  logistic{},
	"reg:squarederror": squaredError{},
}

// objectiveFor returns the objective registered under name.
func objectiveFor(name string) (Objective, error) {
	o, ok := objectives[name]
	if !ok {
		return nil, fmt.Errorf("%w: objective %q (want binary:logistic or reg:squarederror)", ErrParam, name)
	}
	return o, nil
}

// logistic is binary:logistic: ℓ = -[y log p + (1-y) log(1-p)], p = σ(m),
// so ∂ℓ/∂m = p - y and ∂²ℓ/∂m² = max(p(1-p), 1e-16).
type logistic struct{}

func (logistic) Name() string { return "binary:logistic" }

func (logistic) CheckLabels(label []float64) error {
	var n1 int
	for i, y := range label {
		if y != 0 && y != 1 {
			return fmt.Errorf("%w: row %d label %v is not 0 or 1", ErrLabel, i+1, y)
		}
		if y == 1 {
			n1++
		}
	}
	if n1 == 0 || n1 == len(label) {
		return fmt.Errorf("%w: only one class (%d rows, %d positive)", ErrLabel, len(label), n1)
	}
	return nil
}

func (logistic) BaseMargin(p float64) float64 { return math.Log(p / (1 - p)) }

func (logistic) Gradients(dst []GradPair, margin, label, weight []float64) {
	label = label[:len(dst)]
	margin = margin[:len(dst)]
	for i := range dst {
		p := sigmoid(margin[i])
		h := max(p*(1-p), 1e-16)
		g := p - label[i]
		if weight != nil {
			w := weight[i]
			g, h = g*w, h*w
		}
		dst[i] = GradPair{g, h}
	}
}

func (logistic) Loss(margin, label, weight []float64) float64 {
	var s, sw float64
	const eps = 1e-15
	for i, m := range margin {
		p := min(max(sigmoid(m), eps), 1-eps)
		l := -math.Log(1 - p)
		if label[i] == 1 {
			l = -math.Log(p)
		}
		w := 1.0
		if weight != nil {
			w = weight[i]
		}
		s += w * l
		sw += w
	}
	return s / sw
}

// squaredError is reg:squarederror: ℓ = ½(m - y)², gradient m - y, hessian 1.
type squaredError struct{}

func (squaredError) Name() string { return "reg:squarederror" }

func (squaredError) CheckLabels(label []float64) error {
	for i, y := range label {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			return fmt.Errorf("%w: row %d label %v is not finite", ErrLabel, i+1, y)
		}
	}
	return nil
}

func (squaredError) BaseMargin(b float64) float64 { return b }

func (squaredError) Gradients(dst []GradPair, margin, label, weight []float64) {
	label = label[:len(dst)]
	margin = margin[:len(dst)]
	for i := range dst {
		g, h := margin[i]-label[i], 1.0
		if weight != nil {
			w := weight[i]
			g, h = g*w, w
		}
		dst[i] = GradPair{g, h}
	}
}

func (squaredError) Loss(margin, label, weight []float64) float64 {
	var s, sw float64
	for i, m := range margin {
		d := m - label[i]
		w := 1.0
		if weight != nil {
			w = weight[i]
		}
		s += w * d * d
		sw += w
	}
	return math.Sqrt(s / sw)
}
