package churn

import "math"

// Node flags.
const (
	flagDefaultLeft uint8 = 1 << iota // a missing value (NaN) goes left
	flagCategorical                   // categorical split: see tree.catLeft
)

// node is one node of a tree in the flat layout (after leaves, Dmitry
// Ryabov's Go inference library). The nodes of a tree are stored in
// pre-order, so the root is nodes[0] and a walk touches increasing indices.
//
// The split rule is XGBoost's: with v = float32(x[Feature]),
//
//	go left  iff  v < Threshold          (strict, compared in float32)
//	missing (NaN) goes left iff flagDefaultLeft is set, else right
//
// A categorical node sends a category c to the right when c is in the node's
// category set (tree.cats[catStart:catEnd], a bit set) and to the left
// otherwise; a negative value or one beyond the set goes left, and a
// fractional one is truncated, as in XGBoost.
//
// Leaves are nodes too, whose Left and Right point to themselves and whose
// Threshold is NaN, so a walk may take more steps than the leaf's depth and
// stay put: this lets several trees (or rows) be walked in lockstep for a
// fixed number of steps, without a branch per step. The leaf's value is
// tree.leaves[tree.leafIndex[i]], kept apart from the nodes.
//
// A numeric step, default direction included, is a compare and a select;
// only categorical nodes take a branch.
type node struct {
	Threshold float32
	Feature   uint32
	Left      uint32
	Right     uint32
	Flags     uint8
}

// tree is one regression tree.
type tree struct {
	nodes     []node
	leafIndex []int32   // per node: index into leaves, -1 for a split
	leaves    []float64 // leaf values (already scaled by the learning rate)
	maxDepth  int       // steps from the root to the deepest leaf
	hasCat    bool      // some node is a categorical split

	// Per node: the sum of hessians of the training rows that reached it
	// (XGBoost's "cover", used by TreeSHAP), the loss reduction of a split
	// (gain importance), and its number in XGBoost's numbering (root 0,
	// children numbered as created), which LeafRow reports.
	cover  []float64
	gain   []float64
	nodeID []int32

	// Categorical splits: node i's set is cats[catStart[i]:catEnd[i]].
	catStart []uint32
	catEnd   []uint32
	cats     []uint64
}

func (t *tree) isLeaf(i int) bool { return t.leafIndex[i] >= 0 }

// choose returns n.Left if v < n.Threshold or v is NaN and the node sends
// missing values left, else n.Right, without a branch. It ignores
// categorical splits: callers check flagCategorical (see step).
func choose(n *node, v float64) uint32 {
	var lt, nan uint32
	if float32(v) < n.Threshold {
		lt = 1
	}
	if v != v {
		nan = 1
	}
	lt |= nan & uint32(n.Flags&flagDefaultLeft) // flagDefaultLeft is bit 0
	l, r := n.Left, n.Right
	return r ^ ((l ^ r) & -lt)
}

// step moves from node i one level down for row x. The walks in model.go
// repeat its body by hand so it is inlined there.
func (t *tree) step(i uint32, x []float64) uint32 {
	n := &t.nodes[i]
	v := x[n.Feature]
	if n.Flags&flagCategorical != 0 {
		return t.special(i, v)
	}
	return choose(n, v)
}

// leafNode returns the node index of the leaf that row x reaches.
func (t *tree) leafNode(x []float64) uint32 {
	i := uint32(0)
	for range t.maxDepth {
		i = t.step(i, x)
	}
	return i
}

// leaf returns the index into t.leaves of the leaf that row x reaches.
func (t *tree) leaf(x []float64) int { return int(t.leafIndex[t.leafNode(x)]) }

// special is the step at a node with flags: a missing value's default
// direction, or a categorical split.
func (t *tree) special(i uint32, v float64) uint32 {
	n := &t.nodes[i]
	var left bool
	switch {
	case v != v:
		left = n.Flags&flagDefaultLeft != 0
	case n.Flags&flagCategorical != 0:
		left = t.catLeft(int(i), v)
	default:
		left = float32(v) < n.Threshold
	}
	if left {
		return n.Left
	}
	return n.Right
}

// catLeft reports whether category value v goes left at categorical node i.
func (t *tree) catLeft(i int, v float64) bool {
	if !(v >= 0) || v >= 1<<31 {
		return true
	}
	c := uint64(v) // truncates, as XGBoost's cast does
	w := uint64(t.catStart[i]) + c/64
	if w >= uint64(t.catEnd[i]) {
		return true
	}
	return t.cats[w]&(1<<(c%64)) == 0
}

// numLeaves is the number of leaves.
func (t *tree) numLeaves() int { return len(t.leaves) }

// depth returns the maximum depth (a single leaf has depth 0).
func (t *tree) depth() int { return t.maxDepth }

// addLeaf appends a leaf node and returns its index.
func (t *tree) addLeaf(value, cover float64, id int32) uint32 {
	i := uint32(len(t.nodes))
	t.nodes = append(t.nodes, node{Threshold: float32(math.NaN()), Left: i, Right: i})
	t.leafIndex = append(t.leafIndex, int32(len(t.leaves)))
	t.leaves = append(t.leaves, value)
	t.cover = append(t.cover, cover)
	t.gain = append(t.gain, 0)
	t.nodeID = append(t.nodeID, id)
	t.catStart = append(t.catStart, 0)
	t.catEnd = append(t.catEnd, 0)
	return i
}
