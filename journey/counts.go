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
	nch   int
	ctx   [][]int32 // context symbols per state
	rows  [][]entry // outgoing entries per state, in order of first sight
	index map[string]int32
	key   []byte
}

func newCounter(order, nch int) *counter {
	c := &counter{order: order, nch: nch, index: map[string]int32{}}
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
	if next <= int32(c.nch) {
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
// indices (0-based) and whether it converted.
func (c *counter) addPath(touches []int32, conv bool, delta int64) {
	s := int32(0)
	for _, t := range touches {
		s = c.step(s, t+1, delta)
	}
	term := int32(c.nch + 2)
	if conv {
		term = int32(c.nch + 1)
	}
	c.step(s, term, delta)
}
