package churn

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/sibylml/sibyl/dataset"
)

// Data is a training or validation set in memory: a dense row-major matrix
// with one column per feature (NaN = missing), the labels and optional
// sample weights. Fit does not modify it.
type Data struct {
	X        []float64 // row r, feature j at X[r*len(Features)+j]
	Features []string
	Label    []float64
	Weight   []float64 // nil means every weight is 1
}

// NumRows is the number of rows.
func (d *Data) NumRows() int { return len(d.Label) }

// check validates shapes and values: Inf features, weights.
func (d *Data) check(what string) error {
	nf := len(d.Features)
	if nf == 0 {
		return fmt.Errorf("%w: %s has no features", ErrFeature, what)
	}
	if len(d.X) != len(d.Label)*nf {
		return fmt.Errorf("%w: %s has %d values for %d rows × %d features", ErrFeature, what, len(d.X), len(d.Label), nf)
	}
	if d.Weight != nil && len(d.Weight) != len(d.Label) {
		return fmt.Errorf("%w: %s has %d weights for %d rows", ErrWeight, what, len(d.Weight), len(d.Label))
	}
	if err := checkFinite(d.X, d.Features, what); err != nil {
		return err
	}
	for i, w := range d.Weight {
		if !(w >= 0) || math.IsInf(w, 0) {
			return fmt.Errorf("%w: %s row %d weight %v", ErrWeight, what, i+1, w)
		}
	}
	return nil
}

// checkFinite returns an error naming the first infinite value.
func checkFinite(x []float64, features []string, what string) error {
	nf := len(features)
	for i, v := range x {
		if math.IsInf(v, 0) {
			return fmt.Errorf("%w: %s column %q row %d is %v (use NaN or an empty field for missing)",
				ErrFeature, what, features[i%nf], i/nf+1, v)
		}
	}
	return nil
}

// FrameData builds a Data from a Frame: the named label column, the features
// (nil: every numeric column except label and weight, in the Frame's order)
// and an optional weight column (empty: none). Integer and boolean columns
// are converted to float64, a missing value becomes NaN. A text column among
// the features, an infinite value or a missing label is an error.
func FrameData(f *dataset.Frame, label string, features []string, weight string) (*Data, error) {
	if features == nil {
		for _, n := range f.Names() {
			if n == label || n == weight {
				continue
			}
			features = append(features, n)
		}
	}
	if slices.Contains(features, label) && label != "" {
		return nil, fmt.Errorf("%w: label %q is also a feature", ErrFeature, label)
	}
	x, err := frameMatrix(f, features)
	if err != nil {
		return nil, err
	}
	d := &Data{X: x, Features: slices.Clone(features)}
	if label != "" {
		y, err := f.AppendFloat64s(nil, label)
		if err != nil {
			return nil, fmt.Errorf("%w: label: %w", ErrLabel, err)
		}
		for i, v := range y {
			if math.IsNaN(v) {
				return nil, fmt.Errorf("%w: column %q row %d is missing", ErrLabel, label, i+1)
			}
		}
		d.Label = y
	} else {
		d.Label = make([]float64, f.NumRows())
	}
	if weight != "" {
		w, err := f.AppendFloat64s(nil, weight)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrWeight, err)
		}
		d.Weight = w
	}
	if err := d.check(f.Source()); err != nil {
		return nil, err
	}
	return d, nil
}

// frameMatrix copies the named columns of f into a row-major matrix.
func frameMatrix(f *dataset.Frame, features []string) ([]float64, error) {
	n, nf := f.NumRows(), len(features)
	if nf == 0 {
		return nil, fmt.Errorf("%w: no feature columns", ErrFeature)
	}
	x := make([]float64, n*nf)
	var col []float64
	for j, name := range features {
		var err error
		col, err = f.AppendFloat64s(col[:0], name)
		if err != nil {
			if errors.Is(err, dataset.ErrNoColumn) {
				return nil, fmt.Errorf("%w: feature %q is not in the data: %w", ErrFeature, name, err)
			}
			return nil, fmt.Errorf("%w: feature %q: %w", ErrFeature, name, err)
		}
		for r, v := range col {
			if math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: column %q row %d is %v (use NaN or an empty field for missing)", ErrFeature, name, r+1, v)
			}
			x[r*nf+j] = v
		}
	}
	return x, nil
}

// Matrix extracts the model's features from f, by name, as a row-major
// matrix for PredictDense and friends. A missing feature column, a text
// column or an infinite value is an error wrapping ErrFeature.
func (m *Model) Matrix(f *dataset.Frame) ([]float64, error) {
	m.check()
	return frameMatrix(f, m.features)
}

// Predict scores every row of f (features matched by name) into dst: P(label
// = 1) for the logistic objectives. nil dst allocates; otherwise len(dst)
// must be f.NumRows().
func (m *Model) Predict(dst []float64, f *dataset.Frame) ([]float64, error) {
	x, err := m.Matrix(f)
	if err != nil {
		return dst, err
	}
	if dst != nil && len(dst) != f.NumRows() {
		panic(badDstLength)
	}
	return m.PredictDense(dst, x), nil
}

func rowName(i int) string { return "row " + strconv.Itoa(i+1) }
