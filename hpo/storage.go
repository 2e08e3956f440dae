package hpo

import (
	"context"
	"fmt"
	"sync"
)

// Storage keeps studies and their trials. It is deliberately small, so a
// networked database can implement it: Memory keeps everything in the
// process, package hpo/sqlite in an SQLite file that survives crashes and is
// shared by several processes. Implementations must be safe for concurrent
// use, and CreateTrial must hand out each number once even across processes.
type Storage interface {
	// CreateStudy creates the named study, or does nothing when it exists
	// with the same direction (ErrDirection when it exists with the other).
	CreateStudy(ctx context.Context, name string, dir Direction) error
	// Study returns the direction of the named study, or ErrNoStudy.
	Study(ctx context.Context, name string) (Direction, error)
	// CreateTrial stores t as the study's next trial and returns its number
	// (0, 1, …); t.Number is ignored.
	CreateTrial(ctx context.Context, study string, t FrozenTrial) (int, error)
	// SaveTrial replaces the record of trial t.Number (ErrNoTrial when it
	// does not exist, ErrFinished when the stored trial has finished).
	SaveTrial(ctx context.Context, study string, t FrozenTrial) error
	// Trials returns the study's trials numbered from and above, in number
	// order.
	Trials(ctx context.Context, study string, from int) ([]FrozenTrial, error)
}

// Memory is a Storage in the process's memory. The zero value is ready to use.
type Memory struct {
	mu      sync.Mutex
	studies map[string]*memStudy
}

type memStudy struct {
	dir    Direction
	trials []FrozenTrial
}

var _ Storage = (*Memory)(nil)

// CreateStudy implements Storage.
func (m *Memory) CreateStudy(ctx context.Context, name string, dir Direction) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.studies == nil {
		m.studies = map[string]*memStudy{}
	}
	if s, ok := m.studies[name]; ok {
		if s.dir != dir {
			return fmt.Errorf("%w: study %q is %s, asked for %s", ErrDirection, name, s.dir, dir)
		}
		return nil
	}
	m.studies[name] = &memStudy{dir: dir}
	return nil
}

// Study implements Storage.
func (m *Memory) Study(ctx context.Context, name string) (Direction, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.studies[name]
	if !ok {
		return Minimize, fmt.Errorf("%w: %q", ErrNoStudy, name)
	}
	return s.dir, nil
}

// CreateTrial implements Storage.
func (m *Memory) CreateTrial(ctx context.Context, study string, t FrozenTrial) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.studies[study]
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrNoStudy, study)
	}
	t = t.clone()
	t.Number = len(s.trials)
	s.trials = append(s.trials, t)
	return t.Number, nil
}

// SaveTrial implements Storage.
func (m *Memory) SaveTrial(ctx context.Context, study string, t FrozenTrial) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.studies[study]
	if !ok {
		return fmt.Errorf("%w: %q", ErrNoStudy, study)
	}
	if t.Number < 0 || t.Number >= len(s.trials) {
		return fmt.Errorf("%w: study %q trial %d", ErrNoTrial, study, t.Number)
	}
	if s.trials[t.Number].State != Running {
		return fmt.Errorf("%w: study %q trial %d is %s", ErrFinished, study, t.Number, s.trials[t.Number].State)
	}
	s.trials[t.Number] = t.clone()
	return nil
}

// Trials implements Storage.
func (m *Memory) Trials(ctx context.Context, study string, from int) ([]FrozenTrial, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.studies[study]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNoStudy, study)
	}
	from = max(from, 0)
	if from >= len(s.trials) {
		return nil, nil
	}
	out := make([]FrozenTrial, len(s.trials)-from)
	for i, t := range s.trials[from:] {
		out[i] = t.clone()
	}
	return out, nil
}
