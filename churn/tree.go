package churn

// Node flags.
const (
	flagLeftLeaf    uint8 = 1 << iota // node.Left indexes tree.leaves
	flagRightLeaf                     // node.Right indexes tree.leaves
	flagDefaultLeft                   // a missing value (NaN) goes left
	flagCategorical                   // categorical split: see tree.goLeft
)

// node is one split of a tree in the flat layout (after leaves, Dmitry
// Ryabov's Go inference library). The nodes of a tree are stored in
// pre-order, so the root is nodes[0] and a walk touches increasing indices.
//
// The split rule is XGBoost's: with v = float32(x[Feature]),
//
//	go left  iff  v < Threshold          (strict, compared in float32)
//	missing (NaN) goes left iff flagDefaultLeft is set
//
// A categorical node sends a category c to the right when c is in the node's
// category set (tree.cats[CatStart:CatEnd], a bit set) and to the left
// otherwise; a negative value or one beyond the set goes left, and a
// fractional one is truncated, as in XGBoost.
//
// Left and Right index nodes, or leaves when flagLeftLeaf/flagRightLeaf is set.
type node struct {
	Threshold float32
	Feature   uint32
	Left      uint32
	Right     uint32
	Flags     uint8
}

// tree is one regression tree. Leaf values are kept apart from the nodes so
// the walk stays in a small contiguous array.
type tree struct {
	nodes  []node
	leaves []float64 // leaf values (already scaled by the learning rate)

	// Per node (same index as nodes) and per leaf: the sum of hessians of the
	// training rows that reached it (XGBoost's "cover"), used by TreeSHAP,
	// and the loss reduction of each split (gain importance).
	nodeCover []float64
	nodeGain  []float64
	leafCover []float64

	// nodeID and leafID are the node numbers in XGBoost's numbering (root 0,
	// children numbered in the order they were created); LeafIndices reports
	// leafID so imported models give XGBoost's pred_leaf output.
	nodeID []int32
	leafID []int32

	// Categorical splits: for node i with flagCategorical, its set is the
	// bits cats[catStart[i]:catEnd[i]].
	catStart []uint32
	catEnd   []uint32
	cats     []uint64
}

// leaf returns the index into t.leaves of the leaf that row x reaches.
func (t *tree) leaf(x []float64) int {
	nodes := t.nodes
	if len(nodes) == 0 {
		return 0
	}
	i := 0
	for {
		n := &nodes[i]
		v := x[n.Feature]
		var left bool
		switch {
		case v != v:
			left = n.Flags&flagDefaultLeft != 0
		case n.Flags&flagCategorical != 0:
			left = t.catLeft(i, v)
		default:
			left = float32(v) < n.Threshold
		}
		if left {
			if n.Flags&flagLeftLeaf != 0 {
				return int(n.Left)
			}
			i = int(n.Left)
		} else {
			if n.Flags&flagRightLeaf != 0 {
				return int(n.Right)
			}
			i = int(n.Right)
		}
	}
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
func (t *tree) depth() int {
	if len(t.nodes) == 0 {
		return 0
	}
	var rec func(i int) int
	rec = func(i int) int {
		n := t.nodes[i]
		l, r := 1, 1
		if n.Flags&flagLeftLeaf == 0 {
			l = 1 + rec(int(n.Left))
		}
		if n.Flags&flagRightLeaf == 0 {
			r = 1 + rec(int(n.Right))
		}
		return max(l, r)
	}
	return rec(0)
}
