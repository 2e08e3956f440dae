package churn

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/sibylml/sibyl/dataset"
)

// featureBuilder holds what every customer's row needs: the spec resolved
// against one log, the event-code → spec-type map and the windows in ns.
type featureBuilder struct {
	spec     FeatureSpec
	log      *dataset.EventLog
	typeOf   []int32 // log event code → index in spec.EventTypes, -1 if not listed
	cancel   []bool  // log event code → cancellation event
	activity []bool  // log event code → activity event
	windows  []int64 // ns
	nf       int
	logEnd   int64 // time of the last event of the log
}

func newFeatureBuilder(s FeatureSpec, l *dataset.EventLog, labels bool) (*featureBuilder, error) {
	if l == nil || l.Len() == 0 {
		return nil, fmt.Errorf("%w: the event log is empty", ErrEmpty)
	}
	s = s.resolved(l.EventNames)
	if err := s.validate(labels); err != nil {
		return nil, err
	}
	b := &featureBuilder{spec: s, log: l, nf: len(s.Names())}
	index := make(map[string]int32, len(s.EventTypes))
	for i, t := range s.EventTypes {
		index[t] = int32(i)
	}
	isCancel := map[string]bool{}
	for _, e := range s.CancelEvents {
		isCancel[e] = true
	}
	isAct := map[string]bool{}
	for _, e := range s.ActivityEvents {
		isAct[e] = true
	}
	b.typeOf = make([]int32, len(l.EventNames))
	b.cancel = make([]bool, len(l.EventNames))
	b.activity = make([]bool, len(l.EventNames))
	for code, name := range l.EventNames {
		b.typeOf[code] = -1
		if i, ok := index[name]; ok {
			b.typeOf[code] = i
		}
		b.cancel[code] = isCancel[name]
		if s.ActivityEvents == nil {
			b.activity[code] = !isCancel[name]
		} else {
			b.activity[code] = isAct[name]
		}
	}
	for _, w := range s.WindowDays {
		b.windows = append(b.windows, int64(w*nsPerDay))
	}
	b.logEnd = math.MinInt64
	for e := range l.NumEntities() {
		b.logEnd = max(b.logEnd, l.Time[l.Offsets[e+1]-1])
	}
	return b, nil
}

// split returns the index of the customer's first event at or after c.
func (b *featureBuilder) split(e int, c int64) int {
	lo, hi := b.log.Offsets[e], b.log.Offsets[e+1]
	t := b.log.Time[lo:hi]
	return lo + sort.Search(len(t), func(i int) bool { return t[i] >= c })
}

// status reports whether the customer's last cancellation or activity
// event before index k is a cancellation, and the time of the last activity
// event before k (math.MinInt64: none).
func (b *featureBuilder) status(lo, k int) (cancelled bool, lastActivity int64) {
	lastActivity = math.MinInt64
	for j := k - 1; j >= lo; j-- {
		ev := b.log.Event[j]
		if b.cancel[ev] {
			return true, lastActivity
		}
		if b.activity[ev] {
			return false, b.log.Time[j]
		}
	}
	return false, lastActivity
}

