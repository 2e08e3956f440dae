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
	nu := len(l.users)
	convID, hasConv := l.nameIdx[opts.Conversion]
	if !hasConv {
		convID = -1
	}
	// Counting sort of the rows by user, keeping file order within a user.
	start := make([]int32, nu+1)
	for _, u := range l.user {
		start[u+1]++
	}
	for u := 0; u < nu; u++ {
		start[u+1] += start[u]
	}
	order := make([]int32, n)
	fill := make([]int32, nu)
	copy(fill, start[:nu])
	for i, u := range l.user {
		order[fill[u]] = int32(i)
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

	sec, nsec := l.sec, l.nsec
	less := func(a, b int32) bool {
		return sec[a] < sec[b] || (sec[a] == sec[b] && nsec[a] < nsec[b])
	}
	kept := make([]int32, 0, 64)
	gapSec, gapNsec := int64(opts.SessionGap/time.Second), int64(opts.SessionGap%time.Second)
	lbSec, lbNsec := int64(opts.Lookback/time.Second), int64(opts.Lookback%time.Second)
	for u := 0; u < nu; u++ {
		if u&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		seg := order[start[u]:start[u+1]]
		if len(seg) <= 32 {
			for i := 1; i < len(seg); i++ {
				x := seg[i]
				j := i
				for j > 0 && less(x, seg[j-1]) {
					seg[j] = seg[j-1]
					j--
				}
				seg[j] = x
			}
		} else {
			slices.SortStableFunc(seg, func(a, b int32) int {
				if less(a, b) {
					return -1
				}
				if less(b, a) {
					return 1
				}
				return 0
			})
		}
		// Drop duplicates within each run of equal instants.
		kept = kept[:0]
		g0 := 0
		for i, r := range seg {
			if i > 0 && less(seg[i-1], r) {
				g0 = len(kept)
			}
			dup := false
			for _, k := range kept[g0:] {
				if l.event[k] == l.event[r] && l.has[k] == l.has[r] && l.value[k] == l.value[r] {
					dup = true
					break
				}
			}
			if dup {
				s.NDuplicateRowsDropped++
				continue
			}
			kept = append(kept, r)
		}
		// Split into sessions and emit one path per session.
		b := 0
		for i := 1; i <= len(kept); i++ {
			if i < len(kept) {
				if opts.SessionGap <= 0 {
					continue
				}
				a, c := kept[i-1], kept[i]
				if !longer(sec[c]-sec[a], int64(nsec[c]-nsec[a]), gapSec, gapNsec) {
					continue
				}
			}
			p.emit(l, kept[b:i], convID, lbSec, lbNsec, opts.Lookback > 0)
			b = i
		}
	}
	// Channels: event names that occur as touches, sorted by code point.
	used := make([]bool, len(l.names))
	for _, e := range p.touch {
		used[e] = true
	}
	var chans []int32
	for e, ok := range used {
		if ok {
			chans = append(chans, int32(e))
		}
	}
	sort.Slice(chans, func(i, j int) bool { return l.names[chans[i]] < l.names[chans[j]] })
	remap := make([]int32, len(l.names))
	p.channels = make([]string, len(chans))
	for i, e := range chans {
		remap[e] = int32(i)
		p.channels[i] = l.names[e]
	}
	for i, e := range p.touch {
		p.touch[i] = remap[e]
	}
	s.NPaths = len(p.conv)
	return p, nil
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

// emit appends the path of one user's (or session's) ordered, de-duplicated
// rows. Touches hold event ids until BuildPaths remaps them to channels.
func (p *Paths) emit(l *Log, rows []int32, convID int32, lbSec, lbNsec int64, lookback bool) {
	s := &p.summary
	first := len(rows)
	for i, r := range rows {
		if l.event[r] == convID {
			first = i
			break
		}
	}
	conv := first < len(rows)
	var endRow int32
	if conv {
		endRow = rows[first]
		s.NEventsAfterConversionDropped += len(rows) - first - 1
		s.NConversions++
		v := l.value[endRow]
		s.TotalConversionValue += v
		p.value = append(p.value, v)
	} else {
		endRow = rows[len(rows)-1]
		p.value = append(p.value, 0)
	}
	es, en := l.sec[endRow], int64(l.nsec[endRow])
	before := len(p.touch)
	for _, r := range rows[:first] {
		ds, dn := es-l.sec[r], en-int64(l.nsec[r])
		if lookback && longer(ds, dn, lbSec, lbNsec) {
			continue
		}
		p.touch = append(p.touch, l.event[r])
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
