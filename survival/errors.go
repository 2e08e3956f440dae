package survival

import (
	"errors"
	"fmt"
)

// Sentinel errors; the errors returned by this package wrap one of them, so
// callers can test with errors.Is.
var (
	// ErrNoEvents: no observed event (all censored), so nothing can be estimated.
	ErrNoEvents = errors.New("survival: no observed events")
	// ErrTime: a time is NaN or infinite, a right-censored time is negative, or a start time is not before its stop time.
	ErrTime = errors.New("survival: invalid time")
	// ErrEvent: an event indicator other than 0 or 1.
	ErrEvent = errors.New("survival: event must be 0 or 1")
	// ErrWeight: a case weight that is not finite and positive.
	ErrWeight = errors.New("survival: weight must be finite and positive")
	// ErrCovariate: a covariate value that is NaN or infinite.
	ErrCovariate = errors.New("survival: covariate value is not finite")
	// ErrConstant: a covariate with one value only, whose coefficient cannot be estimated.
	ErrConstant = errors.New("survival: covariate is constant")
	// ErrCollinear: a covariate that is a linear combination of the others.
	ErrCollinear = errors.New("survival: covariates are collinear")
	// ErrDiverged: the Newton-Raphson iterations produced non-finite values.
	ErrDiverged = errors.New("survival: fit diverged")
	// ErrInput: inconsistent input (lengths, names, options).
	ErrInput = errors.New("survival: invalid input")
	// ErrFormat: a saved model that cannot be read.
	ErrFormat = errors.New("survival: invalid model format")
)

// DataError locates a bad value: the field (time, event, weight, a covariate
// name...) and the 0-based row of the input.
type DataError struct {
	Field string
	Row   int
	Value float64
	Err   error
}

func (e *DataError) Error() string {
	return fmt.Sprintf("%v: %s at row %d (value %v)", e.Err, e.Field, e.Row, e.Value)
}

func (e *DataError) Unwrap() error { return e.Err }

const (
	badDstLength = "survival: destination length does not match"
	badRowLength = "survival: row length does not match the number of covariates"
	nilModel     = "survival: nil or zero model"
)
