package journey

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrNotAbsorbing is returned for a chain (only possible from a hand-made
// saved file) in which some transient state never reaches an absorbing one.
var ErrNotAbsorbing = errors.New("journey: chain is not absorbing")

// MaxOrder is the highest chain order Fit accepts.
const MaxOrder = 8

// Config holds the settings of a Markov chain fit. The zero value fits a
// first-order chain.
type Config struct {
	// Order is k, the number of previous path elements the next state
	// depends on. Zero means 1; at most MaxOrder.
	Order int `json:"order"`
}

// Validate reports whether the configuration is usable.
func (c Config) Validate() error {
	if c.Order < 0 || c.Order > MaxOrder {
		return fmt.Errorf("%w: Order %d outside 0..%d", ErrConfig, c.Order, MaxOrder)
	}
	return nil
}

func (c Config) order() int {
	if c.Order == 0 {
		return 1
	}
	return c.Order
}

// Chain is a fitted absorbing Markov chain of order k over a set of paths:
// transition counts, their maximum-likelihood probabilities, and the
// absorbing-chain quantities (conversion probability, expected steps,
// removal effects) solved exactly by linear algebra. A Chain is immutable
// and safe for concurrent use.
//
// Transient states are contexts, the last min(k, t+1) elements of the
// sequence (start), c1, …, ct: for k = 1 they are (start) and the channels;
// for k = 2 they are (start) and the pairs ((start), c1), (c1, c2), …, so the
// first transition uses the first-order (start) row. The absorbing states are
// (conversion) and (null).
//
// With Q the transient-to-transient block of the transition matrix and r the
// column of transient-to-(conversion) probabilities,
//
//	b = (I − Q)⁻¹ r             conversion probability from every state
//	P = b[(start)]
//	t = (I − Q)⁻¹ 1             expected steps to absorption
//	w = (I − Q)⁻¹ b             E[steps | conversion] = w[(start)] / P
//
// Removing channel c sends every state whose current (last) element is c to
// (null): their rows of Q and r become zero and no other row is
// renormalised. The removal effect is
//
//	RE(c) = 1 − P(without c) / P
//
// and attribution shares the conversions (or their value) in proportion to
// RE(c) / Σ RE.
//
// References:
//
//	Anderl, E., Becker, I., von Wangenheim, F., Schumann, J. H. (2016).
//	Mapping the customer journey: Lessons learned from graph-based online
//	attribution modeling. International Journal of Research in Marketing
//	33(3), 457–474. doi:10.1016/j.ijresmar.2016.03.001
//	Kemeny, J. G., Snell, J. L. (1960). Finite Markov Chains, ch. III
//	(absorbing chains, the fundamental matrix N = (I − Q)⁻¹).
type Chain struct {
	order    int
	channels []string
	ctx      [][]int32 // context symbols per state
	off      []int32   // state s's entries are [off[s], off[s+1])
	next     []int32
	target   []int32
	count    []int64
	prob     []float64
	total    []int64
	nTrans   int64

	nPaths     int
	nConv      int
	totalValue float64

	conv      []float64 // b
	steps     []float64 // t
	pConv     float64
	stepConv  float64
	stepsConv []float64 // w[s] / b[s]
	removal   []float64 // per channel
}

// Fit counts the transitions of every path and solves the absorbing chain.
func (c Config) Fit(ctx context.Context, p *Paths) (*Chain, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if p.NumPaths() == 0 {
		return nil, ErrNoEvents
	}
	k := c.order()
	cnt := newCounter(k, len(p.channels))
	for i := range p.conv {
		if i&0xffff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		cnt.addPath(p.Touches(i), p.conv[i], 1)
	}
	s := p.summary
	return newChain(ctx, cnt, p.channels, s.NPaths, s.NConversions, s.TotalConversionValue)
}

// newChain freezes the counts into a Chain, ordering each row by next
// symbol, and solves it.
func newChain(ctx context.Context, cnt *counter, channels []string, nPaths, nConv int, value float64) (*Chain, error) {
	ch := &Chain{order: cnt.order, channels: channels, nPaths: nPaths, nConv: nConv, totalValue: value}
	// Keep states with outgoing transitions, in canonical order (contexts
	// compared element-wise, so (start) is first and the numbering does not
	// depend on the order the paths were counted in); renumber.
	ns := len(cnt.ctx)
	totals := make([]int64, ns)
	var keep []int32
	for s := 0; s < ns; s++ {
		for _, e := range cnt.rows[s] {
			totals[s] += e.count
		}
		if totals[s] > 0 {
			keep = append(keep, int32(s))
		}
	}
	slices.SortFunc(keep, func(a, b int32) int { return slices.Compare(cnt.ctx[a], cnt.ctx[b]) })
	newIdx := make([]int32, ns)
	for s := range newIdx {
		newIdx[s] = -1
	}
	n := len(keep)
	for i, s := range keep {
		newIdx[s] = int32(i)
		ch.ctx = append(ch.ctx, cnt.ctx[s])
		ch.total = append(ch.total, totals[s])
	}
	ch.off = make([]int32, 1, n+1)
	for _, s := range keep {
		row := slices.Clone(cnt.rows[s])
		slices.SortFunc(row, func(a, b entry) int { return int(a.next - b.next) })
		tot := float64(ch.total[newIdx[s]])
		for _, e := range row {
			if e.count <= 0 {
				continue
			}
			t := int32(-1)
			if e.target >= 0 {
				t = newIdx[e.target]
			}
			ch.next = append(ch.next, e.next)
			ch.target = append(ch.target, t)
			ch.count = append(ch.count, e.count)
			ch.prob = append(ch.prob, float64(e.count)/tot)
			ch.nTrans += e.count
		}
		ch.off = append(ch.off, int32(len(ch.next)))
	}
	if err := ch.solve(ctx); err != nil {
		return nil, err
	}
	return ch, nil
}

func (ch *Chain) absorbing() *absorbing {
	return &absorbing{n: len(ch.ctx), off: ch.off, target: ch.target, prob: ch.prob}
}

func (ch *Chain) solve(ctx context.Context) error {
	n := len(ch.ctx)
	convSym := int32(len(ch.channels) + 1)
	r := make([]float64, n)
	ones := make([]float64, n)
	for s := 0; s < n; s++ {
		ones[s] = 1
		for e := ch.off[s]; e < ch.off[s+1]; e++ {
			if ch.next[e] == convSym {
				r[s] += ch.prob[e]
			}
		}
	}
	q := ch.absorbing()
	x, err := q.solveMany(ctx, nil, r, ones)
	if err != nil {
		return err
	}
	ch.conv, ch.steps = x[0], x[1]
	for s := range ch.steps {
		if math.IsNaN(ch.steps[s]) || math.IsInf(ch.steps[s], 0) || math.IsNaN(ch.conv[s]) {
			return fmt.Errorf("%w: state %d cannot reach (conversion) or (null)", ErrNotAbsorbing, s)
		}
	}
	ch.pConv = ch.conv[0]
	w, err := q.solveMany(ctx, nil, ch.conv)
	if err != nil {
		return err
	}
	ch.stepsConv = w[0]
	for s := range ch.stepsConv {
		if ch.conv[s] > 0 {
			ch.stepsConv[s] /= ch.conv[s]
		} else {
			ch.stepsConv[s] = math.NaN()
		}
	}
	ch.stepConv = ch.stepsConv[0]
	ch.removal = make([]float64, len(ch.channels))
	if ch.pConv == 0 {
		return nil
	}
	// R_c, the states whose current (last) element is channel c, in state
	// order; (start) is in none of them.
	sets := make([][]int32, len(ch.channels))
	for s := 1; s < n; s++ {
		cx := ch.ctx[s]
		if sym := cx[len(cx)-1]; sym >= 1 && int(sym) <= len(ch.channels) {
			sets[sym-1] = append(sets[sym-1], int32(s))
		}
	}
	if n <= denseMax {
		return ch.removalDense(q, sets)
	}
	return ch.removalIterative(ctx, q, r, sets)
}

// Order returns k.
func (ch *Chain) Order() int { return ch.order }

// Channels returns the channel names in state order (shared slice).
func (ch *Chain) Channels() []string { return ch.channels }

// NumStates returns the number of transient states, (start) included.
func (ch *Chain) NumStates() int { return len(ch.ctx) }

// State returns transient state s as names: its context, oldest first.
func (ch *Chain) State(s int) []string {
	out := make([]string, len(ch.ctx[s]))
	for i, sym := range ch.ctx[s] {
		out[i] = ch.symbolName(sym)
	}
	return out
}

func (ch *Chain) symbolName(sym int32) string {
	switch {
	case sym == 0:
		return Start
	case int(sym) <= len(ch.channels):
		return ch.channels[sym-1]
	case int(sym) == len(ch.channels)+1:
		return Conversion
	}
	return Null
}

// Transition is one observed transition out of a state.
type Transition struct {
	Next  string  `json:"next"`
	Count int64   `json:"count"`
	Prob  float64 `json:"prob"`
}

// Row returns the observed transitions out of state s in state order
// (channels by code point, then (conversion), then (null)).
func (ch *Chain) Row(s int) []Transition {
	out := make([]Transition, 0, ch.off[s+1]-ch.off[s])
	for e := ch.off[s]; e < ch.off[s+1]; e++ {
		out = append(out, Transition{Next: ch.symbolName(ch.next[e]), Count: ch.count[e], Prob: ch.prob[e]})
	}
	return out
}

// OutCount returns the number of transitions observed out of state s.
func (ch *Chain) OutCount(s int) int64 { return ch.total[s] }

// ConversionProbability returns P, the probability of absorption in
// (conversion) from (start).
func (ch *Chain) ConversionProbability() float64 { return ch.pConv }

// StateConversionProbability returns b[s], the probability of conversion
// from transient state s.
func (ch *Chain) StateConversionProbability(s int) float64 { return ch.conv[s] }

// MeanStepsToAbsorption returns ((I − Q)⁻¹ 1)[(start)]; a step is one
// transition.
func (ch *Chain) MeanStepsToAbsorption() float64 { return ch.steps[0] }

// StateStepsToAbsorption returns the expected steps to absorption from s.
func (ch *Chain) StateStepsToAbsorption(s int) float64 { return ch.steps[s] }

// MeanStepsToConversion returns E[steps | absorbed in (conversion)] from
// (start); NaN when P = 0.
func (ch *Chain) MeanStepsToConversion() float64 { return ch.stepConv }

// StateStepsToConversion returns E[steps to absorption | conversion] from
// state s, w[s] / b[s]; NaN when b[s] = 0.
func (ch *Chain) StateStepsToConversion(s int) float64 { return ch.stepsConv[s] }

// RemovalEffects returns RE(c) per channel in channel order. They are 0 for
// every channel when P = 0 (no conversions).
func (ch *Chain) RemovalEffects() []float64 { return slices.Clone(ch.removal) }

// Attribution returns total · RE(c) / Σ RE per channel: pass the number of
// conversions, or the total conversion value. All zeros when Σ RE = 0.
func (ch *Chain) Attribution(total float64) []float64 {
	out := make([]float64, len(ch.removal))
	var sum float64
	for _, v := range ch.removal {
		sum += v
	}
	if sum == 0 {
		return out
	}
	for i, v := range ch.removal {
		out[i] = v / sum * total
	}
	return out
}

// NumConversions returns the number of converting paths the chain was fit on.
func (ch *Chain) NumConversions() int { return ch.nConv }

// NumPaths returns the number of paths the chain was fit on.
func (ch *Chain) NumPaths() int { return ch.nPaths }

// TotalConversionValue returns the summed conversion value of the paths.
func (ch *Chain) TotalConversionValue() float64 { return ch.totalValue }

// NumTransitions returns the number of observed transitions.
func (ch *Chain) NumTransitions() int64 { return ch.nTrans }

// LogLikelihood returns Σ count · ln p over every observed transition.
func (ch *Chain) LogLikelihood() float64 {
	var ll float64
	for e, c := range ch.count {
		ll += float64(c) * math.Log(ch.prob[e])
	}
	return ll
}

// FreeParams returns Σ over states of (distinct next states − 1).
func (ch *Chain) FreeParams() int {
	n := 0
	for s := range ch.ctx {
		n += int(ch.off[s+1]-ch.off[s]) - 1
	}
	return n
}

// AIC returns 2·FreeParams − 2·LogLikelihood.
func (ch *Chain) AIC() float64 { return 2*float64(ch.FreeParams()) - 2*ch.LogLikelihood() }

// BIC returns ln(NumTransitions)·FreeParams − 2·LogLikelihood.
func (ch *Chain) BIC() float64 {
	return math.Log(float64(ch.nTrans))*float64(ch.FreeParams()) - 2*ch.LogLikelihood()
}

// SelectOrder fits chains of order 1 to maxOrder and returns the order with
// the smallest BIC (ties to the lower order) and every fitted chain, index
// k−1 holding order k. The BIC penalises each free transition probability
// by ln(number of transitions); the log-likelihoods are comparable across
// orders because every chain scores the same transitions (the first
// transition of a path always uses the (start) row).
//
// References:
//
//	Schwarz, G. (1978). Estimating the dimension of a model. Annals of
//	Statistics 6(2), 461–464.
//	Tong, H. (1975). Determination of the order of a Markov chain by
//	Akaike's information criterion. Journal of Applied Probability 12(3),
//	488–497.
func SelectOrder(ctx context.Context, p *Paths, maxOrder int) (int, []*Chain, error) {
	if maxOrder < 1 || maxOrder > MaxOrder {
		return 0, nil, fmt.Errorf("%w: maxOrder %d outside 1..%d", ErrConfig, maxOrder, MaxOrder)
	}
	var chains []*Chain
	best := 0
	for k := 1; k <= maxOrder; k++ {
		ch, err := Config{Order: k}.Fit(ctx, p)
		if err != nil {
			return 0, nil, err
		}
		chains = append(chains, ch)
		if best == 0 || ch.BIC() < chains[best-1].BIC() {
			best = k
		}
	}
	return best, chains, nil
}
