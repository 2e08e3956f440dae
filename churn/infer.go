package churn

import "math"

// Limits of the compact scoring layout (flatForest).
const (
	groupTrees      = 8                   // trees walked in lockstep
	maxFlatDepth    = 8                   // deeper models keep the general walk
	maxFlatFeatures = 256                 // wider rows keep the general walk
	flatMask        = 1<<maxFlatDepth - 1 // node/leaf slot mask (no bounds checks)
)

// flatNode is one split of the compact layout: go left iff
// float32(x[Feature]) < Threshold, or x[Feature] is missing and DefaultLeft
// is 1. It is 8 bytes, so one cache line holds the same node of the eight
// trees of a group.
type flatNode struct {
	Threshold   float32
	Feature     uint16
	DefaultLeft uint16
}

// flatForest is a copy of the model's trees in the layout that scoring
// walks. Every tree is stored as a perfect binary tree of the model's depth
// D in heap order (the root is node 1, node i's children are 2i and 2i+1),
// so a walk is exactly D steps of
//
//	i = 2·i + (0 if the row goes left at node i, else 1)
//
// ending at leaf slot s = i − 2^D: no child pointers to load and no branch.
// A leaf at depth d < D becomes padding nodes above 2^(D−d) slots that all
// hold its value, so any path below it gives that value; padding nodes
// (threshold +Inf, missing left) send almost every row left, which keeps
// the lines they touch few.
//
// The trees are interleaved in groups of eight: node i of tree j of group
// g is nodes[g·2^D + i][j] and leaf slot s is leaves[g·2^D + s][j],
// so the eight walks of a group share one base address, walk in lockstep
// (their chains of dependent loads overlap) and their top nodes share cache
// lines. A depth-6 tree takes 1 KB here (512 B of nodes, 512 B of leaf
// values) against up to 3.5 KB in the general arrays (20-byte nodes, leaf
// indices and values): 200 such trees fit in L2.
//
// Groups with a categorical split are walked by the general code
// (general[g]); the last group, when short, is padded with empty trees
// whose values are never read. The row is converted to float32 once, and
// rows without missing values skip the default-direction test. Leaf values
// are the trees' own float64 values, added in tree order, so margins are
// bit-identical to the general walk's.
//
// References:
//
//	N. Asadi, J. Lin, A. P. de Vries. Runtime Optimizations for Tree-Based Machine Learning Models. IEEE TKDE 26(9), 2014. doi:10.1109/TKDE.2013.73
type flatForest struct {
	depth   uint // D
	ntrees  int
	nodes   [][groupTrees]flatNode // group g's node i: nodes[g·2^D + i]
	leaves  [][groupTrees]float64  // group g's leaf slot s: leaves[g·2^D + s]
	general []bool                 // per group: walk m.trees instead
}

// newFlatForest builds the compact layout of trees on nf features, or
// returns nil when the general walk must serve: more than maxFlatFeatures
// features, a tree deeper than maxFlatDepth, or categorical splits in every
// group.
func newFlatForest(trees []tree, nf int) *flatForest {
	if nf > maxFlatFeatures || len(trees) == 0 {
		return nil
	}
	ngroups := (len(trees) + groupTrees - 1) / groupTrees
	f := &flatForest{ntrees: len(trees), general: make([]bool, ngroups)}
	for k := range trees {
		if trees[k].hasCat {
			f.general[k/groupTrees] = true
		}
	}
	depth, flat := 0, false
	for k := range trees {
		if !f.general[k/groupTrees] {
			depth, flat = max(depth, trees[k].maxDepth), true
		}
	}
	if depth > maxFlatDepth || !flat {
		return nil
	}
	f.depth = uint(depth)
	stride := 1 << depth
	// The tail lets every group be viewed as a *[1 << maxFlatDepth] array.
	size := ngroups*stride + 1<<maxFlatDepth - stride
	f.nodes = make([][groupTrees]flatNode, size)
	f.leaves = make([][groupTrees]float64, size)
	for k := range trees {
		if g := k / groupTrees; !f.general[g] {
			f.fill(&trees[k], g*stride, k%groupTrees, 0, 1, 0)
		}
	}
	return f
}

// fill stores the subtree of t under node n as heap node i, at depth d, of
// tree j of the group that starts at base.
func (f *flatForest) fill(t *tree, base, j int, n uint32, i int, d uint) {
	if d == f.depth {
		f.leaves[base+i-1<<f.depth][j] = t.leaves[t.leafIndex[n]]
		return
	}
	if t.leafIndex[n] >= 0 {
		f.nodes[base+i][j] = flatNode{Threshold: float32(math.Inf(1)), DefaultLeft: 1}
		f.fill(t, base, j, n, 2*i, d+1)
		f.fill(t, base, j, n, 2*i+1, d+1)
		return
	}
	nd := &t.nodes[n]
	thr := nd.Threshold
	if thr != thr {
		// Nothing is < NaN, nor < -Inf: the same rule, and stepFast
		// may test v >= Threshold.
		thr = float32(math.Inf(-1))
	}
	f.nodes[base+i][j] = flatNode{Threshold: thr, Feature: uint16(nd.Feature), DefaultLeft: uint16(nd.Flags & flagDefaultLeft)}
	f.fill(t, base, j, nd.Left, 2*i, d+1)
	f.fill(t, base, j, nd.Right, 2*i+1, d+1)
}

