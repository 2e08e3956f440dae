package hpo

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
	"time"
)

// State is the life-cycle state of a trial.
type State int

// Trial states. A trial is Running until it is told; then it is Complete
// (it has a value), Pruned (stopped by the pruner; its value is the last
// intermediate value) or Failed (the objective returned an error, panicked,
// returned NaN or overran its deadline).
const (
	Running State = iota
	Complete
	Pruned
	Failed
)

var stateNames = [...]string{"running", "complete", "pruned", "failed"}

// String returns "running", "complete", "pruned" or "failed".
func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Direction says whether the study minimises or maximises. The zero value
// minimises.
type Direction int

// The directions.
const (
	Minimize Direction = iota
	Maximize
)

// String returns "minimize" or "maximize".
func (d Direction) String() string {
	if d == Maximize {
		return "maximize"
	}
	return "minimize"
}

// ParseDirection parses "minimize" or "maximize".
func ParseDirection(s string) (Direction, error) {
	switch s {
	case "minimize", "min", "":
		return Minimize, nil
	case "maximize", "max":
		return Maximize, nil
	}
	return Minimize, fmt.Errorf("hpo: unknown direction %q (want minimize or maximize)", s)
}

// FrozenTrial is the record of one trial, as storages keep it. Params holds
// internal values (see Param) keyed by name, Space the distribution each was
// drawn from, Intermediate the values reported per step.
type FrozenTrial struct {
	Number       int                `json:"number"`
	State        State              `json:"state"`
	Value        float64            `json:"value"`
	Params       map[string]float64 `json:"params"`
	Space        map[string]Param   `json:"space"`
	Order        []string           `json:"order"` // parameter names in suggest order
	Intermediate map[int]float64    `json:"intermediate,omitempty"`
	Err          string             `json:"error,omitempty"`
	Start        time.Time          `json:"start"`
	End          time.Time          `json:"end,omitzero"`
}

// Float returns the value of a float or int parameter (NaN when absent).
func (t FrozenTrial) Float(name string) float64 {
	v, ok := t.Params[name]
	if !ok {
		return math.NaN()
	}
	return v
}

// Label returns the value of a parameter as text: the choice of a
// categorical, the number otherwise ("" when absent).
func (t FrozenTrial) Label(name string) string {
	p, ok := t.Space[name]
	if !ok {
		return ""
	}
	return p.Label(t.Params[name])
}

// LastStep returns the largest reported step, or -1 when none was reported.
func (t FrozenTrial) LastStep() int {
	last := -1
	for s := range t.Intermediate {
		last = max(last, s)
	}
	return last
}

// clone returns a copy that shares nothing mutable with t.
func (t FrozenTrial) clone() FrozenTrial {
	t.Params = maps.Clone(t.Params)
	t.Space = maps.Clone(t.Space)
	t.Order = slices.Clone(t.Order)
	t.Intermediate = maps.Clone(t.Intermediate)
	return t
}

// Trial is a running trial, handed to the objective. Its methods suggest
// parameter values (define-by-run: the objective's calls define the search
// space), report intermediate values and ask the pruner whether to stop. A
// Trial is meant for the goroutine that runs its objective.
type Trial struct {
	study    *Study
	mu       sync.Mutex
	ft       FrozenTrial
	relative map[string]float64 // proposals of a RelativeSampler, by name
	relSpace map[string]Param
	done     bool
}

// Number returns the trial's number (0, 1, … in creation order).
func (t *Trial) Number() int { return t.ft.Number }

// Params returns a copy of the values suggested so far (internal
// representation, see Param).
func (t *Trial) Params() map[string]float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return maps.Clone(t.ft.Params)
}

// Float suggests a float in [lo, hi] on a linear scale.
func (t *Trial) Float(name string, lo, hi float64) (float64, error) {
	return t.Suggest(Param{Name: name, Type: FloatParam, Low: lo, High: hi})
}

// FloatLog suggests a float in [lo, hi] on a log scale (lo > 0).
func (t *Trial) FloatLog(name string, lo, hi float64) (float64, error) {
	return t.Suggest(Param{Name: name, Type: FloatParam, Low: lo, High: hi, Log: true})
}

// FloatStep suggests one of lo, lo+step, … ≤ hi.
func (t *Trial) FloatStep(name string, lo, hi, step float64) (float64, error) {
	if !(step > 0) {
		return math.NaN(), fmt.Errorf("%w: parameter %q: step %g is not positive", ErrSpace, name, step)
	}
	return t.Suggest(Param{Name: name, Type: FloatParam, Low: lo, High: hi, Step: step})
}

