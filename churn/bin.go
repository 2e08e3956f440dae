package churn

import (
	"fmt"
	"math"
	"slices"
)

// binStride is the number of histogram slots reserved per feature: every
// feature has at most 256 bins (its missing-value bin included), so the
// histogram of feature j starts at j·binStride and a bin index is a uint8.
const binStride = 256

// cutSample is the most rows whose values are sorted to find a feature's
// quantile cuts; larger data use an evenly spaced sample of this many rows.
const cutSample = 1 << 18

// binned is the training matrix cut into bins: for feature j, a value v
// (converted to float32, as in scoring) falls in bin
//
//	b(v) = #{k : cuts[j][k] ≤ v}        (0 ≤ b < nReal[j])
//
// and a missing value in bin missBin[j] = nReal[j] (only when the feature
// has missing values in the training rows). For a categorical feature the
// bin is the category code itself.
type binned struct {
	rows, nf int
	bins     []uint8 // row-major: bins[r*nf+j] (histograms)
	cols     []uint8 // column-major: cols[j*rows+r] (row partitions)
	nReal    []int   // non-missing bins per feature
	hasMiss  []bool
	cuts     [][]float32 // nReal-1 cut points per numeric feature
	minVal   []float32   // smallest training value (threshold sending no value left)
	maxCut   []float32   // a threshold above every training value
	cat      []bool
}

func (b *binned) missBin(j int) int {
	if b.hasMiss[j] {
		return b.nReal[j]
	}
	return -1
}

// threshold returns the split value that sends bins 0..s (s ≥ -1) left.
func (b *binned) threshold(j, s int) float32 {
	switch {
	case s < 0:
		return b.minVal[j]
	case s >= b.nReal[j]-1:
		return b.maxCut[j]
	}
	return b.cuts[j][s]
}

