package journey

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// PathOptions says how an event log becomes paths. The zero value, with
// Conversion set, is the reference convention: one path per user, no
// lookback window.
type PathOptions struct {
	// Conversion is the event name that marks a conversion (required).
	// Names are compared verbatim: "Purchase" is a channel when Conversion
	// is "purchase".
	Conversion string `json:"conversion"`
	// Lookback, when positive, keeps only the touches at most Lookback
	// before the end of their path (the conversion, or for a path without
	// one its last event). Zero means no window.
	Lookback time.Duration `json:"lookback"`
	// SessionGap, when positive, splits a user's events into sessions
	// wherever consecutive events are more than SessionGap apart; each
	// session is a path of its own, truncated at its own first conversion.
	// Zero means one path per user.
	SessionGap time.Duration `json:"session_gap"`
}

// Summary counts what happened to the rows on the way to paths.
type Summary struct {
	NRows                         int           `json:"n_rows"`
	NUsers                        int           `json:"n_users"`
	NPaths                        int           `json:"n_paths"`
	NConversions                  int           `json:"n_conversions"`
	NRejectedRows                 int           `json:"n_rejected_rows"`
	RejectedRows                  []RejectedRow `json:"rejected_rows"`
	NDuplicateRowsDropped         int           `json:"n_duplicate_rows_dropped"`
	NEventsAfterConversionDropped int           `json:"n_events_after_conversion_dropped"`
	NEmptyPaths                   int           `json:"n_empty_paths"`
	TotalConversionValue          float64       `json:"total_conversion_value"`
}

// Paths are the users' journeys: for each path the channel touches in time
// order and whether it ended in a conversion, with the conversion's value.
// Channels are indexed 0..C-1 in the order of [Paths.Channels] (Unicode code
// point order). Paths are immutable and safe for concurrent use.
type Paths struct {
	channels []string
	off      []int32   // path p's touches are touch[off[p]:off[p+1]]
	touch    []int32   // channel indices
	age      []float64 // seconds from each touch to the end of its path
	conv     []bool
	value    []float64
	summary  Summary
	opts     PathOptions
}

// Channels returns the channel names (the transient states other than
// (start)), sorted by code point. The slice is shared: do not modify it.
func (p *Paths) Channels() []string { return p.channels }

// NumPaths returns the number of paths.
func (p *Paths) NumPaths() int { return len(p.conv) }

// Touches returns path i's channel indices in time order (shared slice).
func (p *Paths) Touches(i int) []int32 { return p.touch[p.off[i]:p.off[i+1]] }

// Converted reports whether path i ends in (conversion).
func (p *Paths) Converted(i int) bool { return p.conv[i] }

// Value returns path i's conversion value (0 when it did not convert or the
// value was empty).
func (p *Paths) Value(i int) float64 { return p.value[i] }

// Summary returns the row and path counts.
func (p *Paths) Summary() Summary { return p.summary }

// Options returns the options the paths were built with.
func (p *Paths) Options() PathOptions { return p.opts }

// Names returns path i as channel names followed by "(conversion)" or
// "(null)".
func (p *Paths) Names(i int) []string {
	t := p.Touches(i)
	out := make([]string, 0, len(t)+1)
	for _, c := range t {
		out = append(out, p.channels[c])
	}
	if p.conv[i] {
		return append(out, Conversion)
	}
	return append(out, Null)
}

// The names of the special states.
const (
	Start      = "(start)"
	Conversion = "(conversion)"
	Null       = "(null)"
)

// BuildPaths turns a validated log into paths: each user's rows are ordered
// by instant (ties by file order), exact duplicates in (user, instant,
// event, value) are dropped, and the path is the channel events before the
// first conversion event, ending in (conversion) if there is one and in
// (null) otherwise. Events after the first conversion are dropped and
// counted.
func BuildPaths(ctx context.Context, l *Log, opts PathOptions) (*Paths, error) {
	if opts.Conversion == "" {
		return nil, fmt.Errorf("%w: PathOptions.Conversion is empty", ErrConfig)
	}
	if opts.Lookback < 0 || opts.SessionGap < 0 {
		return nil, fmt.Errorf("%w: negative Lookback or SessionGap", ErrConfig)
	}
	n := len(l.user)
	nu := len(l.users.strs)
	convID := l.names.lookup([]byte(opts.Conversion))
	// Counting sort of the rows by user, keeping file order within a user.
	start := make([]int32, nu+1)
	for _, u := range l.user {
		start[u+1]++
	}
	for u := 0; u < nu; u++ {
		start[u+1] += start[u]
	}
	recs := make([]rec, n)
	fill := make([]int32, nu)
	copy(fill, start[:nu])
	for i, u := range l.user {
		recs[fill[u]] = rec{sec: l.sec[i], nsec: l.nsec[i], event: l.event[i], has: l.has[i], value: l.value[i]}
		fill[u]++
	}
	fill = nil

	p := &Paths{opts: opts}
	s := &p.summary
	s.NRows = l.nRows
	s.NUsers = nu
	s.NRejectedRows = len(l.rejected)
	s.RejectedRows = l.rejected
	if s.RejectedRows == nil {
		s.RejectedRows = []RejectedRow{}
	}
	p.off = make([]int32, 1, nu+1)
	p.touch = make([]int32, 0, n)
	p.age = make([]float64, 0, n)
	p.conv = make([]bool, 0, nu)
	p.value = make([]float64, 0, nu)

	gapSec, gapNsec := int64(opts.SessionGap/time.Second), int64(opts.SessionGap%time.Second)
	lbSec, lbNsec := int64(opts.Lookback/time.Second), int64(opts.Lookback%time.Second)
	for u := 0; u < nu; u++ {
		if u&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		p.addUser(recs[start[u]:start[u+1]], convID, gapSec, gapNsec, lbSec, lbNsec)
	}
	// Channels: event names that occur as touches, sorted by code point.
	used := make([]bool, len(l.names.strs))
	for _, e := range p.touch {
		used[e] = true
	}
	var chans []int32
	for e, ok := range used {
		if ok {
			chans = append(chans, int32(e))
		}
	}
	sort.Slice(chans, func(i, j int) bool { return l.names.strs[chans[i]] < l.names.strs[chans[j]] })
	remap := make([]int32, len(l.names.strs))
	p.channels = make([]string, len(chans))
	for i, e := range chans {
		remap[e] = int32(i)
		p.channels[i] = l.names.strs[e]
	}
	for i, e := range p.touch {
		p.touch[i] = remap[e]
	}
	s.NPaths = len(p.conv)
	return p, nil
}