// Int suggests an integer in [lo, hi], both ends included.
func (t *Trial) Int(name string, lo, hi int) (int, error) {
	v, err := t.Suggest(Param{Name: name, Type: IntParam, Low: float64(lo), High: float64(hi), Step: 1})
	return int(v), err
}

// IntLog suggests an integer in [lo, hi] on a log scale (lo > 0).
func (t *Trial) IntLog(name string, lo, hi int) (int, error) {
	v, err := t.Suggest(Param{Name: name, Type: IntParam, Low: float64(lo), High: float64(hi), Step: 1, Log: true})
	return int(v), err
}

// IntStep suggests one of lo, lo+step, … ≤ hi.
func (t *Trial) IntStep(name string, lo, hi, step int) (int, error) {
	if step <= 0 {
		return 0, fmt.Errorf("%w: parameter %q: step %d is not positive", ErrSpace, name, step)
	}
	v, err := t.Suggest(Param{Name: name, Type: IntParam, Low: float64(lo), High: float64(hi), Step: float64(step)})
	return int(v), err
}

// Categorical suggests one of choices.
func (t *Trial) Categorical(name string, choices []string) (string, error) {
	p := Param{Name: name, Type: CategoricalParam, Choices: choices}
	v, err := t.Suggest(p)
	if err != nil {
		return "", err
	}
	return choices[int(v)], nil
}

// Suggest draws a value of p (internal representation) from the study's
// sampler, or returns the value already drawn when the trial suggested p
// before. Suggesting a name again with another distribution is an error
// wrapping ErrRedefined, as is changing a parameter's type or choices
// between trials of a study.
func (t *Trial) Suggest(p Param) (float64, error) {
	if err := p.Validate(); err != nil {
		return math.NaN(), err
	}
	p = p.normalize()
	if p.Type == CategoricalParam {
		p.Choices = slices.Clone(p.Choices)
	}
	t.mu.Lock()
	if v, ok, err := t.known(p); ok || err != nil {
		t.mu.Unlock()
		return v, err
	}
	params := maps.Clone(t.ft.Params)
	rel, hasRel := t.relative[p.Name]
	if hasRel && !t.relSpace[p.Name].equal(p) {
		hasRel = false
	}
	t.mu.Unlock()
	// The study lock is taken without holding t.mu (lock order study → trial).
	v := rel
	if !hasRel {
		var err error
		if v, err = t.study.sample(t.ft.Number, params, p); err != nil {
			return math.NaN(), err
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if v, ok, err := t.known(p); ok || err != nil {
		return v, err
	}
	t.ft.Params[p.Name] = v
	t.ft.Space[p.Name] = p
	t.ft.Order = append(t.ft.Order, p.Name)
	return v, nil
}

// known returns the value of p when the trial has it already; t.mu is held.
func (t *Trial) known(p Param) (float64, bool, error) {
	if t.done {
		return math.NaN(), false, fmt.Errorf("%w: trial %d: suggest after the trial finished", ErrFinished, t.ft.Number)
	}
	old, ok := t.ft.Space[p.Name]
	if !ok {
		return 0, false, nil
	}
	if !old.equal(p) {
		return math.NaN(), false, fmt.Errorf("%w: trial %d: %q was %s, now %s", ErrRedefined, t.ft.Number, p.Name, describe(old), describe(p))
	}
	return t.ft.Params[p.Name], true, nil
}

// Report records the objective's intermediate value at step (for example the
// validation loss after epoch step). A step reported twice keeps its first
// value, as Optuna does.
func (t *Trial) Report(step int, value float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return
	}
	if t.ft.Intermediate == nil {
		t.ft.Intermediate = map[int]float64{}
	}
	if _, ok := t.ft.Intermediate[step]; !ok {
		t.ft.Intermediate[step] = value
	}
}

// ShouldPrune asks the study's pruner whether the trial should stop, judging
// by the values reported so far. Without a pruner it returns false. When it
// returns true the objective should return ErrPruned.
func (t *Trial) ShouldPrune() bool {
	return t.study.shouldPrune(t)
}

// frozen returns a snapshot of the trial; the caller holds no lock.
func (t *Trial) frozen() FrozenTrial {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ft.clone()
}

func describe(p Param) string {
	switch p.Type {
	case CategoricalParam:
		return fmt.Sprintf("categorical %q", p.Choices)
	default:
		s := fmt.Sprintf("%s [%g, %g]", p.Type, p.Low, p.High)
		if p.Step > 0 && !(p.Type == IntParam && p.Step == 1) {
			s += fmt.Sprintf(" step %g", p.Step)
		}
		if p.Log {
			s += " log"
		}
		return s
	}
}
