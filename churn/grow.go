package churn

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
	"unsafe"
)

// kRtEps is XGBoost's smallest loss reduction worth a split.
const kRtEps = 1e-6

// histChunk is the number of rows one histogram task sums. A node with more
// rows is summed in chunks of this size into separate histograms that are
// then added in chunk order, so the result does not depend on how many
// goroutines ran the chunks.
const histChunk = 32768

type binStat struct{ g, h float64 }

// splitInfo is the best split found for a node.
type splitInfo struct {
	gain        float64 // loss reduction (XGBoost's loss_chg)
	feature     int     // -1: no valid split
	bin         int     // numeric: non-missing bins 0..bin go left
	defaultLeft bool
	cat         bool
	catRight    [4]uint64 // categorical: the bins (codes) that go right
	gl, hl      float64
	wl, wr      float64 // child weights (before η), bounded
}

// growNode is a node while a tree grows.
type growNode struct {
	nid        int
	depth      int
	start, end int // its rows are grower.rows[start:end]
	hist       []binStat
	g, h       float64
	lo, hi     float64 // bounds on the weight (monotone constraints)
	weight     float64 // bounded -T(G)/(H+λ)
	best       splitInfo
	left       int // index of the left child in grower.nodes, -1 for a leaf
	right      int
}

// grower grows one tree at a time on binned data.
type grower struct {
	cfg      Config
	b        *binned
	gp       []GradPair
	rows     []uint32 // row indices, partitioned node by node
	scratch  []uint32
	features []bool // colsample: features usable by this tree
	mono     []int8
	hasMono  bool
	workers  int

	nodes    []growNode
	nextID   int
	pool     [][]binStat
	partials [][]binStat
}

func (gr *grower) getHist() []binStat {
	if n := len(gr.pool); n > 0 {
		h := gr.pool[n-1]
		gr.pool = gr.pool[:n-1]
		return h
	}
	return make([]binStat, gr.b.nf*binStride)
}

func (gr *grower) putHist(h []binStat) {
	if h != nil {
		gr.pool = append(gr.pool, h)
	}
}

// thresholdL1 is T_α(G) = sign(G)·max(|G|-α, 0).
func thresholdL1(g, alpha float64) float64 {
	switch {
	case g > alpha:
		return g - alpha
	case g < -alpha:
		return g + alpha
	}
	return 0
}

// weightOf is the optimal leaf weight -T_α(G)/(H+λ), clipped to [lo, hi].
func (gr *grower) weightOf(g, h, lo, hi float64) float64 {
	if h <= 0 {
		return 0
	}
	w := -thresholdL1(g, gr.cfg.Alpha) / (h + gr.cfg.Lambda)
	return min(max(w, lo), hi)
}

// score is the (doubled, negated) loss of a leaf with weight w:
//
//	score = -(2·G·w + (H+λ)·w² + 2α|w|)
//
// which at the unconstrained optimum is T_α(G)²/(H+λ).
func (gr *grower) score(g, h, w float64) float64 {
	if h <= 0 {
		return 0
	}
	if !gr.hasMono {
		t := thresholdL1(g, gr.cfg.Alpha)
		return t * t / (h + gr.cfg.Lambda)
	}
	return -(2*g*w + (h+gr.cfg.Lambda)*w*w + 2*gr.cfg.Alpha*math.Abs(w))
}

