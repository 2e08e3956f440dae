package journey

import (
	"encoding/binary"
)

// Symbols: 0 is (start), 1..C the channels, C+1 (conversion), C+2 (null).

// entry is one observed transition out of a context state.
type entry struct {
	next   int32 // next symbol
	target int32 // next state index, or -1 when next is absorbing
	count  int64
}

// counter accumulates order-k transition counts over paths. States are
// contexts: the last min(k, t+1) elements of (start), c1, …, ct; state 0 is
// the context "(start)".
type counter struct {
	order int
	// Symbols lo..hi (inclusive) are channels; the others are (start) or
	// absorbing.
	lo, hi int32
	conv   int32     // the (conversion) symbol
	null   int32     // the (null) symbol
	ctx    [][]int32 // context symbols per state
	rows   [][]entry // outgoing entries per state, in order of first sight
	index  map[string]int32
	key    []byte
}

// newCounter counts in the canonical symbols: 0 (start), 1..nch channels,
// nch+1 (conversion), nch+2 (null).
func newCounter(order, nch int) *counter {
	c := &counter{order: order, lo: 1, hi: int32(nch), conv: int32(nch + 1), null: int32(nch + 2), index: map[string]int32{}}
	c.state([]int32{0})
	return c
}

// state returns the index of a context, creating it if needed.
func (c *counter) state(ctx []int32) int32 {
	c.key = c.key[:0]
	for _, s := range ctx {
		c.key = binary.LittleEndian.AppendUint32(c.key, uint32(s))
	}
	if i, ok := c.index[string(c.key)]; ok {
		return i
	}
	i := int32(len(c.ctx))
	c.index[string(c.key)] = i
	c.ctx = append(c.ctx, append([]int32(nil), ctx...))
	c.rows = append(c.rows, nil)
	return i
}

// step adds delta to the transition (s, next) and returns the next state.
func (c *counter) step(s, next int32, delta int64) int32 {
	row := c.rows[s]
	for i := range row {
		if row[i].next == next {
			row[i].count += delta
			return row[i].target
		}
	}
	target := int32(-1)
	if next >= c.lo && next <= c.hi {
		cur := c.ctx[s]
		var buf [16]int32
		nc := append(buf[:0], cur...)
		nc = append(nc, next)
		if len(nc) > c.order {
			nc = nc[len(nc)-c.order:]
		}
		target = c.state(nc)
	}
	c.rows[s] = append(c.rows[s], entry{next: next, target: target, count: delta})
	return target
}

// addPath adds delta times the transitions of one path, given as channel
// symbols minus lo (canonical: 0-based channel indices) and whether it
// converted.
func (c *counter) addPath(touches []int32, conv bool, delta int64) {
	s := int32(0)
	for _, t := range touches {
		s = c.step(s, t+c.lo, delta)
	}
	term := c.null
	if conv {
		term = c.conv
	}
	c.step(s, term, delta)
}
