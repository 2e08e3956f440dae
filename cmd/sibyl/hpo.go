package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/sibylml/sibyl/hpo"
	"github.com/sibylml/sibyl/hpo/bench"
	"github.com/sibylml/sibyl/hpo/sqlite"
)

func init() {
	register(command{"hpo", "bench", "run a sampler on a reference benchmark function", hpoBench})
	register(command{"hpo", "optimize", "tune an external program over a JSON-lines pipe", hpoOptimize})
	register(command{"hpo", "ask", "start a trial in an SQLite study and print its parameters", hpoAsk})
	register(command{"hpo", "tell", "finish a trial of an SQLite study with its value or error", hpoTell})
	register(command{"hpo", "best", "print the best trial of an SQLite study", hpoBest})
}

// hpoTimedSampler measures the time spent inside the sampler.
type hpoTimedSampler struct {
	inner hpo.Sampler
	mu    sync.Mutex
	total time.Duration
}

func (s *hpoTimedSampler) Sample(h *hpo.History, p hpo.Param) float64 {
	t0 := time.Now()
	v := s.inner.Sample(h, p)
	s.add(time.Since(t0))
	return v
}

func (s *hpoTimedSampler) SampleRelative(h *hpo.History) (map[string]float64, map[string]hpo.Param) {
	rs, ok := s.inner.(hpo.RelativeSampler)
	if !ok {
		return nil, nil
	}
	t0 := time.Now()
	a, b := rs.SampleRelative(h)
	s.add(time.Since(t0))
	return a, b
}

func (s *hpoTimedSampler) add(d time.Duration) {
	s.mu.Lock()
	s.total += d
	s.mu.Unlock()
}

// hpoSampler builds the sampler a --sampler flag names.
func hpoSampler(name string, seed uint64) (hpo.Sampler, error) {
	switch name {
	case "tpe", "":
		return &hpo.TPE{Seed: seed}, nil
	case "tpe-optuna":
		return hpo.OptunaTPE(seed), nil
	case "random":
		return hpo.Random{Seed: seed}, nil
	}
	return nil, usagef("--sampler: unknown sampler %q (want tpe, tpe-optuna or random)", name)
}

// hpoParams prints parameters in suggest order: numbers for floats and ints,
// strings for categoricals.
type hpoParams struct {
	order []string
	space map[string]hpo.Param
	vals  map[string]float64
}

func hpoParamsOf(t hpo.FrozenTrial) hpoParams {
	return hpoParams{t.Order, t.Space, t.Params}
}

