package journey

import (
	"errors"
	"fmt"
	"slices"
)

// ErrUnseenState is returned by [Chain.Next] when the path so far ends in a
// context the chain never observed.
var ErrUnseenState = errors.New("journey: state never observed")

// Prediction is a candidate next state and its probability.
type Prediction struct {
	State string  `json:"state"`
	Prob  float64 `json:"prob"`
}

// topEntries returns the indices of state s's entries ordered by
// probability descending, ties by state order.
func (ch *Chain) topEntries(s int) []int32 {
	es := make([]int32, 0, ch.off[s+1]-ch.off[s])
	for e := ch.off[s]; e < ch.off[s+1]; e++ {
		es = append(es, e)
	}
	slices.SortStableFunc(es, func(a, b int32) int {
		if ch.count[a] != ch.count[b] {
			if ch.count[a] > ch.count[b] {
				return -1
			}
			return 1
		}
		return int(ch.next[a] - ch.next[b])
	})
	return es
}

// TopNext returns the k most probable next states from transient state s,
// ties broken by state order.
func (ch *Chain) TopNext(s, k int) []Prediction {
	es := ch.topEntries(s)
	if k >= 0 && len(es) > k {
		es = es[:k]
	}
	out := make([]Prediction, len(es))
	for i, e := range es {
		out[i] = Prediction{State: ch.symbolName(ch.next[e]), Prob: ch.prob[e]}
	}
	return out
}

// InSampleAccuracy returns the share of the observed transitions whose
// actual next state is the top-1 prediction of their state.
func (ch *Chain) InSampleAccuracy() float64 {
	if ch.nTrans == 0 {
		return 0
	}
	var hit int64
	for s := range ch.ctx {
		if es := ch.topEntries(s); len(es) > 0 {
			hit += ch.count[es[0]]
		}
	}
	return float64(hit) / float64(ch.nTrans)
}

// Lookup returns the state reached after the given channel touches from
// (start), or −1 if the chain never observed it (or a name is not a
// channel).
func (ch *Chain) Lookup(path []string) int {
	s := 0
	for _, name := range path {
		c, ok := slices.BinarySearch(ch.channels, name)
		if !ok {
			return -1
		}
		sym := int32(c + 1)
		t := -1
		for e := ch.off[s]; e < ch.off[s+1]; e++ {
			if ch.next[e] == sym {
				t = int(ch.target[e])
				break
			}
		}
		if t < 0 {
			return -1
		}
		s = t
	}
	return s
}

// Next returns the k most probable next states (channels, "(conversion)"
// or "(null)") after the given channel touches, by the chain's MLE
// probabilities.
func (ch *Chain) Next(path []string, k int) ([]Prediction, error) {
	s := ch.Lookup(path)
	if s < 0 {
		return nil, fmt.Errorf("%w: %s", ErrUnseenState, pathString(path))
	}
	return ch.TopNext(s, k), nil
}
