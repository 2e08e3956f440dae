package churn

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// FormatVersion is the format written by Save; Load reads only it.
const FormatVersion = "churn/v1"

// modelKind names the envelope's kind.
const modelKind = "churn.Model"

type savedModel struct {
	Kind          string      `json:"kind"`
	Format        string      `json:"format"`
	Source        string      `json:"source"`
	Objective     string      `json:"objective"`
	BaseScore     float64     `json:"base_score"`
	BaseMargin    float64     `json:"base_margin"`
	Float32Sum    bool        `json:"float32_sum"`
	Features      []string    `json:"features"`
	Categorical   []int       `json:"categorical,omitempty"`
	Params        *Config     `json:"params,omitempty"`
	BestIteration int         `json:"best_iteration"`
	EvalHistory   []float64   `json:"eval_history,omitempty"`
	Trees         []savedTree `json:"trees"`
}

// savedTree holds a tree's arrays; a leaf node's threshold is written as 0
// (JSON has no NaN) and restored on Load.
type savedTree struct {
	Threshold []float32 `json:"threshold"`
	Feature   []uint32  `json:"feature"`
	Left      []uint32  `json:"left"`
	Right     []uint32  `json:"right"`
	Flags     []uint8   `json:"flags"`
	LeafIndex []int32   `json:"leaf_index"`
	Leaves    []float64 `json:"leaves"`
	Cover     []float64 `json:"cover"`
	Gain      []float64 `json:"gain"`
	NodeID    []int32   `json:"node_id"`
	CatStart  []uint32  `json:"cat_start,omitempty"`
	CatEnd    []uint32  `json:"cat_end,omitempty"`
	Cats      []uint64  `json:"cats,omitempty"`
}

// Save writes the model as one JSON object in the versioned format
// FormatVersion: an envelope with the kind, the format, the features, the
// resolved training parameters and the trees. Load reads it back exactly:
// the loaded model scores every row bit for bit as the saved one.
func (m *Model) Save(w io.Writer) error {
	m.check()
	s := savedModel{
		Kind: modelKind, Format: FormatVersion, Source: m.source,
		Objective: m.objective, BaseScore: m.baseScore, BaseMargin: m.baseMargin,
		Float32Sum: m.float32Sum, Features: m.features,
		BestIteration: m.bestIteration, EvalHistory: m.evalHistory,
	}
	if m.source == "sibyl" {
		c := m.config
		s.Params = &c
	}
	for j, c := range m.categorical {
		if c {
			s.Categorical = append(s.Categorical, j)
		}
	}
	s.Trees = make([]savedTree, len(m.trees))
	for i := range m.trees {
		t := &m.trees[i]
		st := savedTree{
			Threshold: make([]float32, len(t.nodes)),
			Feature:   make([]uint32, len(t.nodes)),
			Left:      make([]uint32, len(t.nodes)),
			Right:     make([]uint32, len(t.nodes)),
			Flags:     make([]uint8, len(t.nodes)),
			LeafIndex: t.leafIndex, Leaves: t.leaves, Cover: t.cover, Gain: t.gain, NodeID: t.nodeID,
		}
		for k, n := range t.nodes {
			if t.leafIndex[k] < 0 {
				st.Threshold[k] = n.Threshold
			}
			st.Feature[k], st.Left[k], st.Right[k], st.Flags[k] = n.Feature, n.Left, n.Right, n.Flags
		}
		if len(t.cats) > 0 {
			st.CatStart, st.CatEnd, st.Cats = t.catStart, t.catEnd, t.cats
		}
		s.Trees[i] = st
	}
	enc := json.NewEncoder(w)
	return enc.Encode(&s)
}

// Load reads a model written by Save. A file of another format version
// returns an error wrapping ErrFormat; so does any inconsistency in the
// trees (never a panic).
func Load(r io.Reader) (*Model, error) {
	var s savedModel
	if err := json.NewDecoder(r).Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if s.Kind != modelKind {
		return nil, fmt.Errorf("%w: kind %q is not %q (an XGBoost model? use ImportXGBoost)", ErrFormat, s.Kind, modelKind)
	}
	if s.Format != FormatVersion {
		return nil, fmt.Errorf("%w: unknown model format version %q (this build reads %q)", ErrFormat, s.Format, FormatVersion)
	}
	if objectives[s.Objective] == nil && s.Objective != "reg:logistic" {
		return nil, fmt.Errorf("%w: objective %q", ErrFormat, s.Objective)
	}
	nf := len(s.Features)
	if nf == 0 {
		return nil, fmt.Errorf("%w: no features", ErrFormat)
	}
	if math.IsNaN(s.BaseMargin) || math.IsInf(s.BaseMargin, 0) {
		return nil, fmt.Errorf("%w: base_margin %v", ErrFormat, s.BaseMargin)
	}
	m := &Model{
		features: s.Features, objective: s.Objective, baseScore: s.BaseScore, baseMargin: s.BaseMargin,
		float32Sum: s.Float32Sum, source: s.Source, bestIteration: s.BestIteration, evalHistory: s.EvalHistory,
		categorical: make([]bool, nf),
	}
	if s.Params != nil {
		m.config = *s.Params
	}
	for _, j := range s.Categorical {
		if j < 0 || j >= nf {
			return nil, fmt.Errorf("%w: categorical feature %d out of range", ErrFormat, j)
		}
		m.categorical[j] = true
	}
	m.trees = make([]tree, len(s.Trees))
	for i := range s.Trees {
		t, err := s.Trees[i].restore(nf)
		if err != nil {
			return nil, fmt.Errorf("%w: tree %d: %v", ErrFormat, i, err)
		}
		m.trees[i] = t
	}
	m.flat = newFlatForest(m.trees, nf)
	return m, nil
}

