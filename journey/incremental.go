package journey

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Incremental absorbs events as they arrive and, whenever asked, gives the
// chain that a refit on every event so far would give: the same counts,
// probabilities and removal effects. Only the users who received events
// since the last [Incremental.Chain] have their paths rebuilt; their old
// transitions are subtracted from the counts and the new ones added, so a
// late (out-of-order) event, a duplicate or a conversion that truncates an
// existing path is handled exactly as in a refit.
//
// An Incremental is not safe for concurrent use; the Chains it returns are.
type Incremental struct {
	cfg  Config
	opts PathOptions
	log  *Log

	rows  [][]int32 // per user: indices of its rows in log
	dirty []int32
	mark  []bool
	prev  [][]incPath // per user: the paths counted for it
	stats []Summary   // per user: its contribution to the summary counts

	cnt      *counter // symbols 0 (start), 1 (conversion), 2 (null), 3+event id
	touchUse []int64  // per event id: touches in the current paths
	sum      Summary
	scratch  Paths
	recs     []rec
}

type incPath struct {
	touches []int32 // event ids
	conv    bool
	value   float64
}

// NewIncremental returns an empty incremental model.
func NewIncremental(cfg Config, opts PathOptions) (*Incremental, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opts.Conversion == "" {
		return nil, fmt.Errorf("%w: PathOptions.Conversion is empty", ErrConfig)
	}
	if opts.Lookback < 0 || opts.SessionGap < 0 {
		return nil, fmt.Errorf("%w: negative Lookback or SessionGap", ErrConfig)
	}
	in := &Incremental{cfg: cfg, opts: opts, log: NewLog()}
	in.cnt = &counter{order: cfg.order(), lo: 3, hi: 1<<31 - 1, conv: 1, null: 2, index: map[string]int32{}}
	in.cnt.state([]int32{0})
	return in, nil
}

// Add validates one row exactly as [Log.Add] does and absorbs it if it is
// valid; it returns the rejection reason, or "" when the row was kept.
func (in *Incremental) Add(line int, user, timestamp, event string, value *string) string {
	if reason := in.log.Add(line, user, timestamp, event, value); reason != "" {
		return reason
	}
	i := int32(len(in.log.user) - 1)
	u := in.log.user[i]
	for int(u) >= len(in.rows) {
		in.rows = append(in.rows, nil)
		in.mark = append(in.mark, false)
		in.prev = append(in.prev, nil)
		in.stats = append(in.stats, Summary{})
	}
	in.rows[u] = append(in.rows[u], i)
	if !in.mark[u] {
		in.mark[u] = true
		in.dirty = append(in.dirty, u)
	}
	return ""
}

// Log returns the validated rows absorbed so far (shared; do not add to it).
func (in *Incremental) Log() *Log { return in.log }

// update rebuilds the paths of the users with new events.
func (in *Incremental) update(ctx context.Context) error {
	l := in.log
	convID := l.names.lookup([]byte(in.opts.Conversion))
	gapSec, gapNsec := int64(in.opts.SessionGap/time.Second), int64(in.opts.SessionGap%time.Second)
	lbSec, lbNsec := int64(in.opts.Lookback/time.Second), int64(in.opts.Lookback%time.Second)
	for k, u := range in.dirty {
		if k&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		in.mark[u] = false
		// Subtract the old contribution.
		for _, pp := range in.prev[u] {
			in.cnt.addPath(pp.touches, pp.conv, -1)
			for _, e := range pp.touches {
				in.touchUse[e]--
			}
		}
		in.sum = subSummary(in.sum, in.stats[u])
		// Rebuild the user's paths from all its rows.
		in.recs = in.recs[:0]
		for _, i := range in.rows[u] {
			in.recs = append(in.recs, rec{sec: l.sec[i], nsec: l.nsec[i], event: l.event[i], has: l.has[i], value: l.value[i]})
		}
		sp := &in.scratch
		*sp = Paths{opts: in.opts, off: append(sp.off[:0], 0), touch: sp.touch[:0], age: sp.age[:0], conv: sp.conv[:0], value: sp.value[:0]}
		sp.addUser(in.recs, convID, gapSec, gapNsec, lbSec, lbNsec)
		st := sp.summary
		st.NUsers, st.NPaths = 1, len(sp.conv)
		in.stats[u] = st
		in.sum = addSummary(in.sum, st)
		paths := in.prev[u][:0]
		for j := range sp.conv {
			t := slices.Clone(sp.Touches(j))
			paths = append(paths, incPath{touches: t, conv: sp.conv[j], value: sp.value[j]})
			for _, e := range t {
				for int(e) >= len(in.touchUse) {
					in.touchUse = append(in.touchUse, 0)
				}
				in.touchUse[e]++
			}
			in.cnt.addPath(t, sp.conv[j], 1)
		}
		in.prev[u] = paths
	}
	in.dirty = in.dirty[:0]
	return nil
}