func (p hpoParams) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range p.order {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteByte(':')
		par := p.space[name]
		v := p.vals[name]
		switch par.Type {
		case hpo.CategoricalParam:
			s, _ := json.Marshal(par.Label(v))
			b.Write(s)
		case hpo.IntParam:
			b.WriteString(strconv.FormatInt(int64(v), 10))
		default:
			s, _ := num(v).MarshalJSON()
			b.Write(s)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type hpoTrialOut struct {
	Trial  int       `json:"trial"`
	State  string    `json:"state"`
	Value  num       `json:"value"`
	Params hpoParams `json:"params"`
	Error  string    `json:"error,omitempty"`
}

type hpoStudyOut struct {
	Function               string         `json:"function,omitempty"`
	Study                  string         `json:"study,omitempty"`
	Sampler                string         `json:"sampler"`
	Direction              string         `json:"direction"`
	Trials                 int            `json:"trials"`
	Seed                   uint64         `json:"seed"`
	BestTrial              int            `json:"best_trial"`
	BestValue              num            `json:"best_value"`
	BestParams             hpoParams      `json:"best_params"`
	BestAt                 map[string]num `json:"best_at"`
	SamplerSecondsPerTrial num            `json:"sampler_seconds_per_trial"`
	NComplete              int            `json:"n_complete"`
	NFailed                int            `json:"n_failed"`
	History                []hpoTrialOut  `json:"history,omitempty"`
	KnownMinimum           *num           `json:"known_minimum,omitempty"`
}

// hpoSummary fills the common output of bench and optimize from the trials.
func hpoSummary(ts []hpo.FrozenTrial, dir hpo.Direction, withHistory bool) hpoStudyOut {
	out := hpoStudyOut{Direction: dir.String(), Trials: len(ts), BestTrial: -1, BestValue: num(math.NaN()), BestAt: map[string]num{}}
	best := math.NaN()
	better := func(a, b float64) bool {
		if math.IsNaN(b) {
			return true
		}
		if dir == hpo.Maximize {
			return a > b
		}
		return a < b
	}
	checkpoints := map[int]bool{25: true, 50: true, 100: true, len(ts): true}
	for i, t := range ts {
		switch t.State {
		case hpo.Complete:
			out.NComplete++
			if better(t.Value, best) {
				best = t.Value
				out.BestTrial, out.BestValue, out.BestParams = t.Number, num(t.Value), hpoParamsOf(t)
			}
		case hpo.Failed:
			out.NFailed++
		}
		if checkpoints[i+1] {
			out.BestAt[strconv.Itoa(i+1)] = num(best)
		}
		if withHistory {
			out.History = append(out.History, hpoTrialOut{t.Number, t.State.String(), num(t.Value), hpoParamsOf(t), t.Err})
		}
	}
	return out
}

func hpoBench(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("hpo", "bench")
	function := fs.String("function", "", "branin, hartmann6, rosenbrock4, ackley5 or mixed")
	samplerName := fs.String("sampler", "tpe", "tpe, tpe-optuna or random")
	trials := fs.Int("trials", 100, "number of trials")
	seed := fs.Uint64("seed", 0, "random seed")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("function", *function); err != nil {
		return err
	}
	if *trials <= 0 {
		return usagef("--trials must be positive, got %d", *trials)
	}
	f, err := bench.Lookup(*function)
	if err != nil {
		return usagef("--function: %v", err)
	}
	inner, err := hpoSampler(*samplerName, *seed)
	if err != nil {
		return err
	}
	ts := &hpoTimedSampler{inner: inner}
	study, err := hpo.NewStudy(ctx, hpo.Config{Name: f.Name, Sampler: ts})
	if err != nil {
		return err
	}
	if err := study.Optimize(ctx, f.Objective(), *trials); err != nil {
		return err
	}
	all, err := study.Trials(ctx)
	if err != nil {
		return err
	}
	out := hpoSummary(all, hpo.Minimize, false)
	out.Function, out.Sampler, out.Seed = f.Name, *samplerName, *seed
	out.SamplerSecondsPerTrial = num(ts.total.Seconds() / float64(*trials))
	km := num(f.Minimum)
	out.KnownMinimum = &km
	return hpoWrite(stdout, out, *asJSON)
}

func hpoWrite(w io.Writer, out hpoStudyOut, asJSON bool) error {
	if asJSON {
		return writeJSON(w, out)
	}
	name := out.Function
	if name == "" {
		name = out.Study
	}
	fmt.Fprintf(w, "%s: %d trials with %s (seed %d), %d complete, %d failed\n", name, out.Trials, out.Sampler, out.Seed, out.NComplete, out.NFailed)
	if out.BestTrial < 0 {
		fmt.Fprintln(w, "no complete trial")
		return nil
	}
	p, _ := out.BestParams.MarshalJSON()
	fmt.Fprintf(w, "best value %.6g at trial %d: %s\n", float64(out.BestValue), out.BestTrial, p)
	keys := make([]int, 0, len(out.BestAt))
	for k := range out.BestAt {
		n, _ := strconv.Atoi(k)
		keys = append(keys, n)
	}
	sort.Ints(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  best after %d trials: %.6g\n", k, float64(out.BestAt[strconv.Itoa(k)]))
	}
	fmt.Fprintf(w, "sampler time per trial: %.3g ms\n", 1e3*float64(out.SamplerSecondsPerTrial))
	return nil
}

// hpoReadSpace reads SPACE.json: a list of search_space entries.
func hpoReadSpace(path string) ([]hpo.Param, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("hpo: read space: %w", err)
	}
	var entries []struct {
		Name    string            `json:"name"`
		Type    string            `json:"type"`
		Low     *float64          `json:"low"`
		High    *float64          `json:"high"`
		Step    *float64          `json:"step"`
		Log     bool              `json:"log"`
		Choices []json.RawMessage `json:"choices"`
	}
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("hpo: space %s: %v", path, err)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("hpo: space %s: no parameters", path)
	}
	seen := map[string]bool{}
	space := make([]hpo.Param, len(entries))
	for i, e := range entries {
		p := hpo.Param{Name: e.Name, Type: hpo.Type(e.Type), Log: e.Log}
		if p.Type == hpo.FloatParam || p.Type == hpo.IntParam {
			if e.Low == nil || e.High == nil {
				return nil, fmt.Errorf("hpo: space %s: parameter %q (entry %d) needs low and high", path, e.Name, i)
			}
			p.Low, p.High = *e.Low, *e.High
			if e.Step != nil {
				p.Step = *e.Step
				if p.Step <= 0 {
					return nil, fmt.Errorf("hpo: space %s: parameter %q: step %g is not positive", path, e.Name, p.Step)
				}
			}
		}
		for _, c := range e.Choices {
			var s string
			if err := json.Unmarshal(c, &s); err != nil {
				s = string(bytes.TrimSpace(c)) // numbers and booleans keep their JSON text
			}
			p.Choices = append(p.Choices, s)
		}
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("space %s entry %d: %w", path, i, err)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("%w: space %s: parameter %q given twice", hpo.ErrSpace, path, p.Name)
		}
		seen[p.Name] = true
		space[i] = p
	}
	return space, nil
}