// row writes the features of the events lo ≤ j < k (all before c, k > lo)
// into dst (len nf). prev is scratch of len(windows).
func (b *featureBuilder) row(dst []float64, lo, k int, c int64, prev []float64) {
	l := b.log
	nt := len(b.spec.EventTypes)
	nw := len(b.windows)
	clear(dst)
	clear(prev)
	for i := range nt {
		dst[numBaseFeatures+i] = math.NaN()
	}
	base := numBaseFeatures + nt
	stride := 3 + 2*nt
	times, events, values := l.Time[lo:k], l.Event[lo:k], l.Value[lo:k]
	var valueTotal float64
	var nValues int
	var gapMean, gapM2, gapMax float64
	nGaps := 0
	for j := len(times) - 1; j >= 0; j-- {
		age := c - times[j]
		ty := b.typeOf[events[j]]
		v := values[j]
		hasV := v == v
		if hasV {
			valueTotal += v
			nValues++
		} else {
			v = 0
		}
		if ty >= 0 && math.IsNaN(dst[numBaseFeatures+int(ty)]) {
			dst[numBaseFeatures+int(ty)] = float64(age) / nsPerDay
		}
		for w := range nw {
			W := b.windows[w]
			if age <= W {
				o := base + w*stride
				dst[o]++
				dst[o+1] += v
				if ty >= 0 {
					dst[o+3+2*int(ty)]++
					dst[o+4+2*int(ty)] += v
				}
			} else if age <= 2*W {
				prev[w]++
			}
		}
		if j > 0 {
			g := float64(times[j]-times[j-1]) / nsPerDay
			nGaps++
			d := g - gapMean
			gapMean += d / float64(nGaps)
			gapM2 += d * (g - gapMean)
			gapMax = max(gapMax, g)
		}
	}
	n := len(times)
	dst[0] = float64(c-times[n-1]) / nsPerDay
	dst[1] = float64(c-times[0]) / nsPerDay
	dst[2] = float64(n)
	dst[3] = valueTotal
	dst[4] = math.NaN()
	if nValues > 0 {
		dst[4] = valueTotal / float64(nValues)
	}
	dst[5], dst[6], dst[7], dst[8] = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if nGaps > 0 {
		dst[5] = gapMean
		dst[7] = gapMax
		dst[8] = float64(times[n-1]-times[n-2]) / nsPerDay
	}
	if nGaps > 1 {
		dst[6] = math.Sqrt(gapM2 / float64(nGaps-1))
	}
	dst[9] = math.NaN()
	if ty := b.typeOf[events[n-1]]; ty >= 0 {
		dst[9] = float64(ty)
	}
	for w := range nw {
		o := base + w*stride
		dst[o+2] = math.Log((dst[o] + 1) / (prev[w] + 1))
	}
}