// flatGroup is one group's nodes: node i of tree j is [i][j].
type flatGroup [1 << maxFlatDepth][groupTrees]flatNode

// rowBuf is a row converted to float32, as the splits compare it.
type rowBuf [maxFlatFeatures]float32

// load converts x (at most maxFlatFeatures values) into b and reports
// whether a value is missing.
func (b *rowBuf) load(x []float64) (missing bool) {
	for j, v := range x[:min(len(x), maxFlatFeatures)] {
		b[j] = float32(v)
		if v != v {
			missing = true
		}
	}
	return missing
}

// stepFast is one step from heap node i of tree j for a row without missing
// values (so v >= t is the same as !(v < t)).
func stepFast(nodes *flatGroup, x *rowBuf, i, j uint) uint {
	n := &nodes[i&flatMask][j&(groupTrees-1)]
	var r uint
	if x[uint8(n.Feature)] >= n.Threshold {
		r = 1
	}
	return 2*i + r
}

// stepMissing is stepFast for a row with missing values: they follow the
// node's default direction.
func stepMissing(nodes *flatGroup, x *rowBuf, i, j uint) uint {
	n := &nodes[i&flatMask][j&(groupTrees-1)]
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

// group walks the eight trees of group g for row x, in lockstep, and
// writes their leaf values to out. (Eight walks measured 23% faster than
// two runs of four; sixteen spill registers and are slower.)
func (f *flatForest) group(out *[groupTrees]float64, g int, x *rowBuf, missing bool) {
	nodes := (*flatGroup)(f.nodes[g<<f.depth:])
	leaves := (*[1 << maxFlatDepth][groupTrees]float64)(f.leaves[g<<f.depth:])
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
	slot := uint(1)<<f.depth - 1 // i − 2^D, as i < 2^(D+1)
	out[0] = leaves[i0&slot&flatMask][0]
	out[1] = leaves[i1&slot&flatMask][1]
	out[2] = leaves[i2&slot&flatMask][2]
	out[3] = leaves[i3&slot&flatMask][3]
	out[4] = leaves[i4&slot&flatMask][4]
	out[5] = leaves[i5&slot&flatMask][5]
	out[6] = leaves[i6&slot&flatMask][6]
	out[7] = leaves[i7&slot&flatMask][7]
}

// generalGroup writes the leaf values of trees ts (at most eight) for row x
// to out, by the general walk.
func generalGroup(out *[groupTrees]float64, ts []tree, x []float64) {
	k := 0
	for ; k+4 <= len(ts); k += 4 {
		out[k], out[k+1], out[k+2], out[k+3] = walk4(ts[k:k+4], x)
	}
	for ; k < len(ts); k++ {
		t := &ts[k]
		out[k] = t.leaves[t.leaf(x)]
	}
}

// margin is Model.MarginRow on the compact layout; len(x) must be
// m.NumFeatures(), at most maxFlatFeatures.
func (f *flatForest) margin(m *Model, x []float64) float64 {
	var xb rowBuf
	missing := xb.load(x)
	var v [groupTrees]float64
	s, s32 := m.baseMargin, float32(m.baseMargin)
	for g, general := range f.general {
		lo := g * groupTrees
		hi := min(lo+groupTrees, f.ntrees)
		if general {
			generalGroup(&v, m.trees[lo:hi], x)
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

// marginRows is Model.marginBlock on the compact layout. It scores blocks
// of scoreBlock rows (converted to float32 once) group by group, so a
// group's nodes and leaves stay in L1 while they serve every row of the
// block; each row still adds its leaf values in tree order.
func (f *flatForest) marginRows(m *Model, dst, x []float64) {
	nf := len(m.features)
	bufs := make([]rowBuf, scoreBlock)
	var missing [scoreBlock]bool
	var acc [scoreBlock]float64
	var acc32 [scoreBlock]float32
	var v [groupTrees]float64
	for lo := 0; lo < len(dst); lo += scoreBlock {
		n := min(scoreBlock, len(dst)-lo)
		xs := x[lo*nf : (lo+n)*nf]
		for r := range n {
			missing[r] = bufs[r].load(xs[r*nf : (r+1)*nf])
			acc[r], acc32[r] = m.baseMargin, float32(m.baseMargin)
		}
		for g, general := range f.general {
			tlo := g * groupTrees
			thi := min(tlo+groupTrees, f.ntrees)
			for r := range n {
				if general {
					generalGroup(&v, m.trees[tlo:thi], xs[r*nf:(r+1)*nf])
				} else {
					f.group(&v, g, &bufs[r], missing[r])
				}
				if m.float32Sum {
					for _, w := range v[:thi-tlo] {
						acc32[r] += float32(w)
					}
				} else {
					for _, w := range v[:thi-tlo] {
						acc[r] += w
					}
				}
			}
		}
		for r := range n {
			if m.float32Sum {
				dst[lo+r] = float64(acc32[r])
			} else {
				dst[lo+r] = acc[r]
			}
		}
	}
}