// hpoStorage opens --storage sqlite:PATH (or memory when empty).
func hpoStorage(ctx context.Context, spec string) (hpo.Storage, func(), error) {
	if spec == "" {
		return &hpo.Memory{}, func() {}, nil
	}
	path, ok := strings.CutPrefix(spec, "sqlite:")
	if !ok || path == "" {
		return nil, nil, usagef("--storage: want sqlite:PATH, got %q", spec)
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	return st, func() { st.Close() }, nil
}

// hpoSplitCommand splits a command line into words, honouring single and
// double quotes and backslash escapes (no other shell syntax).
func hpoSplitCommand(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	esc := false
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\' && quote != '\'':
			esc, inWord = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case unicode.IsSpace(r):
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || esc {
		return nil, fmt.Errorf("unterminated quote or escape in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("empty command")
	}
	return words, nil
}

// hpoChild is the objective program, spoken to in JSON lines.
type hpoChild struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	lines   chan hpoLine // replies, read by one goroutine
	stderr  bytes.Buffer
	name    string
	timeout time.Duration // per reply; zero means none
}

type hpoLine struct {
	b   []byte
	err error
}

func hpoStartChild(ctx context.Context, command string) (*hpoChild, error) {
	words, err := hpoSplitCommand(command)
	if err != nil {
		return nil, usagef("--objective-exec: %v", err)
	}
	c := &hpoChild{name: words[0]}
	c.cmd = exec.CommandContext(ctx, words[0], words[1:]...)
	c.cmd.Stderr = &hpoLimitedWriter{buf: &c.stderr, max: 4096}
	if c.in, err = c.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	pipe, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("hpo: start objective %q: %w", c.name, err)
	}
	c.lines = make(chan hpoLine, 1)
	go func() {
		// Ends when the child's stdout closes (close kills a stuck child).
		r := bufio.NewReaderSize(pipe, 1<<16)
		for {
			b, err := r.ReadBytes('\n')
			c.lines <- hpoLine{b, err}
			if err != nil {
				close(c.lines)
				return
			}
		}
	}()
	return c, nil
}

type hpoLimitedWriter struct {
	buf *bytes.Buffer
	max int
}