// build computes one cut-off's snapshot; labels adds Churned and Time.
func (b *featureBuilder) build(ctx context.Context, cutoff time.Time, labels bool) (*Snapshot, error) {
	l := b.log
	if cutoff.Year() < 1700 || cutoff.Year() > 2100 {
		return nil, fmt.Errorf("%w: cut-off %s is outside the years 1700 to 2100", ErrCutoff, cutoff.UTC().Format(time.RFC3339))
	}
	c := cutoff.UnixNano()
	if first := minFirst(l); c > first && c-first < 0 {
		return nil, fmt.Errorf("%w: the log starts %s, too long before the cut-off %s (over 292 years)",
			ErrCutoff, time.Unix(0, first).UTC().Format(time.RFC3339), cutoff.UTC().Format(time.RFC3339))
	}
	if labels && c+int64(b.spec.ChurnDays*nsPerDay) > b.logEnd {
		return nil, fmt.Errorf("%w: cut-off %s + churn window %v days ends after the last event of the log (%s)",
			ErrHorizon, cutoff.UTC().Format(time.RFC3339), b.spec.ChurnDays, time.Unix(0, b.logEnd).UTC().Format(time.RFC3339))
	}
	ne := l.NumEntities()
	st := SnapshotStats{Cutoff: cutoff.UTC(), BadRows: len(l.Bad)}
	lapsed := int64(b.spec.LapsedDays * nsPerDay)
	ents := make([]int32, 0, ne)
	ks := make([]int, 0, ne)
	for e := range ne {
		lo := l.Offsets[e]
		k := b.split(e, c)
		if k == lo {
			st.NoHistory++
			continue
		}
		cancelled, last := b.status(lo, k)
		switch {
		case cancelled:
			st.Cancelled++
		case lapsed > 0 && (last == math.MinInt64 || c-last >= lapsed):
			st.Lapsed++
		default:
			ents = append(ents, int32(e))
			ks = append(ks, k)
		}
	}
	if len(ents) == 0 {
		return nil, fmt.Errorf("%w: no customer has an event before the cut-off %s (%d without history, %d cancelled, %d lapsed; the log starts %s)",
			ErrCutoff, cutoff.UTC().Format(time.RFC3339), st.NoHistory, st.Cancelled, st.Lapsed, time.Unix(0, minFirst(l)).UTC().Format(time.RFC3339))
	}
	n := len(ents)
	st.Customers = n
	s := &Snapshot{
		Spec:     b.spec,
		Names:    b.spec.Names(),
		Customer: make([]string, n),
		Cutoff:   make([]time.Time, n),
		X:        make([]float64, n*b.nf),
	}
	if labels {
		s.Churned = make([]float64, n)
		s.Time = make([]float64, n)
	}
	workers := min(runtime.GOMAXPROCS(0), (n+1023)/1024)
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			prev := make([]float64, len(b.windows))
			for r := lo; r < hi; r++ {
				if r&4095 == 0 && ctx.Err() != nil {
					return
				}
				e := int(ents[r])
				b.row(s.X[r*b.nf:(r+1)*b.nf], l.Offsets[e], ks[r], c, prev)
				s.Customer[r] = l.EntityNames[e]
				s.Cutoff[r] = st.Cutoff
				if labels {
					s.Churned[r], s.Time[r] = b.label(ks[r], l.Offsets[e+1], c)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if labels {
		for _, y := range s.Churned {
			if y == 1 {
				st.Churned++
			}
		}
	}
	s.Stats = []SnapshotStats{st}
	return s, nil
}

func minFirst(l *dataset.EventLog) int64 {
	m := int64(math.MaxInt64)
	for e := range l.NumEntities() {
		m = min(m, l.Time[l.Offsets[e]])
	}
	return m
}

// Features builds the feature rows of every customer at the cut-off, for
// scoring: one row per customer with at least one event strictly before
// the cut-off whose last cancellation-or-activity event is not a
// cancellation (counted in Stats[0].Cancelled) and, when
// FeatureSpec.LapsedDays is set, whose last activity is more recent than
// that (Stats[0].Lapsed). Events at or after the cut-off are never read, so the rows
// are the same whether or not the log holds the future. Customers without
// events before the cut-off get no row and are counted in
// Stats[0].NoHistory; rows the log left out (missing or unparseable time
// and so on, dataset.EventLog.Bad) are counted in Stats[0].BadRows.
//
// Errors: ErrEmpty (empty log), ErrSpec, ErrCutoff (no customer has an
// event before the cut-off, a cut-off outside the years 1700-2100 or more
// than 292 years after the first event). A cut-off after every event is fine (scoring
// today on yesterday's log).
func (s FeatureSpec) Features(ctx context.Context, l *dataset.EventLog, cutoff time.Time) (*Snapshot, error) {
	b, err := newFeatureBuilder(s, l, false)
	if err != nil {
		return nil, err
	}
	return b.build(ctx, cutoff, false)
}

// Labeled builds the features at the cut-off as Features does, and the
// labels from the events in the churn window [c, c + ChurnDays): see
// Snapshot.Churned and Snapshot.Time. Errors as Features, plus ErrSpec for
// ChurnDays 0 and ErrHorizon when c + ChurnDays is after the last event of
// the log (the window is not observed yet).
func (s FeatureSpec) Labeled(ctx context.Context, l *dataset.EventLog, cutoff time.Time) (*Snapshot, error) {
	b, err := newFeatureBuilder(s, l, true)
	if err != nil {
		return nil, err
	}
	return b.build(ctx, cutoff, true)
}

// Snapshots builds labeled snapshots at each cut-off (strictly increasing)
// and stacks them into one table, rows ordered by cut-off then customer. A
// customer appears once per cut-off at which it is active. Split it by
// time with Snapshot.SplitAt.
func (s FeatureSpec) Snapshots(ctx context.Context, l *dataset.EventLog, cutoffs []time.Time) (*Snapshot, error) {
	if len(cutoffs) == 0 {
		return nil, fmt.Errorf("%w: no cut-offs", ErrCutoff)
	}
	for i := 1; i < len(cutoffs); i++ {
		if !cutoffs[i].After(cutoffs[i-1]) {
			return nil, fmt.Errorf("%w: cut-off %d (%s) is not after cut-off %d (%s)", ErrCutoff, i+1,
				cutoffs[i].UTC().Format(time.RFC3339), i, cutoffs[i-1].UTC().Format(time.RFC3339))
		}
	}
	b, err := newFeatureBuilder(s, l, true)
	if err != nil {
		return nil, err
	}
	parts := make([]*Snapshot, len(cutoffs))
	for i, c := range cutoffs {
		if parts[i], err = b.build(ctx, c, true); err != nil {
			return nil, fmt.Errorf("cut-off %d: %w", i+1, err)
		}
	}
	return Stack(parts...)
}