// grow grows a tree on the rows gr.rows[:n] and returns its nodes; the
// caller reads leaves' rows from gr.rows.
func (gr *grower) grow(n int) {
	gr.nodes = gr.nodes[:0]
	gr.nextID = 1
	var g, h float64
	for _, r := range gr.rows[:n] {
		g += gr.gp[r].Grad
		h += gr.gp[r].Hess
	}
	root := growNode{start: 0, end: n, g: g, h: h, lo: math.Inf(-1), hi: math.Inf(1), left: -1, right: -1}
	root.weight = gr.weightOf(g, h, root.lo, root.hi)
	gr.nodes = append(gr.nodes, root)
	if gr.cfg.MaxDepth == 0 && gr.cfg.GrowPolicy == "depthwise" {
		return
	}
	gr.nodes[0].hist = gr.getHist()
	gr.buildHists([]int{0})
	gr.evalSplits([]int{0})
	maxLeaves := gr.cfg.MaxLeaves
	leaves := 1
	if gr.cfg.GrowPolicy == "lossguide" {
		q := &nodeQueue{gr: gr}
		if gr.canSplit(0) {
			heap.Push(q, 0)
		}
		for q.Len() > 0 && (maxLeaves <= 0 || leaves < maxLeaves) {
			i := heap.Pop(q).(int)
			for _, c := range gr.split([]int{i}) {
				if gr.canSplit(c) {
					heap.Push(q, c)
				} else {
					gr.putHist(gr.nodes[c].hist)
					gr.nodes[c].hist = nil
				}
			}
			leaves++
		}
		for _, i := range q.items {
			gr.putHist(gr.nodes[i].hist)
			gr.nodes[i].hist = nil
		}
		return
	}
	level := []int{0}
	for len(level) > 0 {
		var todo []int
		for _, i := range level {
			if gr.canSplit(i) {
				todo = append(todo, i)
			} else {
				gr.putHist(gr.nodes[i].hist)
				gr.nodes[i].hist = nil
			}
		}
		if maxLeaves > 0 && leaves+len(todo) > maxLeaves {
			slices.SortStableFunc(todo, func(a, b int) int { return cmp.Compare(gr.nodes[b].best.gain, gr.nodes[a].best.gain) })
			keep := max(maxLeaves-leaves, 0)
			for _, i := range todo[keep:] {
				gr.putHist(gr.nodes[i].hist)
				gr.nodes[i].hist = nil
			}
			todo = todo[:keep]
			slices.Sort(todo)
		}
		if len(todo) == 0 {
			break
		}
		leaves += len(todo)
		level = gr.split(todo)
	}
}

func (gr *grower) canSplit(i int) bool {
	n := &gr.nodes[i]
	if n.best.feature < 0 || !(n.best.gain > kRtEps) || n.best.gain < gr.cfg.Gamma {
		return false
	}
	return gr.cfg.MaxDepth <= 0 || n.depth < gr.cfg.MaxDepth
}

// split applies the best split of each node in todo (in order), builds the
// children's histograms when they may split further, evaluates their splits
// and returns the children's indices.
func (gr *grower) split(todo []int) []int {
	children := make([]int, 0, 2*len(todo))
	for _, i := range todo {
		p := &gr.nodes[i]
		s := &p.best
		l := growNode{nid: gr.nextID, depth: p.depth + 1, g: s.gl, h: s.hl, lo: p.lo, hi: p.hi, left: -1, right: -1}
		r := growNode{nid: gr.nextID + 1, depth: p.depth + 1, g: p.g - s.gl, h: p.h - s.hl, lo: p.lo, hi: p.hi, left: -1, right: -1}
		gr.nextID += 2
		if c := gr.mono[s.feature]; c != 0 && gr.hasMono {
			mid := (s.wl + s.wr) / 2
			if c > 0 {
				l.hi, r.lo = min(l.hi, mid), max(r.lo, mid)
			} else {
				l.lo, r.hi = max(l.lo, mid), min(r.hi, mid)
			}
		}
		l.weight = gr.weightOf(l.g, l.h, l.lo, l.hi)
		r.weight = gr.weightOf(r.g, r.h, r.lo, r.hi)
		li := len(gr.nodes)
		gr.nodes = append(gr.nodes, l, r)
		p = &gr.nodes[i]
		p.left, p.right = li, li+1
		children = append(children, li, li+1)
	}
	// Partition every parent's rows (in parallel over parents).
	parallelChunks(len(todo), 1, gr.workers, func(a, b int) {
		for _, i := range todo[a:b] {
			gr.partition(i)
		}
	})
	// Histograms: build the smaller child, subtract for the larger.
	var build, evals []int
	type pair struct{ parent, small, large int }
	var pairs []pair
	for _, i := range todo {
		p := &gr.nodes[i]
		if gr.cfg.MaxDepth > 0 && p.depth+1 >= gr.cfg.MaxDepth {
			gr.putHist(p.hist)
			p.hist = nil
			continue
		}
		l, r := p.left, p.right
		small, large := l, r
		if gr.nodes[r].end-gr.nodes[r].start < gr.nodes[l].end-gr.nodes[l].start {
			small, large = r, l
		}
		gr.nodes[small].hist = gr.getHist()
		build = append(build, small)
		pairs = append(pairs, pair{i, small, large})
		evals = append(evals, l, r)
	}
	if len(build) > 0 {
		gr.buildHists(build)
		parallelChunks(len(pairs), 1, gr.workers, func(a, b int) {
			for _, pr := range pairs[a:b] {
				par, sm := gr.nodes[pr.parent].hist, gr.nodes[pr.small].hist
				for k := range par {
					par[k].g -= sm[k].g
					par[k].h -= sm[k].h
				}
				// The parent's histogram becomes the larger child's.
				gr.nodes[pr.large].hist = par
				gr.nodes[pr.parent].hist = nil
			}
		})
		gr.evalSplits(evals)
	}
	return children
}

