package hpo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Objective is the function a study optimises. It suggests its parameters
// through t (define-by-run), may report intermediate values and return
// ErrPruned when t.ShouldPrune says so, and returns the value to minimise or
// maximise. A returned error, a panic, a NaN value or overrunning the trial's
// deadline make the trial Failed; the study goes on.
type Objective func(ctx context.Context, t *Trial) (float64, error)

// Config configures a study. The zero value is a minimising in-memory study
// named "default" with the TPE sampler (Optuna's defaults, seed 0), no
// pruner, and trials run one at a time.
type Config struct {
	// Name names the study in its storage. Zero means "default".
	Name string `json:"name"`
	// Direction is Minimize (the zero value) or Maximize.
	Direction Direction `json:"direction"`
	// Sampler proposes parameter values. Nil means &TPE{} (seed 0).
	Sampler Sampler `json:"-"`
	// Pruner stops unpromising trials. Nil means no pruning.
	Pruner Pruner `json:"-"`
	// Storage keeps the trials. Nil means a new Memory.
	Storage Storage `json:"-"`
	// Workers is the number of trials Optimize runs at once, each on its own
	// goroutine. Zero means 1, which makes a seeded study reproducible; with
	// more workers the trials see each other in whatever order they finish.
	Workers int `json:"workers"`
	// TrialTimeout is each trial's deadline (the objective's ctx carries
	// it); a trial that returns after it is Failed. Zero means none.
	TrialTimeout time.Duration `json:"trial_timeout"`
}

// Study is an optimisation study: a sampler, an optional pruner and the
// trials kept in a storage. Its methods are safe for concurrent use.
type Study struct {
	cfg     Config
	mu      sync.Mutex
	trials  []FrozenTrial // cache of the storage, indexed by number
	settled int           // every trial numbered below is finished in trials
	active  map[int]*Trial
	defs    map[string]Param // first definition of each parameter (type, choices)
}