func (w *hpoLimitedWriter) Write(p []byte) (int, error) {
	if room := w.max - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// evaluate sends one trial and reads its reply. A reply that is not a
// number, {"value": v} or {"error": "…"} fails the trial; a child that has
// gone away is an error for the whole run.
func (c *hpoChild) evaluate(ctx context.Context, t hpo.FrozenTrial) (float64, error, error) {
	line, err := json.Marshal(struct {
		Trial  int       `json:"trial"`
		Params hpoParams `json:"params"`
	}{t.Number, hpoParamsOf(t)})
	if err != nil {
		return 0, nil, err
	}
	if _, err := c.in.Write(append(line, '\n')); err != nil {
		return 0, nil, c.gone(t.Number, err)
	}
	var timer <-chan time.Time
	if c.timeout > 0 {
		tm := time.NewTimer(c.timeout)
		defer tm.Stop()
		timer = tm.C
	}
	var reply []byte
	select {
	case l, ok := <-c.lines:
		if !ok {
			return 0, nil, c.gone(t.Number, io.EOF)
		}
		if l.err != nil && (len(bytes.TrimSpace(l.b)) == 0 || !errors.Is(l.err, io.EOF)) {
			return 0, nil, c.gone(t.Number, l.err)
		}
		reply = l.b
	case <-timer:
		c.cmd.Process.Kill()
		return 0, nil, fmt.Errorf("hpo: objective %q gave no reply to trial %d within %s", c.name, t.Number, c.timeout)
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
	reply = bytes.TrimSpace(reply)
	if v, perr := strconv.ParseFloat(string(reply), 64); perr == nil {
		return v, nil, nil
	}
	if string(reply) == "null" || string(reply) == "NaN" {
		return math.NaN(), nil, nil
	}
	var obj struct {
		Value *float64 `json:"value"`
		Error *string  `json:"error"`
	}
	if jerr := json.Unmarshal(reply, &obj); jerr != nil {
		return 0, fmt.Errorf("hpo: trial %d: objective replied %q, want a number, {\"value\": v} or {\"error\": \"…\"}", t.Number, hpoShorten(reply)), nil
	}
	switch {
	case obj.Error != nil:
		return 0, fmt.Errorf("hpo: trial %d: objective error: %s", t.Number, *obj.Error), nil
	case obj.Value != nil:
		return *obj.Value, nil, nil
	}
	return 0, fmt.Errorf("hpo: trial %d: objective replied %q without value or error", t.Number, hpoShorten(reply)), nil
}

func (c *hpoChild) gone(trial int, err error) error {
	c.in.Close()
	werr := c.wait()
	msg := strings.TrimSpace(c.stderr.String())
	if msg != "" {
		msg = ": " + msg
	}
	if werr != nil {
		return fmt.Errorf("hpo: objective %q stopped at trial %d (%v)%s", c.name, trial, werr, msg)
	}
	return fmt.Errorf("hpo: objective %q closed its output at trial %d (%v)%s", c.name, trial, err, msg)
}

func (c *hpoChild) close() {
	c.in.Close()
	c.wait()
}

// wait waits for the child to exit, killing it after 5 s.
func (c *hpoChild) wait() error {
	if c.cmd.ProcessState != nil {
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		return <-done
	}
}

func hpoShorten(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}

func hpoOptimize(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("hpo", "optimize")
	spacePath := fs.String("space", "", "SPACE.json: the search space")
	command := fs.String("objective-exec", "", "objective program and its arguments")
	samplerName := fs.String("sampler", "tpe", "tpe, tpe-optuna or random")
	trials := fs.Int("trials", 100, "number of trials")
	seed := fs.Uint64("seed", 0, "random seed")
	direction := fs.String("direction", "minimize", "minimize or maximize")
	storage := fs.String("storage", "", "sqlite:PATH to keep the study")
	studyName := fs.String("study", "", "study name in the storage")
	timeout := fs.Duration("timeout", 0, "per-trial limit on the objective's reply (e.g. 10m; 0: none)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := required("space", *spacePath, "objective-exec", *command); err != nil {
		return err
	}
	if *trials <= 0 {
		return usagef("--trials must be positive, got %d", *trials)
	}
	dir, err := hpo.ParseDirection(*direction)
	if err != nil {
		return usagef("--direction: %v", err)
	}
	if *storage != "" && *studyName == "" {
		return usagef("--study is required with --storage")
	}
	space, err := hpoReadSpace(*spacePath)
	if err != nil {
		return err
	}
	inner, err := hpoSampler(*samplerName, *seed)
	if err != nil {
		return err
	}
	st, closeStorage, err := hpoStorage(ctx, *storage)
	if err != nil {
		return err
	}
	defer closeStorage()
	ts := &hpoTimedSampler{inner: inner}
	study, err := hpo.NewStudy(ctx, hpo.Config{Name: *studyName, Direction: dir, Sampler: ts, Storage: st})
	if err != nil {
		return err
	}
	child, err := hpoStartChild(ctx, *command)
	if err != nil {
		return err
	}
	defer child.close()
	child.timeout = *timeout
	for range *trials {
		if err := ctx.Err(); err != nil {
			return err
		}
		t, err := study.AskSpace(ctx, space)
		if err != nil {
			return err
		}
		all, err := study.Trials(ctx)
		if err != nil {
			return err
		}
		v, terr, fatal := child.evaluate(ctx, all[t.Number()])
		if fatal != nil {
			study.Tell(context.WithoutCancel(ctx), t.Number(), math.NaN(), fatal)
			return fatal
		}
		if err := study.Tell(ctx, t.Number(), v, terr); err != nil {
			return err
		}
	}
	all, err := study.Trials(ctx)
	if err != nil {
		return err
	}
	out := hpoSummary(all, dir, true)
	out.Study, out.Sampler, out.Seed = *studyName, *samplerName, *seed
	out.SamplerSecondsPerTrial = num(ts.total.Seconds() / float64(*trials))
	return hpoWrite(stdout, out, *asJSON)
}

// hpoOpenStudy opens an existing study (direction from the storage) or, with
// create, makes it.
func hpoOpenStudy(ctx context.Context, storage, name string, sampler hpo.Sampler, create bool, dir hpo.Direction) (*hpo.Study, func(), error) {
	if err := required("storage", storage, "study", name); err != nil {
		return nil, nil, err
	}
	st, closeStorage, err := hpoStorage(ctx, storage)
	if err != nil {
		return nil, nil, err
	}
	if d, err := st.Study(ctx, name); err == nil {
		dir = d
	} else if !create || !errors.Is(err, hpo.ErrNoStudy) {
		closeStorage()
		return nil, nil, err
	}
	s, err := hpo.NewStudy(ctx, hpo.Config{Name: name, Direction: dir, Sampler: sampler, Storage: st})
	if err != nil {
		closeStorage()
		return nil, nil, err
	}
	return s, closeStorage, nil
}

func hpoAsk(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("hpo", "ask")
	storage := fs.String("storage", "", "sqlite:PATH")
	name := fs.String("study", "", "study name")
	spacePath := fs.String("space", "", "SPACE.json (default: the space of the study's last trial)")
	samplerName := fs.String("sampler", "tpe", "tpe, tpe-optuna or random")
	seed := fs.Uint64("seed", 0, "random seed")
	direction := fs.String("direction", "minimize", "direction of a new study")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := hpo.ParseDirection(*direction)
	if err != nil {
		return usagef("--direction: %v", err)
	}
	sampler, err := hpoSampler(*samplerName, *seed)
	if err != nil {
		return err
	}
	study, closeStorage, err := hpoOpenStudy(ctx, *storage, *name, sampler, true, dir)
	if err != nil {
		return err
	}
	defer closeStorage()
	var space []hpo.Param
	if *spacePath != "" {
		if space, err = hpoReadSpace(*spacePath); err != nil {
			return err
		}
	} else {
		all, err := study.Trials(ctx)
		if err != nil {
			return err
		}
		if len(all) == 0 {
			return usagef("--space is required for the first trial of study %q", *name)
		}
		last := all[len(all)-1]
		for _, n := range last.Order {
			space = append(space, last.Space[n])
		}
	}
	t, err := study.AskSpace(ctx, space)
	if err != nil {
		return err
	}
	all, err := study.Trials(ctx)
	if err != nil {
		return err
	}
	out := struct {
		Trial  int       `json:"trial"`
		Params hpoParams `json:"params"`
	}{t.Number(), hpoParamsOf(all[t.Number()])}
	if *asJSON {
		return writeJSON(stdout, out)
	}
	p, _ := out.Params.MarshalJSON()
	_, err = fmt.Fprintf(stdout, "trial %d: %s\n", out.Trial, p)
	return err
}

func hpoTell(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("hpo", "tell")
	storage := fs.String("storage", "", "sqlite:PATH")
	name := fs.String("study", "", "study name")
	trial := fs.Int("trial", -1, "trial number")
	value := fs.String("value", "", "the trial's objective value")
	msg := fs.String("error", "", "the trial failed with this message")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *trial < 0 {
		return usagef("--trial is required (a trial number from ask)")
	}
	if (*value == "") == (*msg == "") {
		return usagef("give exactly one of --value and --error")
	}
	var v float64
	var terr error
	if *value != "" {
		var err error
		if v, err = strconv.ParseFloat(*value, 64); err != nil {
			return usagef("--value: %q is not a number", *value)
		}
	} else {
		v, terr = math.NaN(), errors.New(*msg)
	}
	study, closeStorage, err := hpoOpenStudy(ctx, *storage, *name, nil, false, hpo.Minimize)
	if err != nil {
		return err
	}
	defer closeStorage()
	if err := study.Tell(ctx, *trial, v, terr); err != nil {
		return err
	}
	all, err := study.Trials(ctx)
	if err != nil {
		return err
	}
	t := all[*trial]
	out := hpoTrialOut{t.Number, t.State.String(), num(t.Value), hpoParamsOf(t), t.Err}
	if *asJSON {
		return writeJSON(stdout, out)
	}
	_, err = fmt.Fprintf(stdout, "trial %d: %s\n", t.Number, t.State)
	return err
}

func hpoBest(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("hpo", "best")
	storage := fs.String("storage", "", "sqlite:PATH")
	name := fs.String("study", "", "study name")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	study, closeStorage, err := hpoOpenStudy(ctx, *storage, *name, nil, false, hpo.Minimize)
	if err != nil {
		return err
	}
	defer closeStorage()
	all, err := study.Trials(ctx)
	if err != nil {
		return err
	}
	if _, err := study.Best(ctx); err != nil {
		return err
	}
	out := hpoSummary(all, study.Direction(), false)
	out.Study, out.Sampler = *name, ""
	return hpoWrite(stdout, out, *asJSON)
}