// partition splits the rows of node i stably into its children's ranges.
func (gr *grower) partition(i int) {
	p := &gr.nodes[i]
	s := &p.best
	b := gr.b
	f := s.feature
	mb := b.missBin(f)
	rows := gr.rows[p.start:p.end]
	tmp := gr.scratch[p.start:p.end]
	nl, nr := 0, 0
	col := b.cols[f*b.rows : (f+1)*b.rows]
	for _, r := range rows {
		v := int(col[r])
		var left bool
		switch {
		case v == mb:
			left = s.defaultLeft
		case s.cat:
			left = s.catRight[v>>6]&(1<<(v&63)) == 0
		default:
			left = v <= s.bin
		}
		if left {
			rows[nl] = r
			nl++
		} else {
			tmp[nr] = r
			nr++
		}
	}
	copy(rows[nl:], tmp[:nr])
	l, r := &gr.nodes[p.left], &gr.nodes[p.right]
	l.start, l.end = p.start, p.start+nl
	r.start, r.end = p.start+nl, p.end
}

// buildHists fills the histograms of the given nodes from their rows.
func (gr *grower) buildHists(idx []int) {
	type task struct {
		node, lo, hi int
		dst          []binStat
	}
	var tasks []task
	type red struct {
		node   int
		first  int // index of its first partial
		nparts int
	}
	var reds []red
	np := 0
	for _, i := range idx {
		n := &gr.nodes[i]
		cnt := n.end - n.start
		if cnt <= histChunk {
			tasks = append(tasks, task{i, n.start, n.end, n.hist})
			continue
		}
		k := (cnt + histChunk - 1) / histChunk
		for len(gr.partials) < np+k {
			gr.partials = append(gr.partials, make([]binStat, gr.b.nf*binStride))
		}
		for c := range k {
			lo := n.start + c*histChunk
			tasks = append(tasks, task{i, lo, min(lo+histChunk, n.end), gr.partials[np+c]})
		}
		reds = append(reds, red{i, np, k})
		np += k
	}
	// Big tasks first for balance.
	slices.SortStableFunc(tasks, func(a, b task) int { return cmp.Compare(b.hi-b.lo, a.hi-a.lo) })
	parallelChunks(len(tasks), 1, gr.workers, func(a, b int) {
		for _, t := range tasks[a:b] {
			clear(t.dst)
			histRows(t.dst, gr.b.bins, gr.b.nf, gr.rows[t.lo:t.hi], gr.gp)
		}
	})
	if len(reds) == 0 {
		return
	}
	// Add the partial histograms in chunk order, features in parallel.
	nf := gr.b.nf
	parallelChunks(len(reds)*nf, 4, gr.workers, func(a, b int) {
		for k := a; k < b; k++ {
			rd := reds[k/nf]
			j := k % nf
			dst := gr.nodes[rd.node].hist[j*binStride : (j+1)*binStride]
			copy(dst, gr.partials[rd.first][j*binStride:(j+1)*binStride])
			for p := 1; p < rd.nparts; p++ {
				src := gr.partials[rd.first+p][j*binStride : (j+1)*binStride]
				for q := range dst {
					dst[q].g += src[q].g
					dst[q].h += src[q].h
				}
			}
		}
	})
}

// histRowsGo adds the gradient pair of every row to its bin of every
// feature; dst must hold nf·binStride entries and bins is row-major with nf
// columns. It is the portable kernel (histRows on amd64 is its assembly
// twin, checked against it by TestHistRowsAsm).
func histRowsGo(dst []binStat, bins []uint8, nf int, rows []uint32, gp []GradPair) {
	if len(rows) == 0 {
		return
	}
	if len(dst) < nf*binStride {
		panic("churn: histogram too short")
	}
	hp := unsafe.Pointer(unsafe.SliceData(dst))
	for _, r := range rows {
		g := gp[r]
		base := int(r) * nf
		row := bins[base : base+nf : base+nf]
		for j, b := range row {
			// dst[j*binStride+b]; j < nf and b < 256 keep it in range. The
			// offset is taken from the base each time: advancing a pointer
			// past the last feature would point outside dst, which checkptr
			// (on under -race) rejects.
			h := (*binStat)(unsafe.Add(hp, (uintptr(j)*binStride+uintptr(b))*unsafe.Sizeof(binStat{})))
			h.g += g.Grad
			h.h += g.Hess
		}
	}
}