// binData cuts every feature of x (row-major, nf columns) into at most
// maxBin bins, features in parallel on workers goroutines.
func binData(x []float64, nf, maxBin int, cat []bool, workers int) (*binned, error) {
	rows := len(x) / nf
	b := &binned{
		rows: rows, nf: nf,
		bins:    make([]uint8, rows*nf),
		nReal:   make([]int, nf),
		hasMiss: make([]bool, nf),
		cuts:    make([][]float32, nf),
		minVal:  make([]float32, nf),
		maxCut:  make([]float32, nf),
		cat:     cat,
	}
	errs := make([]error, nf)
	parallelChunks(nf, 1, workers, func(lo, hi int) {
		col := make([]float32, rows)
		for j := lo; j < hi; j++ {
			errs[j] = b.binFeature(x, j, maxBin, col)
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	b.cols = make([]uint8, rows*nf)
	parallelChunks(nf, 1, workers, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			col := b.cols[j*rows : (j+1)*rows]
			for r := range col {
				col[r] = b.bins[r*nf+j]
			}
		}
	})
	return b, nil
}

func (b *binned) binFeature(x []float64, j, maxBin int, col []float32) error {
	nf, rows := b.nf, b.rows
	nMiss := 0
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for r := range rows {
		v := x[r*nf+j]
		if v != v {
			nMiss++
			col[r] = float32(math.NaN())
			continue
		}
		f := float32(v)
		col[r] = f
		lo, hi = min(lo, f), max(hi, f)
	}
	b.hasMiss[j] = nMiss > 0
	maxReal := maxBin
	if nMiss > 0 {
		maxReal--
	}
	if nMiss == rows {
		lo, hi = 0, 0
	}
	b.minVal[j] = lo
	b.maxCut[j] = nextUp32(hi)
	if b.cat != nil && b.cat[j] {
		nc := 0
		for r, v := range col {
			if v != v {
				continue
			}
			if v < 0 || v != float32(int(v)) || int(v) >= maxReal {
				return fmt.Errorf("%w: categorical feature %d row %d value %v is not an integer code in [0, %d)", ErrFeature, j, r+1, v, maxReal)
			}
			nc = max(nc, int(v)+1)
		}
		b.nReal[j] = max(nc, 1)
		miss := uint8(b.nReal[j])
		for r, v := range col {
			if v != v {
				b.bins[r*nf+j] = miss
			} else {
				b.bins[r*nf+j] = uint8(v)
			}
		}
		return nil
	}
	cuts := findCuts(col, maxReal)
	b.cuts[j] = cuts
	b.nReal[j] = len(cuts) + 1
	miss := uint8(len(cuts) + 1)
	lut := newCutIndex(cuts)
	for r, v := range col {
		if v != v {
			b.bins[r*nf+j] = miss
			continue
		}
		b.bins[r*nf+j] = uint8(lut.countLE(v))
	}
	return nil
}

// cutIndex answers countLE for at most 255 cuts in near constant time: the
// cuts below a value's 16-bit key prefix are counted in a table, and only
// the few cuts sharing its prefix are compared.
type cutIndex struct {
	cuts  []float32
	below []uint8 // below[p]: number of cuts whose key prefix is < p
}

// sortKey maps a float32 to a uint32 with the same order.
func sortKey(f float32) uint32 {
	u := math.Float32bits(f)
	if u&(1<<31) != 0 {
		return ^u
	}
	return u | 1<<31
}

func newCutIndex(cuts []float32) *cutIndex {
	ci := &cutIndex{cuts: cuts, below: make([]uint8, 1<<16)}
	k := 0
	for p := range ci.below {
		for k < len(cuts) && int(sortKey(cuts[k])>>16) < p {
			k++
		}
		ci.below[p] = uint8(k)
	}
	return ci
}

// countLE returns the number of cuts ≤ v (v not NaN).
func (ci *cutIndex) countLE(v float32) int {
	k := int(ci.below[sortKey(v)>>16])
	for k < len(ci.cuts) && ci.cuts[k] <= v {
		k++
	}
	return k
}

// findCuts returns at most maxReal-1 increasing cut points for the
// non-missing values of col: every distinct value but the smallest when there
// are at most maxReal of them (so each value has its own bin, as XGBoost
// does), otherwise the values at the quantiles k/maxReal of a sorted sample.
func findCuts(col []float32, maxReal int) []float32 {
	step := 1
	if len(col) > cutSample {
		step = (len(col) + cutSample - 1) / cutSample
	}
	vals := make([]float32, 0, len(col)/step+1)
	for i := 0; i < len(col); i += step {
		if v := col[i]; v == v {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return nil
	}
	sortFloat32(vals)
	distinct := 1
	for i := 1; i < len(vals); i++ {
		if vals[i] != vals[i-1] {
			distinct++
		}
	}
	if distinct <= maxReal {
		cuts := make([]float32, 0, distinct-1)
		for i := 1; i < len(vals); i++ {
			if vals[i] != vals[i-1] {
				cuts = append(cuts, vals[i])
			}
		}
		return cuts
	}
	return pruneCuts(vals, distinct, maxReal)
}

// pruneCuts picks maxReal-1 cuts from sorted values with more than maxReal
// distinct values the way XGBoost 1.7's hist does: the exact weighted
// quantile summary of the values (one entry per distinct value with its rank
// range [rmin, rmax]) is pruned to maxReal+1 entries by WQSummary::SetPrune,
// and every entry but the first and the last becomes a cut (AddCutPoint).
func pruneCuts(vals []float32, distinct, maxReal int) []float32 {
	type entry struct {
		rmin, rmax, wmin float64
		v                float32
	}
	src := make([]entry, 0, distinct)
	for i := 0; i < len(vals); {
		j := i
		for j < len(vals) && vals[j] == vals[i] {
			j++
		}
		src = append(src, entry{float64(i), float64(j), float64(j - i), vals[i]})
		i = j
	}
	maxsize := maxReal + 1
	begin := src[0].rmax
	rng := src[len(src)-1].rmin - src[0].rmax
	n := maxsize - 1
	out := make([]float32, 0, maxsize)
	out = append(out, src[0].v)
	i, last := 1, 0
	for k := 1; k < n; k++ {
		dx2 := 2 * (float64(k)*rng/float64(n) + begin)
		for i < len(src)-1 && dx2 >= src[i+1].rmax+src[i+1].rmin {
			i++
		}
		if i == len(src)-1 {
			break
		}
		if dx2 < (src[i].rmin+src[i].wmin)+(src[i+1].rmax-src[i+1].wmin) {
			if i != last {
				out = append(out, src[i].v)
				last = i
			}
		} else if i+1 != last {
			out = append(out, src[i+1].v)
			last = i + 1
		}
	}
	if last != len(src)-1 {
		out = append(out, src[len(src)-1].v)
	}
	required := min(len(out), maxReal)
	cuts := make([]float32, 0, required)
	for k := 1; k < required; k++ {
		if len(cuts) == 0 || out[k] > cuts[len(cuts)-1] {
			cuts = append(cuts, out[k])
		}
	}
	return cuts
}

// countLE returns the number of cuts ≤ v (cuts increasing), by a
// branch-free binary search.
func countLE(cuts []float32, v float32) int {
	n := len(cuts)
	if n == 0 {
		return 0
	}
	base := 0
	for n > 1 {
		half := n >> 1
		if cuts[base+half] <= v {
			base += half
		}
		n -= half
	}
	if cuts[base] <= v {
		return base + 1
	}
	return base
}

// sortFloat32 sorts non-NaN values increasingly with a least-significant-
// digit radix sort on their bit patterns (two passes of 16 bits).
func sortFloat32(v []float32) {
	if len(v) < 256 {
		slices.Sort(v)
		return
	}
	keys := make([]uint32, len(v))
	for i, f := range v {
		u := math.Float32bits(f)
		if u&(1<<31) != 0 {
			u = ^u
		} else {
			u |= 1 << 31
		}
		keys[i] = u
	}
	tmp := make([]uint32, len(v))
	var count [1 << 16]int
	for shift := uint(0); shift < 32; shift += 16 {
		clear(count[:])
		for _, k := range keys {
			count[(k>>shift)&0xffff]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, k := range keys {
			d := (k >> shift) & 0xffff
			tmp[count[d]] = k
			count[d]++
		}
		keys, tmp = tmp, keys
	}
	for i, u := range keys {
		if u&(1<<31) != 0 {
			u &^= 1 << 31
		} else {
			u = ^u
		}
		v[i] = math.Float32frombits(u)
	}
}

// nextUp32 returns the smallest float32 above x.
func nextUp32(x float32) float32 {
	return math.Nextafter32(x, float32(math.Inf(1)))
}
