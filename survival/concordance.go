package survival

import (
	"math"
	"slices"
)

// fenwick holds weights over ranks 0..n-1 for prefix sums: the weight of
// each rank, and a binary indexed tree over blocks of fenBlock ranks (small
// enough to stay in cache); a prefix sum is the tree's sum of whole blocks
// plus a short scan inside the last block.
type fenwick struct {
	node  []float64
	t     []float64 // binary indexed tree over block totals, 1-based
	total float64
}

const fenBlock = 32

func newFenwick(n int) *fenwick {
	return &fenwick{node: make([]float64, n), t: make([]float64, (n+fenBlock-1)/fenBlock+1)}
}

func (f *fenwick) add(i int, w float64) {
	f.node[i] += w
	f.total += w
	for j := i/fenBlock + 1; j < len(f.t); j += j & -j {
		f.t[j] += w
	}
}

// below is the weight at ranks < i.
func (f *fenwick) below(i int) float64 {
	blk := i / fenBlock
	s := 0.0
	for j := blk; j > 0; j -= j & -j {
		s += f.t[j]
	}
	for _, w := range f.node[blk*fenBlock : i] {
		s += w
	}
	return s
}

// sums returns the weight at ranks greater than, smaller than and equal to i.
func (f *fenwick) sums(i int) (gt, lt, eq float64) {
	lt = f.below(i)
	eq = f.node[i]
	gt = f.total - lt - eq
	return
}

// concordance computes Harrell's C of the risk score eta (sorted rows)
// within strata, with R's concordancefit conventions (reverse = TRUE, case
// weights, timewt "n") and its infinitesimal-jackknife standard error;
// cluster (nil: none) sums the influence within clusters first.
func (cp *coxProblem) concordance(eta []float64, cluster []int) Concordance {
	n := cp.n
	var cnt [5]float64
	inf := make([]float64, 3*n) // influence on concordant, discordant, tied.x (R's unreversed labels)
	for s := 0; s+1 < len(cp.sbounds); s++ {
		cp.concordStratum(eta, cp.sbounds[s], cp.sbounds[s+1], &cnt, inf)
	}
	// R (unreversed): count[0] = pairs where the longer survivor has the larger score
	npair := cnt[0] + cnt[1] + cnt[2]
	somer := (cnt[0] - cnt[1]) / npair
	var dfb []float64
	if cluster != nil {
		ncl := 0
		for _, c := range cluster {
			ncl = max(ncl, c+1)
		}
		dfb = make([]float64, ncl)
	} else {
		dfb = make([]float64, n)
	}
	for i := range n {
		v := ((inf[3*i] - inf[3*i+1]) - (inf[3*i]+inf[3*i+1]+inf[3*i+2])*somer) * cp.wt[i] / (2 * npair)
		if cluster != nil {
			dfb[cluster[i]] += v
		} else {
			dfb[i] = v
		}
	}
	v := 0.0
	for _, d := range dfb {
		v += d * d
	}
	c := Concordance{
		C:          1 - (somer+1)/2,
		SE:         math.Sqrt(v),
		Concordant: cnt[1], Discordant: cnt[0], TiedX: cnt[2], TiedY: cnt[3] - cnt[4], TiedXY: cnt[4],
	}
	if npair == 0 {
		c.C, c.SE = math.NaN(), math.NaN()
	}
	return c
}

