package hpo

import "errors"

// Sentinel errors; the errors returned by the package wrap them, so test
// with errors.Is.
var (
	// ErrSpace marks a malformed parameter: an empty or inverted range, a
	// non-finite bound, a log scale with a non-positive bound, no choices.
	ErrSpace = errors.New("hpo: invalid search space")
	// ErrRedefined marks a parameter suggested again with another
	// distribution: another range in the same trial, or another type or
	// choice list anywhere in the study.
	ErrRedefined = errors.New("hpo: parameter redefined")
	// ErrPruned is returned by an objective (or wrapped in its error) to stop
	// a trial that the pruner asked to stop; the trial is recorded as pruned
	// with its last reported value.
	ErrPruned = errors.New("hpo: trial pruned")
	// ErrNoTrials is returned by Best when no trial has completed.
	ErrNoTrials = errors.New("hpo: no completed trials")
	// ErrNoStudy is returned by a Storage for a study that does not exist.
	ErrNoStudy = errors.New("hpo: no such study")
	// ErrNoTrial is returned for a trial number the study does not have.
	ErrNoTrial = errors.New("hpo: no such trial")
	// ErrFinished is returned when telling a trial that has already finished.
	ErrFinished = errors.New("hpo: trial already finished")
	// ErrDirection is returned when a study is reopened with the other direction.
	ErrDirection = errors.New("hpo: study direction differs")
	// ErrObjective marks a failed trial: the objective returned an error,
	// panicked, returned NaN or overran its deadline.
	ErrObjective = errors.New("hpo: objective failed")
)

const (
	badWorkers = "hpo: negative Workers"
	badTrials  = "hpo: negative number of trials"
	nilTrial   = "hpo: nil trial"
)