// evalSplits finds the best split of each node (nodes in parallel).
func (gr *grower) evalSplits(idx []int) {
	parallelChunks(len(idx), 1, gr.workers, func(a, b int) {
		var order []int
		for _, i := range idx[a:b] {
			order = gr.evalNode(i, order)
		}
	})
}

func (gr *grower) evalNode(i int, order []int) []int {
	n := &gr.nodes[i]
	best := splitInfo{feature: -1}
	G, H := n.g, n.h
	mcw := gr.cfg.MinChildWeight
	parent := gr.score(G, H, n.weight)
	b := gr.b
	try := func(j, s int, defLeft bool, gl, hl float64) bool {
		gR, hR := G-gl, H-hl
		if hl < mcw || hR < mcw {
			return false
		}
		var wl, wr float64
		if gr.hasMono {
			wl = gr.weightOf(gl, hl, n.lo, n.hi)
			wr = gr.weightOf(gR, hR, n.lo, n.hi)
			if c := gr.mono[j]; (c > 0 && wl > wr) || (c < 0 && wl < wr) {
				return false
			}
		}
		gain := gr.score(gl, hl, wl) + gr.score(gR, hR, wr) - parent
		if gain > best.gain {
			best = splitInfo{gain: gain, feature: j, bin: s, defaultLeft: defLeft, gl: gl, hl: hl, wl: wl, wr: wr}
			return true
		}
		return false
	}
	for j := range b.nf {
		if !gr.features[j] {
			continue
		}
		hist := n.hist[j*binStride : (j+1)*binStride]
		nr := b.nReal[j]
		var gm, hm float64
		if mb := b.missBin(j); mb >= 0 {
			gm, hm = hist[mb].g, hist[mb].h
		}
		if b.cat != nil && b.cat[j] {
			order = gr.evalCat(&best, j, hist[:nr], gm, hm, try, order)
			continue
		}
		if !gr.hasMono {
			gr.scanFast(&best, j, hist[:nr], G, H, gm, hm, parent)
			continue
		}
		// Missing values right: left = bins 0..s.
		var gl, hl float64
		for s := 0; s < nr; s++ {
			gl += hist[s].g
			hl += hist[s].h
			try(j, s, false, gl, hl)
		}
		if hm > 0 {
			// Missing values left: left = missing + bins 0..s.
			gl, hl = gm, hm
			try(j, -1, true, gl, hl)
			for s := 0; s < nr-1; s++ {
				gl += hist[s].g
				hl += hist[s].h
				try(j, s, true, gl, hl)
			}
		}
	}
	n.best = best
	return order
}

// scanFast is evalNode's scan of a numeric feature without monotone
// constraints: the same candidates in the same order, with the gain
// T(G_L)²/(H_L+λ) + T(G_R)²/(H_R+λ) - T(G)²/(H+λ) computed inline.
func (gr *grower) scanFast(best *splitInfo, j int, hist []binStat, G, H, gm, hm, parent float64) {
	lam, alpha, mcw := gr.cfg.Lambda, gr.cfg.Alpha, gr.cfg.MinChildWeight
	sc := func(g, h float64) float64 {
		if alpha > 0 {
			g = thresholdL1(g, alpha)
		}
		return g * g / (h + lam)
	}
	bg := best.gain
	bs, bdl := -2, false
	var bgl, bhl float64
	// Missing values right: left = bins 0..s.
	var gl, hl float64
	for s := range hist {
		gl += hist[s].g
		hl += hist[s].h
		hr := H - hl
		if hl < mcw || hr < mcw {
			if hr < mcw {
				break // H_R only shrinks from here
			}
			continue
		}
		if g := sc(gl, hl) + sc(G-gl, hr) - parent; g > bg {
			bg, bs, bdl, bgl, bhl = g, s, false, gl, hl
		}
	}
	if hm > 0 {
		// Missing values left: left = missing + bins 0..s, s from -1.
		gl, hl = gm, hm
		for s := -1; s < len(hist)-1; s++ {
			if s >= 0 {
				gl += hist[s].g
				hl += hist[s].h
			}
			hr := H - hl
			if hl < mcw || hr < mcw {
				if hr < mcw {
					break
				}
				continue
			}
			if g := sc(gl, hl) + sc(G-gl, hr) - parent; g > bg {
				bg, bs, bdl, bgl, bhl = g, s, true, gl, hl
			}
		}
	}
	if bs > -2 {
		*best = splitInfo{gain: bg, feature: j, bin: bs, defaultLeft: bdl, gl: bgl, hl: bhl}
	}
}

