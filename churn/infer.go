package churn

import "math"

// Limits of the compact scoring layout (flatForest).
const (
	groupTrees      = 8                          // trees walked in lockstep
	maxFlatDepth    = 8                          // deeper models use the general walk
	maxFlatFeatures = 256                        // wider rows use the general walk
	flatMask        = 1<<maxFlatDepth - 1        // node/leaf slot mask (bounds-check free)
	flatSpan        = groupTrees << maxFlatDepth // largest group, in nodes or leaves
)

// flatNode is one split of the compact layout: go left iff
// float32(x[Feature]) < Threshold, or x[Feature] is missing and DefaultLeft
// is 1. It is 8 bytes, so a cache line holds the same node of the eight
// trees of a group.
type flatNode struct {
	Threshold   float32
	Feature     uint16
	DefaultLeft uint16
}

// flatForest is the model's trees in the layout scoring walks: every tree
// is stored as a perfect binary tree of the model's depth D (heap order:
// node i's children are 2i and 2i+1, the root is 1), so a walk is exactly D
// steps of
//
//	i = 2·i + (0 if x goes left at node i, else 1)
//
// and ends at leaf slot i − 2^D, with no child pointers to load and no
// branch. A leaf shallower than D becomes padding nodes whose 2^(D−d) leaf
// slots all hold its value, so every path below it gives the same value.
//
// The trees are interleaved in groups of eight: node i of tree j of group
// g is nodes[g·8·2^D + 8·i + j], and leaf slot s is leaves[g·8·2^D + 8·s + j],
// so the eight walks of a group share one base address and the eight
// roots share a cache line. Groups holding a tree with a categorical split
// are walked by the general code (general[g]); a last, short group is
// padded with empty trees whose values are never read.
//
// The leaf values are the trees' float64 values, summed in tree order, so
// margins are bit-identical to the general walk's.
type flatForest struct {
	depth   uint
	ntrees  int
	nodes   []flatNode
	leaves  []float64
	general []bool
}

// newFlatForest builds the compact layout, or returns nil when the model
// is too deep or too wide for it (the general walk then serves).
func newFlatForest(trees []tree, nf int) *flatForest {
	if nf > maxFlatFeatures || len(trees) == 0 {
		return nil
	}
	ngroups := (len(trees) + groupTrees - 1) / groupTrees
	f := &flatForest{ntrees: len(trees), general: make([]bool, ngroups)}
	depth := 0
	for k := range trees {
		if trees[k].hasCat {
			f.general[k/groupTrees] = true
		}
	}
	for k := range trees {
		if !f.general[k/groupTrees] {
			depth = max(depth, trees[k].maxDepth)
		}
	}
	if depth > maxFlatDepth {
		return nil
	}
	f.depth = uint(depth)
	stride := groupTrees << depth
	// The tail lets every group be viewed as a *[flatSpan] array.
	size := ngroups*stride + flatSpan - stride
	f.nodes = make([]flatNode, size)
	f.leaves = make([]float64, size)
	for k := range trees {
		g, j := k/groupTrees, k%groupTrees
		if f.general[g] {
			continue
		}
		f.fill(&trees[k], g*stride, j, 0, 1, 0)
	}
	return f
}

// fill stores the subtree of t rooted at node n as heap node i (at depth d)
// of tree j of the group starting at base.
func (f *flatForest) fill(t *tree, base, j int, n uint32, i int, d uint) {
	if d == f.depth {
		f.leaves[base+groupTrees*(i-1<<f.depth)+j] = t.leaves[t.leafIndex[n]]
		return
	}
	nd := &t.nodes[n]
	if t.leafIndex[n] >= 0 {
		f.nodes[base+groupTrees*i+j] = flatNode{Threshold: float32(math.Inf(1)), DefaultLeft: 1}
		f.fill(t, base, j, n, 2*i, d+1)
		f.fill(t, base, j, n, 2*i+1, d+1)
		return
	}
	f.nodes[base+groupTrees*i+j] = flatNode{Threshold: nd.Threshold, Feature: uint16(nd.Feature), DefaultLeft: uint16(nd.Flags & flagDefaultLeft)}
	f.fill(t, base, j, nd.Left, 2*i, d+1)
	f.fill(t, base, j, nd.Right, 2*i+1, d+1)
}

// rowBuf is a row converted to float32 once, for the compact walk.
type rowBuf [maxFlatFeatures]float32