// restore rebuilds a tree and checks it: pre-order (children after their
// parent), leaves pointing to themselves, indices and features in range.
func (st *savedTree) restore(nf int) (tree, error) {
	n := len(st.Feature)
	if n == 0 {
		return tree{}, fmt.Errorf("no nodes")
	}
	for _, l := range []int{len(st.Threshold), len(st.Left), len(st.Right), len(st.Flags), len(st.LeafIndex), len(st.Cover), len(st.Gain), len(st.NodeID)} {
		if l != n {
			return tree{}, fmt.Errorf("node arrays differ in length")
		}
	}
	hasCats := len(st.CatStart) > 0
	if hasCats && (len(st.CatStart) != n || len(st.CatEnd) != n) {
		return tree{}, fmt.Errorf("category arrays differ in length")
	}
	t := tree{
		nodes: make([]node, n), leafIndex: st.LeafIndex, leaves: st.Leaves, cover: st.Cover, gain: st.Gain, nodeID: st.NodeID,
		catStart: make([]uint32, n), catEnd: make([]uint32, n), cats: st.Cats,
	}
	if hasCats {
		copy(t.catStart, st.CatStart)
		copy(t.catEnd, st.CatEnd)
	}
	seenLeaf := make([]bool, len(st.Leaves))
	for k := range n {
		nd := node{Threshold: st.Threshold[k], Feature: st.Feature[k], Left: st.Left[k], Right: st.Right[k], Flags: st.Flags[k]}
		if li := st.LeafIndex[k]; li >= 0 {
			if int(li) >= len(st.Leaves) || seenLeaf[li] {
				return tree{}, fmt.Errorf("node %d: bad leaf index %d", k, li)
			}
			seenLeaf[li] = true
			v := st.Leaves[li]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return tree{}, fmt.Errorf("leaf %d value %v", li, v)
			}
			if nd.Left != uint32(k) || nd.Right != uint32(k) || nd.Flags != 0 {
				return tree{}, fmt.Errorf("leaf node %d must point to itself", k)
			}
			nd.Feature, nd.Threshold = 0, float32(math.NaN())
		} else {
			if int(nd.Feature) >= nf {
				return tree{}, fmt.Errorf("node %d splits on feature %d of %d", k, nd.Feature, nf)
			}
			if int(nd.Left) <= k || int(nd.Right) <= k || int(nd.Left) >= n || int(nd.Right) >= n || nd.Left == nd.Right {
				return tree{}, fmt.Errorf("node %d: children %d, %d not after it", k, nd.Left, nd.Right)
			}
			if nd.Flags&^(flagDefaultLeft|flagCategorical) != 0 {
				return tree{}, fmt.Errorf("node %d: unknown flags %d", k, nd.Flags)
			}
			if nd.Flags&flagCategorical != 0 && (!hasCats || t.catStart[k] > t.catEnd[k] || int(t.catEnd[k]) > len(t.cats)) {
				return tree{}, fmt.Errorf("node %d: bad category set", k)
			}
		}
		t.nodes[k] = nd
		if nd.Flags&flagCategorical != 0 {
			t.hasCat = true
		}
	}
	for li, ok := range seenLeaf {
		if !ok {
			return tree{}, fmt.Errorf("leaf %d is not referenced", li)
		}
	}
	// Depth, and every node reached exactly once from the root.
	reached := make([]bool, n)
	var walk func(k uint32, d int) error
	walk = func(k uint32, d int) error {
		if reached[k] {
			return fmt.Errorf("node %d reached twice", k)
		}
		reached[k] = true
		if t.leafIndex[k] >= 0 {
			t.maxDepth = max(t.maxDepth, d)
			return nil
		}
		if err := walk(t.nodes[k].Left, d+1); err != nil {
			return err
		}
		return walk(t.nodes[k].Right, d+1)
	}
	if err := walk(0, 0); err != nil {
		return tree{}, err
	}
	for k, ok := range reached {
		if !ok {
			return tree{}, fmt.Errorf("node %d is not reached from the root", k)
		}
	}
	return t, nil
}
