package churn

import "math"

// Limits of the compact scoring layout (flatForest).
const (
	groupTrees      = 8                   // trees walked in lockstep
	maxFlatDepth    = 8                   // deeper models keep the general walk
	maxFlatFeatures = 256                 // wider rows keep the general walk
	flatBlock       = 32                  // rows scored together by marginRows
	flatMask        = 1<<maxFlatDepth - 1 // node/leaf slot mask (no bounds checks)
)

// flatNode is one split of the compact layout: with b the row buffer
// (rowBuf: the row in float32, then negated), the row goes right iff
//
//	(b[Feature] < Threshold) XOR Right
//
// which is one comparison whatever the default direction of missing values
// (see flatSplit). It is 8 bytes, so one cache line holds the same node of
// the eight trees of a group.
type flatNode struct {
	Threshold float32
	Feature   uint16
	Right     uint16
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
// (threshold NaN, nothing is < NaN) send every row left, which keeps the
// lines they touch few.
//
// The trees are interleaved in groups of eight: node i of tree j of group
// g is nodes[g·2^D + i][j] and leaf slot s is leaves[g·2^D + s][j],
// so the eight walks of a group share one base address, walk in lockstep
// (their chains of dependent loads overlap) and their top nodes share cache
// lines. A depth-6 tree takes 1 KB here (512 B of nodes, 512 B of leaf
// values) against up to 3.5 KB in the general arrays (20-byte nodes, leaf
// indices and values): 200 such trees fit in L2.
//
// Groups with a categorical split (or a split flatSplit cannot write) are
// walked by the general code (general[g]); the last group, when short, is
// padded with empty trees whose values are never read. The row is
// converted to float32 once; rows with and without missing values take the
// same steps. Leaf values are the trees' own float64 values, added in tree
// order, so margins are bit-identical to the general walk's.
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
// features, a tree deeper than maxFlatDepth, or a split flatSplit cannot
// write (categorical, say) in every group.
func newFlatForest(trees []tree, nf int) *flatForest {
	if nf > maxFlatFeatures || len(trees) == 0 {
		return nil
	}
	ngroups := (len(trees) + groupTrees - 1) / groupTrees
	f := &flatForest{ntrees: len(trees), general: make([]bool, ngroups)}
	for k := range trees {
		if !flatOK(&trees[k]) {
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
		f.nodes[base+i][j] = flatNode{Threshold: float32(math.NaN())} // always left
		f.fill(t, base, j, n, 2*i, d+1)
		f.fill(t, base, j, n, 2*i+1, d+1)
		return
	}
	nd := &t.nodes[n]
	f.nodes[base+i][j], _ = flatSplit(nd)
	f.fill(t, base, j, nd.Left, 2*i, d+1)
	f.fill(t, base, j, nd.Right, 2*i+1, d+1)
}

// flatGroup is one group's nodes: node i of tree j is [i][j].
type flatGroup [1 << maxFlatDepth][groupTrees]flatNode

// rowBuf is a row converted to float32, as the splits compare it, then
// negated: feature j is at j and its negation at maxFlatFeatures+j.
type rowBuf [2 * maxFlatFeatures]float32

// load converts x (at most maxFlatFeatures values) into b.
func (b *rowBuf) load(x []float64) {
	for j, v := range x[:min(len(x), maxFlatFeatures)] {
		b[j] = float32(v)
		b[maxFlatFeatures+j] = -float32(v)
	}
}

// flatSplit is split node nd in the compact layout; ok is false when it
// cannot be written there (a categorical split, or a threshold of -Inf or
// NaN that sends only missing values left).
//
// A split that sends missing values right is kept as it is: go left iff
// v < t, which is false for NaN. One that sends them left goes left iff
// !(v > t⁻), with t⁻ the float32 below t (none lies between them), that is
// iff !(−v < −t⁻): the same one comparison, of −v, negated, true for NaN.
func flatSplit(nd *node) (_ flatNode, ok bool) {
	thr := nd.Threshold
	switch {
	case nd.Flags&flagCategorical != 0:
		return flatNode{}, false
	case nd.Flags&flagDefaultLeft == 0:
		if thr != thr {
			thr = float32(math.Inf(-1)) // nothing is < NaN, nor < -Inf
		}
		return flatNode{Threshold: thr, Feature: uint16(nd.Feature), Right: 1}, true
	case !(thr > float32(math.Inf(-1))):
		return flatNode{}, false
	}
	return flatNode{Threshold: -math.Nextafter32(thr, float32(math.Inf(-1))), Feature: maxFlatFeatures + uint16(nd.Feature)}, true
}

// flatOK reports whether every split of t can be written in the compact
// layout.
func flatOK(t *tree) bool {
	for i := range t.nodes {
		if !t.isLeaf(i) {
			if _, ok := flatSplit(&t.nodes[i]); !ok {
				return false
			}
		}
	}
	return true
}

// step is one step from heap node i of tree j.
func step(nodes *flatGroup, x *rowBuf, i, j uint) uint {
	n := &nodes[i&flatMask][j&(groupTrees-1)]
	var lt uint
	if x[n.Feature&(2*maxFlatFeatures-1)] < n.Threshold {
		lt = 1
	}
	return 2*i + (lt ^ uint(n.Right))
}

// group walks the eight trees of group g for row x, in lockstep, and
// writes their leaf values to out. Eight independent walks keep eight
// chains of dependent loads in flight; sixteen would not fit the registers.
// (The choice was made with BenchmarkPredictRowComplete; the figures are in
// the commit history, not reproduced here.)
func (f *flatForest) group(out *[groupTrees]float64, g int, x *rowBuf) {
	nodes := (*flatGroup)(f.nodes[g<<f.depth:])
	leaves := (*[1 << maxFlatDepth][groupTrees]float64)(f.leaves[g<<f.depth:])
	i0, i1, i2, i3, i4, i5, i6, i7 := uint(1), uint(1), uint(1), uint(1), uint(1), uint(1), uint(1), uint(1)
	for range f.depth {
		i0, i1, i2, i3 = step(nodes, x, i0, 0), step(nodes, x, i1, 1), step(nodes, x, i2, 2), step(nodes, x, i3, 3)
		i4, i5, i6, i7 = step(nodes, x, i4, 4), step(nodes, x, i5, 5), step(nodes, x, i6, 6), step(nodes, x, i7, 7)
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
	xb.load(x)
	var v [groupTrees]float64
	s, s32 := m.baseMargin, float32(m.baseMargin)
	for g, general := range f.general {
		lo := g * groupTrees
		hi := min(lo+groupTrees, f.ntrees)
		if general {
			generalGroup(&v, m.trees[lo:hi], x)
		} else {
			f.group(&v, g, &xb)
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
// of flatBlock rows (converted to float32 once) group by group, so a
// group's nodes and leaves stay in L1 while they serve every row of the
// block; each row still adds its leaf values in tree order.
func (f *flatForest) marginRows(m *Model, dst, x []float64) {
	nf := len(m.features)
	var bufs [flatBlock]rowBuf // 64 KB: on the stack
	var acc [flatBlock]float64
	var acc32 [flatBlock]float32
	var v [groupTrees]float64
	for lo := 0; lo < len(dst); lo += flatBlock {
		n := min(flatBlock, len(dst)-lo)
		xs := x[lo*nf : (lo+n)*nf]
		for r := range n {
			bufs[r].load(xs[r*nf : (r+1)*nf])
			acc[r], acc32[r] = m.baseMargin, float32(m.baseMargin)
		}
		for g, general := range f.general {
			tlo := g * groupTrees
			thi := min(tlo+groupTrees, f.ntrees)
			for r := range n {
				if general {
					generalGroup(&v, m.trees[tlo:thi], xs[r*nf:(r+1)*nf])
				} else {
					f.group(&v, g, &bufs[r])
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