// NewStudy opens the study cfg.Name in cfg.Storage, creating it when it does
// not exist, and loads its trials: a study reopened on a durable storage
// resumes where it stopped.
func NewStudy(ctx context.Context, cfg Config) (*Study, error) {
	if cfg.Workers < 0 {
		panic(badWorkers)
	}
	if cfg.Name == "" {
		cfg.Name = "default"
	}
	if cfg.Sampler == nil {
		cfg.Sampler = &TPE{}
	}
	if cfg.Storage == nil {
		cfg.Storage = &Memory{}
	}
	if cfg.Direction != Minimize && cfg.Direction != Maximize {
		return nil, fmt.Errorf("hpo: unknown direction %d", cfg.Direction)
	}
	if err := cfg.Storage.CreateStudy(ctx, cfg.Name, cfg.Direction); err != nil {
		return nil, err
	}
	s := &Study{cfg: cfg, active: map[int]*Trial{}, defs: map[string]Param{}}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refresh(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Name returns the study's name.
func (s *Study) Name() string { return s.cfg.Name }

// Direction returns whether the study minimises or maximises.
func (s *Study) Direction() Direction { return s.cfg.Direction }

// refresh merges the storage's trials from the first unfinished one into the
// cache; s.mu is held.
func (s *Study) refresh(ctx context.Context) error {
	ts, err := s.cfg.Storage.Trials(ctx, s.cfg.Name, s.settled)
	if err != nil {
		return err
	}
	for _, t := range ts {
		for len(s.trials) <= t.Number {
			s.trials = append(s.trials, FrozenTrial{Number: len(s.trials), State: Running})
		}
		if a, mine := s.active[t.Number]; mine {
			if t.State == Running {
				continue
			}
			// Told elsewhere (another Study on the same storage).
			a.mu.Lock()
			a.done = true
			a.mu.Unlock()
			delete(s.active, t.Number)
		}
		s.trials[t.Number] = t
		for name, p := range t.Space {
			if _, ok := s.defs[name]; !ok {
				s.defs[name] = p
			}
		}
	}
	for s.settled < len(s.trials) && s.trials[s.settled].State != Running {
		s.settled++
	}
	return nil
}

// history builds the sampler's view for trial number; s.mu is held.
func (s *Study) history(number int, params map[string]float64) *History {
	h := &History{Direction: s.cfg.Direction, Number: number, Params: params}
	h.Trials = make([]FrozenTrial, 0, len(s.trials))
	for _, t := range s.trials {
		if t.Number == number {
			continue
		}
		if a, ok := s.active[t.Number]; ok {
			t = a.frozen()
		}
		h.Trials = append(h.Trials, t)
	}
	return h
}

// Ask starts a new trial, for callers that run the objective themselves;
// finish it with Tell.
func (s *Study) Ask(ctx context.Context) (*Trial, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refresh(ctx); err != nil {
		return nil, err
	}
	ft := FrozenTrial{State: Running, Params: map[string]float64{}, Space: map[string]Param{}, Start: time.Now()}
	n, err := s.cfg.Storage.CreateTrial(ctx, s.cfg.Name, ft)
	if err != nil {
		return nil, err
	}
	ft.Number = n
	t := &Trial{study: s, ft: ft}
	for len(s.trials) <= n {
		s.trials = append(s.trials, FrozenTrial{Number: len(s.trials), State: Running})
	}
	s.trials[n] = ft
	s.active[n] = t
	if rs, ok := s.cfg.Sampler.(RelativeSampler); ok {
		t.relative, t.relSpace = rs.SampleRelative(s.history(n, nil))
	}
	return t, nil
}

// AskSpace starts a new trial, suggests every parameter of space in order,
// and stores the trial with its parameters, so another process can Tell it.
func (s *Study) AskSpace(ctx context.Context, space []Param) (*Trial, error) {
	for _, p := range space {
		if err := p.Validate(); err != nil {
			return nil, err
		}
	}
	t, err := s.Ask(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range space {
		if _, err := t.Suggest(p); err != nil {
			s.Tell(ctx, t.Number(), math.NaN(), err)
			return nil, err
		}
	}
	if err := s.cfg.Storage.SaveTrial(ctx, s.cfg.Name, t.frozen()); err != nil {
		return nil, err
	}
	return t, nil
}

// sample draws p for trial number, whose parameters so far are params.
func (s *Study) sample(number int, params map[string]float64, p Param) (float64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.defs[p.Name]; ok && (old.Type != p.Type || (p.Type == CategoricalParam && !old.equal(p))) {
		return math.NaN(), fmt.Errorf("%w: trial %d: %q was %s in earlier trials, now %s", ErrRedefined, number, p.Name, describe(old), describe(p))
	}
	v := s.cfg.Sampler.Sample(s.history(number, params), p)
	if !p.contains(v) {
		return math.NaN(), fmt.Errorf("hpo: sampler proposed %g for %q outside %s", v, p.Name, describe(p))
	}
	if _, ok := s.defs[p.Name]; !ok {
		s.defs[p.Name] = p
	}
	return v, nil
}

// Tell finishes trial number: with value when err is nil, as Pruned when err
// wraps ErrPruned (its value is then the last reported one), and as Failed
// with err's text otherwise or when value is NaN. The trial may have been
// asked by another process sharing the storage.
func (s *Study) Tell(ctx context.Context, number int, value float64, err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.active[number]
	if !ok {
		if err := s.refresh(ctx); err != nil {
			return err
		}
		if number < 0 || number >= len(s.trials) {
			return fmt.Errorf("%w: study %q trial %d", ErrNoTrial, s.cfg.Name, number)
		}
		if st := s.trials[number].State; st != Running {
			return fmt.Errorf("%w: study %q trial %d is %s", ErrFinished, s.cfg.Name, number, st)
		}
		t = &Trial{study: s, ft: s.trials[number].clone()}
	}
	t.mu.Lock()
	ft := &t.ft
	switch {
	case err == nil && math.IsNaN(value):
		ft.State, ft.Value, ft.Err = Failed, math.NaN(), fmt.Errorf("%w: objective returned NaN", ErrObjective).Error()
	case err == nil:
		ft.State, ft.Value = Complete, value
	case errors.Is(err, ErrPruned):
		ft.State, ft.Value = Pruned, math.NaN()
		if last := ft.LastStep(); last >= 0 {
			ft.Value = ft.Intermediate[last]
		}
	default:
		ft.State, ft.Value, ft.Err = Failed, math.NaN(), err.Error()
	}
	ft.End = time.Now()
	t.done = true
	rec := ft.clone()
	t.mu.Unlock()
	if serr := s.cfg.Storage.SaveTrial(ctx, s.cfg.Name, rec); serr != nil {
		return serr
	}
	delete(s.active, number)
	s.trials[number] = rec
	for s.settled < len(s.trials) && s.trials[s.settled].State != Running {
		s.settled++
	}
	return nil
}

// Trials returns every trial of the study in number order.
func (s *Study) Trials(ctx context.Context) ([]FrozenTrial, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refresh(ctx); err != nil {
		return nil, err
	}
	h := s.history(-1, nil)
	for i := range h.Trials {
		h.Trials[i] = h.Trials[i].clone()
	}
	return h.Trials, nil
}

// Best returns the complete trial with the best value (the first one on
// ties), or ErrNoTrials.
func (s *Study) Best(ctx context.Context) (FrozenTrial, error) {
	ts, err := s.Trials(ctx)
	if err != nil {
		return FrozenTrial{}, err
	}
	best := -1
	for i, t := range ts {
		if t.State != Complete {
			continue
		}
		if best < 0 || s.better(t.Value, ts[best].Value) {
			best = i
		}
	}
	if best < 0 {
		return FrozenTrial{}, fmt.Errorf("%w: study %q", ErrNoTrials, s.cfg.Name)
	}
	return ts[best], nil
}

func (s *Study) better(a, b float64) bool {
	if s.cfg.Direction == Maximize {
		return a > b
	}
	return a < b
}

// shouldPrune asks the pruner about t.
func (s *Study) shouldPrune(t *Trial) bool {
	if s.cfg.Pruner == nil {
		return false
	}
	s.mu.Lock()
	h := s.history(t.Number(), nil)
	s.mu.Unlock()
	return s.cfg.Pruner.Prune(h.Trials, s.cfg.Direction, t.frozen())
}

// Optimize runs n more trials of obj, cfg.Workers at a time, and returns when
// they have finished or ctx is cancelled (then with ctx's error; trials cut
// short are Failed). Failed trials do not stop the study; an error from the
// storage does.
func (s *Study) Optimize(ctx context.Context, obj Objective, n int) error {
	if n < 0 {
		panic(badTrials)
	}
	workers := max(1, s.cfg.Workers)
	var (
		started  atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	fail := func(err error) { errOnce.Do(func() { firstErr = err }) }
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil && started.Add(1) <= int64(n) {
				t, err := s.Ask(ctx)
				if err != nil {
					fail(err)
					return
				}
				v, oerr := s.run(ctx, obj, t)
				if err := s.Tell(context.WithoutCancel(ctx), t.Number(), v, oerr); err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// run calls obj on t, turning a panic, a NaN and a missed deadline into an
// error.
func (s *Study) run(ctx context.Context, obj Objective, t *Trial) (v float64, err error) {
	tctx := ctx
	if s.cfg.TrialTimeout > 0 {
		var cancel context.CancelFunc
		tctx, cancel = context.WithTimeout(ctx, s.cfg.TrialTimeout)
		defer cancel()
	}
	defer func() {
		if r := recover(); r != nil {
			v, err = math.NaN(), fmt.Errorf("%w: trial %d panicked: %v", ErrObjective, t.Number(), r)
		}
	}()
	v, err = obj(tctx, t)
	if errors.Is(err, ErrPruned) {
		return v, err
	}
	if cerr := tctx.Err(); cerr != nil {
		if ctx.Err() == nil {
			return math.NaN(), fmt.Errorf("%w: trial %d overran its deadline %s", ErrObjective, t.Number(), s.cfg.TrialTimeout)
		}
		return math.NaN(), fmt.Errorf("%w: trial %d cancelled: %v", ErrObjective, t.Number(), cerr)
	}
	if err != nil {
		return math.NaN(), fmt.Errorf("%w: trial %d: %w", ErrObjective, t.Number(), err)
	}
	return v, nil
}