func (cp *coxProblem) concordStratum(eta []float64, lo, hi int, cnt *[5]float64, inf []float64) {
	m := hi - lo
	anyDeath := false
	for k := lo; k < hi; k++ {
		if cp.death[k] {
			anyDeath = true
			break
		}
	}
	if !anyDeath {
		return
	}
	// dense ranks of the scores (radix sort of their keys)
	keys := make([]uint64, m)
	for k := range m {
		keys[k] = floatKey(eta[lo+k])
	}
	so := sortOrder(keys)
	rank := make([]int, m)
	nr := 0
	for q, k := range so {
		if q > 0 && keys[k] != keys[so[q-1]] {
			nr++
		}
		rank[k] = nr
	}
	nr++
	// order: time descending, censored before deaths, score ascending; the
	// rows are already sorted by time, so only tied groups need sorting
	ord := make([]int, 0, m)
	for j := hi - 1; j >= lo; {
		g0 := j
		for g0 >= lo && cp.stop[g0] == cp.stop[j] {
			g0--
		}
		grp := ord[len(ord):len(ord)]
		for i := g0 + 1; i <= j; i++ {
			grp = append(grp, i)
		}
		if len(grp) > 1 {
			slices.SortFunc(grp, func(a, b int) int {
				da, db := cp.death[a], cp.death[b]
				switch {
				case !da && db:
					return -1
				case da && !db:
					return 1
				}
				if c := rank[a-lo] - rank[b-lo]; c != 0 {
					return c
				}
				return a - b
			})
		}
		ord = ord[:len(ord)+len(grp)]
		j = g0
	}
	var sord []int // counting process: rows by start descending
	if cp.start != nil {
		sord = slices.Clone(ord)
		slices.SortStableFunc(sord, func(a, b int) int {
			switch {
			case cp.start[a] > cp.start[b]:
				return -1
			case cp.start[a] < cp.start[b]:
				return 1
			}
			return 0
		})
	}
	removed := make([]bool, m)
	sp := 0
	// run processes ord[a0:b0] with the trees holding every row before a0.
	run := func(a0, b0 int, all, dead *fenwick, cnt *[5]float64) {
		removeUpTo := func(t float64) {
			for sp < len(sord) && cp.start[sord[sp]] >= t {
				q := sord[sp]
				gt, lt, eq := dead.sums(rank[q-lo])
				inf[3*q] += lt
				inf[3*q+1] += gt
				inf[3*q+2] += eq
				all.add(rank[q-lo], -cp.wt[q])
				removed[q-lo] = true
				sp++
			}
		}
		for a := a0; a < b0; {
			q := ord[a]
			if !cp.death[q] {
				if sord != nil {
					removeUpTo(cp.stop[q])
				}
				gt, lt, eq := dead.sums(rank[q-lo])
				inf[3*q] -= lt
				inf[3*q+1] -= gt
				inf[3*q+2] -= eq
				all.add(rank[q-lo], cp.wt[q])
				a++
				continue
			}
			t := cp.stop[q]
			if sord != nil {
				removeUpTo(t)
			}
			b := a
			for b < b0 && cp.death[ord[b]] && cp.stop[ord[b]] == t {
				b++
			}
			dwt := 0.0
			for c := a; c < b; c++ {
				jj := ord[c]
				w := cp.wt[jj]
				cnt[3] += w * dwt
				dwt += w
				gt, lt, eq := all.sums(rank[jj-lo])
				cnt[0] += w * gt
				cnt[1] += w * lt
				cnt[2] += w * eq
				inf[3*jj] += gt
				inf[3*jj+1] += lt
				inf[3*jj+2] += eq
				dead.add(rank[jj-lo], w)
			}
			// tied on both time and score
			for c := a; c < b; {
				e := c
				sw := 0.0
				for e < b && eta[ord[e]] == eta[ord[c]] {
					w := cp.wt[ord[e]]
					cnt[4] += w * sw
					sw += w
					e++
				}
				c = e
			}
			for c := a; c < b; c++ {
				jj := ord[c]
				gt, lt, eq := dead.sums(rank[jj-lo])
				inf[3*jj] -= lt
				inf[3*jj+1] -= gt
				inf[3*jj+2] -= eq
				all.add(rank[jj-lo], cp.wt[jj])
			}
			a = b
		}
	}
	deadNode := make([]float64, nr)
	bounds := concordSegments(cp, ord)
	if sord != nil || len(bounds) <= 2 {
		all, dead := newFenwick(nr), newFenwick(nr)
		run(0, m, all, dead, cnt)
		copy(deadNode, dead.node)
	} else {
		// fixed segments of the time order, each started from the trees'
		// state at its first row, combined in segment order
		nseg := len(bounds) - 1
		parts := make([][5]float64, nseg)
		parallelChunks(nseg*chunkRows, cp.nWorkers(), func(sgi, _, _ int) {
			a0, b0 := bounds[sgi], bounds[sgi+1]
			aw, dw := make([]float64, nr), make([]float64, nr)
			for _, q := range ord[:a0] {
				aw[rank[q-lo]] += cp.wt[q]
				if cp.death[q] {
					dw[rank[q-lo]] += cp.wt[q]
				}
			}
			run(a0, b0, fenwickFrom(aw), fenwickFrom(dw), &parts[sgi])
		})
		for _, pc := range parts {
			for k := range pc {
				cnt[k] += pc[k]
			}
		}
		for _, q := range ord {
			if cp.death[q] {
				deadNode[rank[q-lo]] += cp.wt[q]
			}
		}
	}
	// final pass: the death tree is complete, so use its prefix sums
	below := make([]float64, nr+1)
	for q := range nr {
		below[q+1] = below[q] + deadNode[q]
	}
	tot := below[nr]
	for k := range m {
		if removed[k] {
			continue
		}
		q := lo + k
		rk := rank[k]
		lt, eq := below[rk], deadNode[rk]
		inf[3*q] += lt
		inf[3*q+1] += tot - lt - eq
		inf[3*q+2] += eq
	}
}

// concordSegRows is the number of rows per concordance segment (unless
// coxProblem.segRows is set); segments depend only on the data, never on
// the number of workers.
const concordSegRows = 1 << 18

// concordSegments splits the processing order into segments of about
// concordSegRows rows, each starting at a new time.
func concordSegments(cp *coxProblem, ord []int) []int {
	m := len(ord)
	seg := concordSegRows
	if cp.segRows > 0 {
		seg = cp.segRows
	}
	bounds := []int{0}
	for next := seg; next < m; next += seg {
		b := max(next, bounds[len(bounds)-1]+1)
		for b < m && cp.stop[ord[b]] == cp.stop[ord[b-1]] {
			b++
		}
		if b >= m {
			break
		}
		if b > bounds[len(bounds)-1] {
			bounds = append(bounds, b)
		}
		next = b
	}
	return append(bounds, m)
}

// fenwickFrom builds a tree holding weight node[i] at rank i (it keeps node).
func fenwickFrom(node []float64) *fenwick {
	nb := (len(node) + fenBlock - 1) / fenBlock
	f := &fenwick{node: node, t: make([]float64, nb+1)}
	for b := range nb {
		s := 0.0
		for _, w := range node[b*fenBlock : min(len(node), (b+1)*fenBlock)] {
			s += w
		}
		f.total += s
		f.t[b+1] += s
		if j := (b + 1) + ((b + 1) & -(b + 1)); j <= nb {
			f.t[j] += f.t[b+1]
		}
	}
	return f
}
