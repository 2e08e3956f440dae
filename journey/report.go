package journey

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"
)

// Number is a float64 that marshals as the shortest text that round-trips,
// and as null when it is NaN or infinite.
type Number float64

// MarshalJSON implements json.Marshaler.
func (x Number) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// Object is a JSON object whose keys keep their order (states order for the
// maps keyed by state).
type Object []Field

// Field is one key and value of an Object.
type Field struct {
	Key   string
	Value any
}

// MarshalJSON implements json.Marshaler.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshalNoEscape(f.Key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshalNoEscape(f.Value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Get returns the value under key, or nil.
func (o Object) Get(key string) any {
	for _, f := range o {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// ReportOptions selects what [NewReport] computes.
type ReportOptions struct {
	Paths PathOptions
	// Order, when above 2, adds an order-k chain (block "order_k") to the
	// always-present first- and second-order results. Zero means 1.
	Order int
	// HalfLife is the time-decay half-life; zero means DefaultHalfLife.
	HalfLife time.Duration
}

// Report is everything the reference cases' expected.json holds that can
// be computed from the data, under the same names and nesting: the
// first-order chain at the top level, "second_order" for the pair chain.
type Report struct {
	ConversionEvent               string        `json:"conversion_event"`
	ValueColumn                   *string       `json:"value_column"`
	NRows                         int           `json:"n_rows"`
	NUsers                        int           `json:"n_users"`
	NPaths                        int           `json:"n_paths"`
	NConversions                  int           `json:"n_conversions"`
	NRejectedRows                 int           `json:"n_rejected_rows"`
	RejectedRows                  []RejectedRow `json:"rejected_rows"`
	NDuplicateRowsDropped         int           `json:"n_duplicate_rows_dropped"`
	NEventsAfterConversionDropped int           `json:"n_events_after_conversion_dropped"`
	NEmptyPaths                   int           `json:"n_empty_paths"`
	TotalConversionValue          Number        `json:"total_conversion_value"`
	States                        []string      `json:"states"`
	TransitionCounts              Object        `json:"transition_counts"`
	TransitionProbs               Object        `json:"transition_probs"`
	EmpiricalConversionRate       Number        `json:"empirical_conversion_rate"`
	ConversionProbability         Number        `json:"conversion_probability"`
	ExactFraction                 *string       `json:"conversion_probability_exact_fraction"`
	RemovalEffect                 Object        `json:"removal_effect"`
	RemovalEffectExactDiff        *Number       `json:"removal_effect_max_abs_diff_vs_exact_fractions"`
	Attribution                   Object        `json:"attribution"`
	AttributionValue              Object        `json:"attribution_value"`
	FirstTouch                    Object        `json:"first_touch"`
	LastTouch                     Object        `json:"last_touch"`
	Linear                        Object        `json:"linear"`
	TimeDecay                     Object        `json:"time_decay"`
	TimeDecayHalfLifeSeconds      Number        `json:"time_decay_half_life_seconds"`
	PositionBased                 Object        `json:"position_based"`
	TouchShare                    Object        `json:"empirical_touch_share_of_conversions"`
	TopPaths                      [][2]any      `json:"top_paths"`
	MeanStepsToConversion         Number        `json:"mean_steps_to_conversion"`
	MeanStepsToAbsorption         Number        `json:"mean_steps_to_absorption"`
	EmpiricalMeanStepsToConv      Number        `json:"empirical_mean_steps_to_conversion"`
	EmpiricalMeanStepsToAbs       Number        `json:"empirical_mean_steps_to_absorption"`
	NextStepPrediction            Object        `json:"next_step_prediction"`
	LogLikelihood                 Object        `json:"log_likelihood"`
	OrderSelection                []Object      `json:"order_selection"`
	SecondOrder                   Object        `json:"second_order"`
	OrderK                        Object        `json:"order_k,omitempty"`
	SelfChecks                    Object        `json:"self_checks"`

	first, second, kth *Chain
	paths              *Paths
}

// Chain returns the fitted chain of the given order (1, 2 or the report's
// Order), or nil.
func (r *Report) Chain(order int) *Chain {
	switch {
	case order == 1:
		return r.first
	case order == 2:
		return r.second
	case r.kth != nil && r.kth.Order() == order:
		return r.kth
	}
	return nil
}

// Paths returns the paths the report was built from.
func (r *Report) Paths() *Paths { return r.paths }

func byChannel(names []string, v []float64) Object {
	o := make(Object, len(names))
	for i, n := range names {
		o[i] = Field{n, Number(v[i])}
	}
	return o
}

// NewReport builds the paths, fits chains of order 1, 2 (and Order when it
// is higher) and computes every quantity of the reference report.
func NewReport(ctx context.Context, l *Log, opts ReportOptions) (*Report, error) {
	p, err := BuildPaths(ctx, l, opts.Paths)
	if err != nil {
		return nil, err
	}
	if p.NumPaths() == 0 {
		return nil, ErrNoEvents
	}
	order := opts.Order
	if order == 0 {
		order = 1
	}
	if err := (Config{Order: order}).Validate(); err != nil {
		return nil, err
	}
	c1, err := Config{Order: 1}.Fit(ctx, p)
	if err != nil {
		return nil, err
	}
	c2, err := Config{Order: 2}.Fit(ctx, p)
	if err != nil {
		return nil, err
	}
	s := p.Summary()
	r := &Report{
		ConversionEvent: opts.Paths.Conversion, NRows: s.NRows, NUsers: s.NUsers, NPaths: s.NPaths,
		NConversions: s.NConversions, NRejectedRows: s.NRejectedRows, RejectedRows: s.RejectedRows,
		NDuplicateRowsDropped: s.NDuplicateRowsDropped, NEventsAfterConversionDropped: s.NEventsAfterConversionDropped,
		NEmptyPaths: s.NEmptyPaths, TotalConversionValue: Number(s.TotalConversionValue),
		first: c1, second: c2, paths: p,
	}
	if vc := l.ValueColumn(); vc != "" {
		r.ValueColumn = &vc
	}
	ch := p.Channels()
	r.States = append(append([]string{Start}, ch...), Conversion, Null)
	for st := 0; st < c1.NumStates(); st++ {
		name := c1.State(st)[0]
		var cnt, prob Object
		for _, t := range c1.Row(st) {
			cnt = append(cnt, Field{t.Next, t.Count})
			prob = append(prob, Field{t.Next, Number(t.Prob)})
		}
		r.TransitionCounts = append(r.TransitionCounts, Field{name, cnt})
		r.TransitionProbs = append(r.TransitionProbs, Field{name, prob})
	}
	nConv := float64(s.NConversions)
	r.EmpiricalConversionRate = Number(nConv / float64(s.NPaths))
	r.ConversionProbability = Number(c1.ConversionProbability())
	re := c1.RemovalEffects()
	r.RemovalEffect = byChannel(ch, re)
	if exact, ok := c1.ExactConversionProbability(); ok {
		f := exact.RatString()
		r.ExactFraction = &f
		// The exact removal effects are a diagnostic; their cost grows
		// fast with the channels, so the report computes them up to 12.
		if c1.NumStates() <= 13 {
			if ere, ok := c1.ExactRemovalEffects(); ok {
				var d float64
				for i, e := range ere {
					v, _ := e.Float64()
					d = math.Max(d, math.Abs(v-re[i]))
				}
				dn := Number(d)
				r.RemovalEffectExactDiff = &dn
			}
		}
	}
	r.Attribution = byChannel(ch, c1.Attribution(nConv))
	r.AttributionValue = byChannel(ch, c1.Attribution(s.TotalConversionValue))
	hl := opts.HalfLife
	if hl <= 0 {
		hl = DefaultHalfLife
	}
	h := p.Heuristics(hl)
	r.FirstTouch = byChannel(ch, h.FirstTouch)
	r.LastTouch = byChannel(ch, h.LastTouch)
	r.Linear = byChannel(ch, h.Linear)
	r.TimeDecay = byChannel(ch, h.TimeDecay)
	r.TimeDecayHalfLifeSeconds = Number(hl.Seconds())
	r.PositionBased = byChannel(ch, h.PositionBased)
	r.TouchShare = byChannel(ch, h.TouchShare)
	r.TopPaths = [][2]any{}
	for _, tp := range p.TopPaths(10) {
		r.TopPaths = append(r.TopPaths, [2]any{tp.Path, tp.Count})
	}
	r.MeanStepsToConversion = Number(c1.MeanStepsToConversion())
	r.MeanStepsToAbsorption = Number(c1.MeanStepsToAbsorption())
	ec, ea := p.EmpiricalMeanSteps()
	r.EmpiricalMeanStepsToConv, r.EmpiricalMeanStepsToAbs = Number(ec), Number(ea)
	var top3 Object
	for st := 0; st < c1.NumStates(); st++ {
		var preds []any
		for _, pr := range c1.TopNext(st, 3) {
			preds = append(preds, []any{pr.State, Number(pr.Prob)})
		}
		top3 = append(top3, Field{c1.State(st)[0], preds})
	}
	acc1 := c1.InSampleAccuracy()
	r.NextStepPrediction = Object{{"top3", top3}, {"in_sample_accuracy", Number(acc1)}}
	ll1, ll2 := c1.LogLikelihood(), c2.LogLikelihood()
	r.LogLikelihood = Object{
		{"order1", Number(ll1)}, {"order1_free_params", c1.FreeParams()},
		{"order2", Number(ll2)}, {"order2_free_params", c2.FreeParams()},
		{"lr_statistic", Number(2 * (ll2 - ll1))},
	}
	chains := []*Chain{c1, c2}
	if order > 2 {
		ck, err := Config{Order: order}.Fit(ctx, p)
		if err != nil {
			return nil, err
		}
		r.kth = ck
		chains = append(chains, ck)
		llk := ck.LogLikelihood()
		r.LogLikelihood = append(r.LogLikelihood,
			Field{"order" + strconv.Itoa(order), Number(llk)},
			Field{"order" + strconv.Itoa(order) + "_free_params", ck.FreeParams()})
		r.OrderK = Object{
			{"order", order},
			{"n_states", ck.NumStates()},
			{"conversion_probability", Number(ck.ConversionProbability())},
			{"removal_effect", byChannel(ch, ck.RemovalEffects())},
			{"attribution", byChannel(ch, ck.Attribution(nConv))},
			{"attribution_value", byChannel(ch, ck.Attribution(s.TotalConversionValue))},
			{"mean_steps_to_conversion", Number(ck.MeanStepsToConversion())},
			{"mean_steps_to_absorption", Number(ck.MeanStepsToAbsorption())},
			{"next_step_in_sample_accuracy", Number(ck.InSampleAccuracy())},
			{"log_likelihood", Number(llk)},
			{"free_params", ck.FreeParams()},
		}
	}
	for _, c := range chains {
		r.OrderSelection = append(r.OrderSelection, Object{
			{"order", c.Order()}, {"log_likelihood", Number(c.LogLikelihood())},
			{"free_params", c.FreeParams()}, {"aic", Number(c.AIC())}, {"bic", Number(c.BIC())},
		})
	}
	r.SecondOrder = secondOrderBlock(c2, ch, nConv, acc1)
	r.SelfChecks = selfChecks(r, c1, c2, ea)
	return r, nil
}

func secondOrderBlock(c2 *Chain, ch []string, nConv, acc1 float64) Object {
	type ps struct {
		s     int
		state []string
	}
	var pairs []ps
	for st := 0; st < c2.NumStates(); st++ {
		if len(c2.ctx[st]) == 2 {
			pairs = append(pairs, ps{st, c2.State(st)})
		}
	}
	slices.SortStableFunc(pairs, func(a, b ps) int {
		na, nb := c2.OutCount(a.s), c2.OutCount(b.s)
		if na != nb {
			if na > nb {
				return -1
			}
			return 1
		}
		return slices.Compare(a.state, b.state)
	})
	top := []any{}
	for i, pr := range pairs {
		if i == 15 {
			break
		}
		var cnt, prob Object
		for _, t := range c2.Row(pr.s) {
			cnt = append(cnt, Field{t.Next, t.Count})
			prob = append(prob, Field{t.Next, Number(t.Prob)})
		}
		top = append(top, Object{{"state", pr.state}, {"n_out", c2.OutCount(pr.s)}, {"counts", cnt}, {"probs", prob}})
	}
	return Object{
		{"n_pair_states", len(pairs)},
		{"top_states", top},
		{"conversion_probability", Number(c2.ConversionProbability())},
		{"removal_effect", byChannel(ch, c2.RemovalEffects())},
		{"attribution", byChannel(ch, c2.Attribution(nConv))},
		{"next_step_in_sample_accuracy", Number(c2.InSampleAccuracy())},
		{"first_order_next_step_in_sample_accuracy", Number(acc1)},
	}
}

func selfChecks(r *Report, c1, c2 *Chain, empSteps float64) Object {
	rate := float64(r.EmpiricalConversionRate)
	d1 := math.Abs(c1.ConversionProbability() - rate)
	d2 := math.Abs(c2.ConversionProbability() - rate)
	ds := math.Abs(c1.MeanStepsToAbsorption() - empSteps)
	var attr float64
	for _, v := range c1.Attribution(float64(r.NConversions)) {
		attr += v
	}
	var rows float64
	for st := 0; st < c1.NumStates(); st++ {
		var sum float64
		for _, t := range c1.Row(st) {
			sum += t.Prob
		}
		rows = math.Max(rows, math.Abs(sum-1))
	}
	exact := math.NaN()
	if r.ExactFraction != nil {
		if e, ok := c1.ExactConversionProbability(); ok {
			v, _ := e.Float64()
			exact = math.Abs(v - c1.ConversionProbability())
		}
	}
	ok := d1 < 1e-9 && d2 < 1e-9 && ds < 1e-9 && rows < 1e-12 &&
		(math.IsNaN(exact) || exact < 1e-12) &&
		(attr == 0 || math.Abs(attr-float64(r.NConversions)) < 1e-9*float64(r.NConversions))
	return Object{
		{"p_conv_equals_empirical_rate_abs_diff", Number(d1)},
		{"second_order_p_conv_equals_empirical_rate_abs_diff", Number(d2)},
		{"mean_steps_to_absorption_equals_empirical_abs_diff", Number(ds)},
		{"exact_fraction_abs_diff", Number(exact)},
		{"attribution_sum", Number(attr)},
		{"rows_sum_to_one_max_abs_err", Number(rows)},
		{"ok", ok},
	}
}