// load converts x into b and reports whether some value is missing.
func (b *rowBuf) load(x []float64) (missing bool) {
	for j, v := range x[:min(len(x), maxFlatFeatures)] {
		b[j] = float32(v)
		if v != v {
			missing = true
		}
	}
	return missing
}

// stepFast is one step from heap node i of tree j for a row with no
// missing value.
func stepFast(nodes *[flatSpan]flatNode, x *rowBuf, i, j uint) uint {
	n := &nodes[(i&flatMask)*groupTrees+j&(groupTrees-1)]
	var r uint
	if !(x[uint8(n.Feature)] < n.Threshold) {
		r = 1
	}
	return 2*i + r
}

// stepMissing is stepFast honouring the default direction of missing
// values.
func stepMissing(nodes *[flatSpan]flatNode, x *rowBuf, i, j uint) uint {
	n := &nodes[(i&flatMask)*groupTrees+j&(groupTrees-1)]
	v := x[uint8(n.Feature)]
	var lt, nan uint
	if v < n.Threshold {
		lt = 1
	}
	if v != v {
		nan = 1
	}
	return 2*i + 1 - (lt | nan&uint(n.DefaultLeft))
}

// group walks the eight trees of group g for row x and writes their leaf
// values to out.
func (f *flatForest) group(out *[groupTrees]float64, g int, x *rowBuf, missing bool) {
	stride := groupTrees << f.depth
	nodes := (*[flatSpan]flatNode)(f.nodes[g*stride:])
	leaves := (*[flatSpan]float64)(f.leaves[g*stride:])
	i0, i1, i2, i3, i4, i5, i6, i7 := uint(1), uint(1), uint(1), uint(1), uint(1), uint(1), uint(1), uint(1)
	if missing {
		for range f.depth {
			i0, i1, i2, i3 = stepMissing(nodes, x, i0, 0), stepMissing(nodes, x, i1, 1), stepMissing(nodes, x, i2, 2), stepMissing(nodes, x, i3, 3)
			i4, i5, i6, i7 = stepMissing(nodes, x, i4, 4), stepMissing(nodes, x, i5, 5), stepMissing(nodes, x, i6, 6), stepMissing(nodes, x, i7, 7)
		}
	} else {
		for range f.depth {
			i0, i1, i2, i3 = stepFast(nodes, x, i0, 0), stepFast(nodes, x, i1, 1), stepFast(nodes, x, i2, 2), stepFast(nodes, x, i3, 3)
			i4, i5, i6, i7 = stepFast(nodes, x, i4, 4), stepFast(nodes, x, i5, 5), stepFast(nodes, x, i6, 6), stepFast(nodes, x, i7, 7)
		}
	}
	leaf := uint(1)<<f.depth - 1
	out[0] = leaves[(i0&leaf&flatMask)*groupTrees+0]
	out[1] = leaves[(i1&leaf&flatMask)*groupTrees+1]
	out[2] = leaves[(i2&leaf&flatMask)*groupTrees+2]
	out[3] = leaves[(i3&leaf&flatMask)*groupTrees+3]
	out[4] = leaves[(i4&leaf&flatMask)*groupTrees+4]
	out[5] = leaves[(i5&leaf&flatMask)*groupTrees+5]
	out[6] = leaves[(i6&leaf&flatMask)*groupTrees+6]
	out[7] = leaves[(i7&leaf&flatMask)*groupTrees+7]
}

// margin is Model.MarginRow on the compact layout; x must have at most
// maxFlatFeatures values.
func (f *flatForest) margin(m *Model, x []float64) float64 {
	var xb rowBuf
	missing := xb.load(x)
	var v [groupTrees]float64
	s, s32 := m.baseMargin, float32(m.baseMargin)
	for g := range f.general {
		lo := g * groupTrees
		hi := min(lo+groupTrees, f.ntrees)
		if f.general[g] {
			for k := lo; k < hi; k++ {
				t := &m.trees[k]
				v[k-lo] = t.leaves[t.leaf(x)]
			}
		} else {
			f.group(&v, g, &xb, missing)
		}
		if m.float32Sum {
			for _, w := range v[:hi-lo] {
				s32 += float32(w)
			}
		} else {
			for _, w := range v[:hi-lo] {
				s += w
			}
		}
	}
	if m.float32Sum {
		return float64(s32)
	}
	return s
}