// evalCat finds the best partition of a categorical feature's categories:
// categories sorted by their leaf weight, every prefix sent right (as in
// XGBoost and LightGBM, Fisher 1958).
func (gr *grower) evalCat(best *splitInfo, j int, hist []binStat, gm, hm float64, try func(j, s int, defLeft bool, gl, hl float64) bool, order []int) []int {
	order = order[:0]
	for c := range hist {
		if hist[c].h > 0 {
			order = append(order, c)
		}
	}
	if len(order) < 2 && hm == 0 {
		return order
	}
	lam := gr.cfg.Lambda
	w := func(c int) float64 { return -hist[c].g / (hist[c].h + lam) }
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(w(a), w(b)) })
	var sumG, sumH float64
	for _, c := range hist {
		sumG += c.g
		sumH += c.h
	}
	for _, defLeft := range []bool{false, true} {
		if defLeft && hm == 0 {
			break
		}
		// right = order[:k]; left = the rest (+ missing when defLeft).
		var gr0, hr0 float64
		for k := 0; k <= len(order); k++ {
			if k > 0 {
				gr0 += hist[order[k-1]].g
				hr0 += hist[order[k-1]].h
			}
			gl, hl := sumG-gr0, sumH-hr0
			if defLeft {
				gl, hl = gl+gm, hl+hm
			}
			if try(j, 0, defLeft, gl, hl) {
				best.cat = true
				best.catRight = [4]uint64{}
				for _, c := range order[:k] {
					best.catRight[c>>6] |= 1 << (c & 63)
				}
			}
		}
	}
	return order
}

// nodeQueue orders candidate nodes by loss reduction (then node id) for
// leaf-wise growth.
type nodeQueue struct {
	gr    *grower
	items []int
}

func (q *nodeQueue) Len() int { return len(q.items) }
func (q *nodeQueue) Less(a, b int) bool {
	na, nb := &q.gr.nodes[q.items[a]], &q.gr.nodes[q.items[b]]
	if na.best.gain != nb.best.gain {
		return na.best.gain > nb.best.gain
	}
	return na.nid < nb.nid
}
func (q *nodeQueue) Swap(a, b int) { q.items[a], q.items[b] = q.items[b], q.items[a] }
func (q *nodeQueue) Push(x any)    { q.items = append(q.items, x.(int)) }
func (q *nodeQueue) Pop() any {
	n := len(q.items)
	x := q.items[n-1]
	q.items = q.items[:n-1]
	return x
}

// toTree converts the grown nodes to the flat layout, leaf values scaled by η.
func (gr *grower) toTree() (tree, error) {
	nn := gr.nextID
	x := xgbTree{
		Left:            make([]int64, nn),
		Right:           make([]int64, nn),
		SplitIndices:    make([]int64, nn),
		SplitConditions: make([]float64, nn),
		DefaultLeft:     make(xgbBoolList, nn),
		SplitType:       make([]int64, nn),
		SumHessian:      make([]float64, nn),
		LossChanges:     make([]float64, nn),
	}
	for i := range gr.nodes {
		n := &gr.nodes[i]
		id := n.nid
		x.SumHessian[id] = n.h
		if n.left < 0 {
			x.Left[id], x.Right[id] = -1, -1
			x.SplitConditions[id] = gr.cfg.Eta * n.weight
			continue
		}
		s := &n.best
		x.Left[id] = int64(gr.nodes[n.left].nid)
		x.Right[id] = int64(gr.nodes[n.right].nid)
		x.SplitIndices[id] = int64(s.feature)
		x.DefaultLeft[id] = s.defaultLeft
		x.LossChanges[id] = s.gain
		if s.cat {
			x.SplitType[id] = 1
			seg := len(x.Categories)
			for c := range 256 {
				if s.catRight[c>>6]&(1<<(c&63)) != 0 {
					x.Categories = append(x.Categories, int64(c))
				}
			}
			x.CategoriesNodes = append(x.CategoriesNodes, int64(id))
			x.CategoriesSegments = append(x.CategoriesSegments, int64(seg))
			x.CategoriesSizes = append(x.CategoriesSizes, int64(len(x.Categories)-seg))
		} else {
			x.SplitConditions[id] = float64(gr.b.threshold(s.feature, s.bin))
		}
	}
	return x.convert(gr.b.nf, false)
}