func addSummary(a, b Summary) Summary {
	a.NUsers += b.NUsers
	a.NPaths += b.NPaths
	a.NConversions += b.NConversions
	a.NDuplicateRowsDropped += b.NDuplicateRowsDropped
	a.NEventsAfterConversionDropped += b.NEventsAfterConversionDropped
	a.NEmptyPaths += b.NEmptyPaths
	return a
}

func subSummary(a, b Summary) Summary {
	a.NUsers -= b.NUsers
	a.NPaths -= b.NPaths
	a.NConversions -= b.NConversions
	a.NDuplicateRowsDropped -= b.NDuplicateRowsDropped
	a.NEventsAfterConversionDropped -= b.NEventsAfterConversionDropped
	a.NEmptyPaths -= b.NEmptyPaths
	return a
}

// Summary returns the row and path counts over every event so far.
func (in *Incremental) Summary(ctx context.Context) (Summary, error) {
	if err := in.update(ctx); err != nil {
		return Summary{}, err
	}
	s := in.sum
	s.NRows = in.log.nRows
	s.NRejectedRows = len(in.log.rejected)
	s.RejectedRows = in.log.rejected
	if s.RejectedRows == nil {
		s.RejectedRows = []RejectedRow{}
	}
	// Sum the values in user order, as a refit does, so the total is
	// bit-identical.
	for _, ps := range in.prev {
		for _, pp := range ps {
			if pp.conv {
				s.TotalConversionValue += pp.value
			}
		}
	}
	return s, nil
}

// Chain returns the chain fitted on every event so far; it equals
// Config.Fit on BuildPaths of the same events.
func (in *Incremental) Chain(ctx context.Context) (*Chain, error) {
	s, err := in.Summary(ctx)
	if err != nil {
		return nil, err
	}
	if s.NPaths == 0 {
		return nil, ErrNoEvents
	}
	names := in.log.names.strs
	var evs []int32
	for e, n := range in.touchUse {
		if n > 0 {
			evs = append(evs, int32(e))
		}
	}
	slices.SortFunc(evs, func(a, b int32) int {
		if names[a] < names[b] {
			return -1
		}
		if names[a] > names[b] {
			return 1
		}
		return 0
	})
	nch := len(evs)
	channels := make([]string, nch)
	sym := make([]int32, len(in.touchUse)+3) // incremental symbol → canonical
	sym[0], sym[1], sym[2] = 0, int32(nch+1), int32(nch+2)
	for i, e := range evs {
		channels[i] = names[e]
		sym[e+3] = int32(i + 1)
	}
	canon := newCounter(in.cnt.order, nch)
	var ctxBuf []int32
	for st, row := range in.cnt.rows {
		var cs int32 = -1
		for _, e := range row {
			if e.count <= 0 {
				continue
			}
			if cs < 0 {
				ctxBuf = ctxBuf[:0]
				for _, x := range in.cnt.ctx[st] {
					ctxBuf = append(ctxBuf, sym[x])
				}
				cs = canon.state(ctxBuf)
			}
			canon.step(cs, sym[e.next], e.count)
		}
	}
	return newChain(ctx, canon, channels, s.NPaths, s.NConversions, s.TotalConversionValue)
}
