package journey

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrFormat is returned when a saved chain cannot be loaded.
var ErrFormat = errors.New("journey: invalid saved chain")

const (
	chainKind   = "journey.Chain"
	chainFormat = 1
)

// chainJSON is the versioned envelope of a saved Chain: the counts only;
// probabilities and the absorbing-chain quantities are recomputed on load,
// so a loaded chain answers exactly as the saved one.
type chainJSON struct {
	Kind                 string       `json:"kind"`
	Format               int          `json:"format"`
	Order                int          `json:"order"`
	Channels             []string     `json:"channels"`
	NPaths               int          `json:"n_paths"`
	NConversions         int          `json:"n_conversions"`
	TotalConversionValue float64      `json:"total_conversion_value"`
	States               [][]int32    `json:"states"`      // contexts as symbols: 0 (start), 1..C channels
	Transitions          [][][2]int64 `json:"transitions"` // per state: [next symbol, count]; C+1 (conversion), C+2 (null)
}

// MarshalJSON implements json.Marshaler.
func (ch *Chain) MarshalJSON() ([]byte, error) {
	v := chainJSON{Kind: chainKind, Format: chainFormat, Order: ch.order, Channels: ch.channels,
		NPaths: ch.nPaths, NConversions: ch.nConv, TotalConversionValue: ch.totalValue, States: ch.ctx}
	for s := range ch.ctx {
		var row [][2]int64
		for e := ch.off[s]; e < ch.off[s+1]; e++ {
			row = append(row, [2]int64{int64(ch.next[e]), ch.count[e]})
		}
		v.Transitions = append(v.Transitions, row)
	}
	return json.Marshal(v)
}

// UnmarshalJSON implements json.Unmarshaler; the chain is re-solved.
func (ch *Chain) UnmarshalJSON(b []byte) error {
	var v chainJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if v.Kind != chainKind || v.Format != chainFormat {
		return fmt.Errorf("%w: kind %q format %d, want %q format %d", ErrFormat, v.Kind, v.Format, chainKind, chainFormat)
	}
	if v.Order < 1 || v.Order > MaxOrder || len(v.States) == 0 || len(v.States) != len(v.Transitions) {
		return fmt.Errorf("%w: order %d, %d states, %d transition rows", ErrFormat, v.Order, len(v.States), len(v.Transitions))
	}
	nch := len(v.Channels)
	for i := 1; i < nch; i++ {
		if v.Channels[i-1] >= v.Channels[i] {
			return fmt.Errorf("%w: channels not sorted and distinct at %q", ErrFormat, v.Channels[i])
		}
	}
	cnt := newCounter(v.Order, nch)
	for s, cx := range v.States {
		if len(cx) == 0 || len(cx) > v.Order {
			return fmt.Errorf("%w: state %d has context length %d", ErrFormat, s, len(cx))
		}
		for i, x := range cx {
			if !(x >= 1 && int(x) <= nch) && !(x == 0 && i == 0) {
				return fmt.Errorf("%w: state %d has symbol %d", ErrFormat, s, x)
			}
		}
		st := cnt.state(cx)
		for _, t := range v.Transitions[s] {
			if t[0] < 1 || t[0] > int64(nch+2) || t[1] <= 0 {
				return fmt.Errorf("%w: state %d has transition %v", ErrFormat, s, t)
			}
			cnt.step(st, int32(t[0]), t[1])
		}
	}
	// Every state reached must have been saved with its transitions.
	for s := range cnt.ctx {
		var tot int64
		for _, e := range cnt.rows[s] {
			tot += e.count
		}
		if tot == 0 {
			return fmt.Errorf("%w: state %v is reached but has no transitions", ErrFormat, cnt.ctx[s])
		}
	}
	c, err := newChain(context.Background(), cnt, v.Channels, v.NPaths, v.NConversions, v.TotalConversionValue)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrFormat, err)
	}
	*ch = *c
	return nil
}

// Save writes the chain as JSON.
func (ch *Chain) Save(w io.Writer) error {
	b, err := ch.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Load reads a chain written by [Chain.Save].
func Load(r io.Reader) (*Chain, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	ch := new(Chain)
	if err := ch.UnmarshalJSON(b); err != nil {
		return nil, err
	}
	return ch, nil
}