// addUser sorts one user's rows (in place), drops duplicates, splits
// sessions and emits the user's paths, with event ids as touches.
func (p *Paths) addUser(seg []rec, convID int32, gapSec, gapNsec, lbSec, lbNsec int64) {
	s := &p.summary
	sortRecs(seg)
	// Drop duplicates within each run of equal instants, in place.
	w, g0 := 0, 0
	for i := range seg {
		r := seg[i]
		if i > 0 && !r.sameInstant(&seg[i-1]) {
			g0 = w
		}
		dup := false
		for k := g0; k < w; k++ {
			if seg[k].event == r.event && seg[k].has == r.has && seg[k].value == r.value {
				dup = true
				break
			}
		}
		if dup {
			s.NDuplicateRowsDropped++
			continue
		}
		seg[w] = r
		w++
	}
	kept := seg[:w]
	// Split into sessions and emit one path per session.
	session := p.opts.SessionGap > 0
	b := 0
	for i := 1; i <= len(kept); i++ {
		if i < len(kept) {
			if !session {
				continue
			}
			a, c := &kept[i-1], &kept[i]
			if !longer(c.sec-a.sec, int64(c.nsec-a.nsec), gapSec, gapNsec) {
				continue
			}
		}
		p.emit(kept[b:i], convID, lbSec, lbNsec, p.opts.Lookback > 0)
		b = i
	}
}

// longer reports whether a duration of ds seconds and dn nanoseconds
// (dn may be negative) exceeds gs seconds and gn nanoseconds.
func longer(ds, dn, gs, gn int64) bool {
	if dn < 0 {
		ds--
		dn += 1e9
	}
	return ds > gs || (ds == gs && dn > gn)
}

// rec is one valid row, gathered contiguously by user.
type rec struct {
	sec   int64
	value float64
	nsec  int32
	event int32
	has   bool
}

func (r *rec) before(o *rec) bool {
	return r.sec < o.sec || (r.sec == o.sec && r.nsec < o.nsec)
}

func (r *rec) sameInstant(o *rec) bool { return r.sec == o.sec && r.nsec == o.nsec }

// sortRecs sorts one user's rows by instant, stably (ties keep file order).
func sortRecs(seg []rec) {
	if len(seg) <= 48 {
		for i := 1; i < len(seg); i++ {
			if !seg[i].before(&seg[i-1]) {
				continue
			}
			x := seg[i]
			j := i
			for j > 0 && x.before(&seg[j-1]) {
				seg[j] = seg[j-1]
				j--
			}
			seg[j] = x
		}
		return
	}
	slices.SortStableFunc(seg, func(a, b rec) int {
		if a.before(&b) {
			return -1
		}
		if b.before(&a) {
			return 1
		}
		return 0
	})
}

// emit appends the path of one user's (or session's) ordered, de-duplicated
// rows. Touches hold event ids until BuildPaths remaps them to channels.
func (p *Paths) emit(rows []rec, convID int32, lbSec, lbNsec int64, lookback bool) {
	s := &p.summary
	first := len(rows)
	for i := range rows {
		if rows[i].event == convID {
			first = i
			break
		}
	}
	conv := first < len(rows)
	var end *rec
	if conv {
		end = &rows[first]
		s.NEventsAfterConversionDropped += len(rows) - first - 1
		s.NConversions++
		s.TotalConversionValue += end.value
		p.value = append(p.value, end.value)
	} else {
		end = &rows[len(rows)-1]
		p.value = append(p.value, 0)
	}
	es, en := end.sec, int64(end.nsec)
	before := len(p.touch)
	for i := range rows[:first] {
		r := &rows[i]
		ds, dn := es-r.sec, en-int64(r.nsec)
		if lookback && longer(ds, dn, lbSec, lbNsec) {
			continue
		}
		p.touch = append(p.touch, r.event)
		p.age = append(p.age, float64(ds)+float64(dn)/1e9)
	}
	if conv && len(p.touch) == before {
		s.NEmptyPaths++
	}
	p.conv = append(p.conv, conv)
	p.off = append(p.off, int32(len(p.touch)))
}

// EmpiricalMeanSteps returns the mean number of steps (len(path)+1) over the
// converting paths (NaN when there are none) and over all paths.
func (p *Paths) EmpiricalMeanSteps() (toConversion, toAbsorption float64) {
	var sc, sa float64
	nc := 0
	for i, conv := range p.conv {
		st := float64(p.off[i+1]-p.off[i]) + 1
		sa += st
		if conv {
			sc += st
			nc++
		}
	}
	toConversion = math.NaN()
	if nc > 0 {
		toConversion = sc / float64(nc)
	}
	if len(p.conv) > 0 {
		toAbsorption = sa / float64(len(p.conv))
	}
	return toConversion, toAbsorption
}
