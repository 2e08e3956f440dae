package metrics

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors. Every data-dependent failure wraps one of them, usually
// inside a *ValueError that says which argument and element are at fault.
var (
	// ErrEmpty is returned for an input with no elements.
	ErrEmpty = errors.New("metrics: empty input")
	// ErrNaN is returned for a NaN or infinite value where a finite number is needed.
	ErrNaN = errors.New("metrics: not a finite number")
	// ErrLabel is returned for a class label that is neither 0 nor 1.
	ErrLabel = errors.New("metrics: label is not 0 or 1")
	// ErrOneClass is returned when a ranking metric (ROC AUC, average
	// precision, lift) sees only one class, or one class has zero total weight.
	ErrOneClass = errors.New("metrics: only one class present")
	// ErrNegativeWeight is returned for a negative sample weight.
	ErrNegativeWeight = errors.New("metrics: negative weight")
	// ErrZeroWeight is returned when the sample weights sum to zero.
	ErrZeroWeight = errors.New("metrics: weights sum to zero")
	// ErrRange is returned for a probability outside [0, 1] or a parameter
	// outside its domain (a quantile level, a fraction, a bin count).
	ErrRange = errors.New("metrics: value out of range")
	// ErrScale is returned when the MASE scale is zero or cannot be computed
	// (an in-sample series with no more than m values, or a constant one).
	ErrScale = errors.New("metrics: scale is zero or undefined")
)

// Panic messages for programmer misuse.
const (
	badLength    = "metrics: slice lengths do not match"
	badDstLength = "metrics: destination length does not match input"
)

// ValueError reports a bad element: which argument, which index (0-based)
// and the value found. It wraps one of the sentinel errors.
type ValueError struct {
	Arg   string  // argument name: "y", "score", "weight", "y_pred", ...
	Index int     // 0-based position in that argument
	Value float64 // the offending value
	Err   error   // the sentinel: ErrNaN, ErrLabel, ErrNegativeWeight, ErrRange
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("%s (%s[%d] = %s)", e.Err.Error(), e.Arg, e.Index, strconv.FormatFloat(e.Value, 'g', -1, 64))
}

func (e *ValueError) Unwrap() error { return e.Err }

func valueErr(arg string, i int, v float64, err error) error {
	return &ValueError{Arg: arg, Index: i, Value: v, Err: err}
}
