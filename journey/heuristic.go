package journey

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Heuristics holds rule-based attributions of the conversions to channels,
// each indexed like [Paths.Channels]. They are computed over the converting
// paths with at least one touch (an empty converting path credits nobody),
// and each such path hands out exactly one conversion.
type Heuristics struct {
	// FirstTouch credits the first channel of the path with 1.
	FirstTouch []float64 `json:"first_touch"`
	// LastTouch credits the last channel before the conversion with 1.
	LastTouch []float64 `json:"last_touch"`
	// Linear gives every touch 1/len(path); repeats count as touches.
	Linear []float64 `json:"linear"`
	// TimeDecay gives touch i the weight 2^(−age_i / half-life),
	// normalised over the path, where age_i is the time from the touch to
	// the conversion.
	TimeDecay []float64 `json:"time_decay"`
	// PositionBased gives 40% to the first touch, 40% to the last and
	// splits 20% evenly over the touches between; a path of two touches
	// gives 50% to each, a path of one touch 100%.
	PositionBased []float64 `json:"position_based"`
	// TouchShare is the share of converting paths (empty ones included)
	// that contain the channel.
	TouchShare []float64 `json:"empirical_touch_share_of_conversions"`
}

// DefaultHalfLife is the time-decay half-life used when none is given.
const DefaultHalfLife = 7 * 24 * time.Hour

// Heuristics computes the rule-based attributions; halfLife ≤ 0 means
// [DefaultHalfLife].
//
// References:
//
//	Google Analytics attribution models (first/last interaction, linear,
//	time decay with a 7-day half-life, position based 40/20/40).
func (p *Paths) Heuristics(halfLife time.Duration) Heuristics {
	if halfLife <= 0 {
		halfLife = DefaultHalfLife
	}
	hl := halfLife.Seconds()
	nc := len(p.channels)
	h := Heuristics{
		FirstTouch: make([]float64, nc), LastTouch: make([]float64, nc), Linear: make([]float64, nc),
		TimeDecay: make([]float64, nc), PositionBased: make([]float64, nc), TouchShare: make([]float64, nc),
	}
	seen := make([]int, nc)
	for i := range seen {
		seen[i] = -1
	}
	nConv := 0
	for i, conv := range p.conv {
		if !conv {
			continue
		}
		nConv++
		t := p.Touches(i)
		for _, c := range t {
			if seen[c] != i {
				seen[c] = i
				h.TouchShare[c]++
			}
		}
		m := len(t)
		if m == 0 {
			continue
		}
		h.FirstTouch[t[0]]++
		h.LastTouch[t[m-1]]++
		for _, c := range t {
			h.Linear[c] += 1 / float64(m)
		}
		ages := p.age[p.off[i]:p.off[i+1]]
		var wsum float64
		for _, a := range ages {
			wsum += math.Exp2(-a / hl)
		}
		for j, c := range t {
			h.TimeDecay[c] += math.Exp2(-ages[j]/hl) / wsum
		}
		switch m {
		case 1:
			h.PositionBased[t[0]]++
		case 2:
			h.PositionBased[t[0]] += 0.5
			h.PositionBased[t[1]] += 0.5
		default:
			h.PositionBased[t[0]] += 0.4
			h.PositionBased[t[m-1]] += 0.4
			for _, c := range t[1 : m-1] {
				h.PositionBased[c] += 0.2 / float64(m-2)
			}
		}
	}
	if nConv > 0 {
		for c := range h.TouchShare {
			h.TouchShare[c] /= float64(nConv)
		}
	}
	return h
}

// PathCount is a distinct full path (channels then "(conversion)" or
// "(null)") and how many paths took it.
type PathCount struct {
	Path  []string `json:"path"`
	Count int      `json:"count"`
}

// TopPaths returns the k most frequent full paths, by count descending and
// ties by the path compared element-wise in code-point order (k < 0: all).
func (p *Paths) TopPaths(k int) []PathCount {
	type group struct {
		rep   int // a path with this sequence
		count int
	}
	idx := map[string]int{}
	var groups []group
	var key []byte
	for i := range p.conv {
		key = key[:0]
		for _, c := range p.Touches(i) {
			key = append(key, byte(c), byte(c>>8), byte(c>>16), byte(c>>24))
		}
		if p.conv[i] {
			key = append(key, 'c')
		} else {
			key = append(key, 'n')
		}
		j, ok := idx[string(key)]
		if !ok {
			j = len(groups)
			idx[string(key)] = j
			groups = append(groups, group{rep: i})
		}
		groups[j].count++
	}
	// Keep only the groups that can be in the top k: count at least the
	// k-th largest count.
	if k >= 0 && len(groups) > k {
		counts := make([]int, len(groups))
		for i, g := range groups {
			counts[i] = g.count
		}
		slices.Sort(counts)
		min := 0
		if k > 0 {
			min = counts[len(counts)-k]
		}
		kept := groups[:0]
		for _, g := range groups {
			if k > 0 && g.count >= min {
				kept = append(kept, g)
			}
		}
		groups = kept
	}
	slices.SortFunc(groups, func(a, b group) int {
		if a.count != b.count {
			return b.count - a.count
		}
		return p.comparePaths(a.rep, b.rep)
	})
	if k >= 0 && len(groups) > k {
		groups = groups[:k]
	}
	out := make([]PathCount, len(groups))
	for i, g := range groups {
		out[i] = PathCount{Path: p.Names(g.rep), Count: g.count}
	}
	return out
}

// comparePaths compares paths i and j as their name lists element-wise in
// code-point order. Channel indices follow code-point order, so touches
// compare as integers; the terminal names are compared as strings.
func (p *Paths) comparePaths(i, j int) int {
	a, b := p.Touches(i), p.Touches(j)
	n := min(len(a), len(b))
	for x := 0; x < n; x++ {
		if a[x] != b[x] {
			if a[x] < b[x] {
				return -1
			}
			return 1
		}
	}
	name := func(t []int32, conv bool) string {
		if len(t) > n {
			return p.channels[t[n]]
		}
		if conv {
			return Conversion
		}
		return Null
	}
	if len(a) == len(b) {
		return strings.Compare(name(a, p.conv[i]), name(b, p.conv[j]))
	}
	// One is a prefix of the other: compare the shorter's terminal with
	// the longer's next channel (they cannot be equal names).
	if c := strings.Compare(name(a, p.conv[i]), name(b, p.conv[j])); c != 0 {
		return c
	}
	return len(a) - len(b)
}

// pathString joins names for error messages and DOT labels.
func pathString(names []string) string { return strings.Join(names, " > ") }
