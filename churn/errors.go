package churn

import "errors"

// Sentinel errors; the errors returned wrap them with details (column, row,
// value), so compare with errors.Is.
var (
	// ErrLabel: a label is not 0/1 (binary objectives), not finite, or the
	// training labels hold only one class.
	ErrLabel = errors.New("churn: bad label")
	// ErrFeature: a feature value is infinite, a feature column is missing
	// or has the wrong type, or a categorical code is invalid.
	ErrFeature = errors.New("churn: bad feature")
	// ErrParam: a training parameter is out of range or unknown.
	ErrParam = errors.New("churn: bad parameter")
	// ErrUnsupported: an imported model uses something churn cannot score
	// (an objective, a booster, a version).
	ErrUnsupported = errors.New("churn: unsupported model")
	// ErrFormat: a model file is malformed or of an unknown format version.
	ErrFormat = errors.New("churn: malformed model")
	// ErrWeight: a sample weight is negative or not finite.
	ErrWeight = errors.New("churn: bad sample weight")
	// ErrEmpty: no training rows.
	ErrEmpty = errors.New("churn: no rows")
)
