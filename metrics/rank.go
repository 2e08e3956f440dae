package metrics

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// sortKey maps a finite float64 to a uint64 whose unsigned order is the
// numeric order of the floats; -0 and +0 map to the same key.
func sortKey(f float64) uint64 {
	if f == 0 {
		f = 0 // fold -0 into +0
	}
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// keyFloat inverts sortKey.
func keyFloat(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// Radix sort parameters: digits of radixBits bits, radixPasses passes
// (lsdSort's histogram loop is written out for these values).
const (
	radixBits    = 8
	radixBuckets = 1 << radixBits
	radixPasses  = (64 + radixBits - 1) / radixBits
	radixMinLen  = 1 << 12 // below this, comparison sorting is faster
	msdMinLen    = 1 << 15 // from this size, one MSD pass first keeps the LSD passes in cache
	insertionLen = 48      // MSD buckets below this are insertion-sorted
)

// sortKeys sorts keys ascending. When w is not nil it is permuted along with
// keys. Large inputs get an LSD radix sort on 8-bit digits that skips the
// digits every key shares (the sign and exponent bits of probabilities), so
// it runs in O(n); from msdMinLen on, one MSD pass on the eight highest bits
// that differ first splits the keys into 256 buckets that are then sorted by
// LSD in cache.
func sortKeys(keys []uint64, w []float64) {
	n := len(keys)
	if n < radixMinLen {
		sortSmall(keys, w)
		return
	}
	tmp := make([]uint64, n)
	var tmpW []float64
	if w != nil {
		tmpW = make([]float64, n)
	}
	if n < msdMinLen {
		if lsdSort(keys, tmp, w, tmpW, radixPasses) {
			copy(keys, tmp)
			copy(w, tmpW)
		}
		return
	}
	var diff uint64
	k0 := keys[0]
	for _, k := range keys {
		diff |= k ^ k0
	}
	if diff == 0 {
		return // all equal
	}
	shift := uint(max(63-bits.LeadingZeros64(diff)-(radixBits-1), 0))
	var start [radixBuckets + 1]int
	for _, k := range keys {
		start[int(uint8(k>>shift))+1]++
	}
	for b := 1; b <= radixBuckets; b++ {
		start[b] += start[b-1]
	}
	next := start
	if w == nil {
		for _, k := range keys {
			d := uint8(k >> shift)
			tmp[next[d]] = k
			next[d]++
		}
	} else {
		for i, k := range keys {
			d := uint8(k >> shift)
			tmp[next[d]] = k
			tmpW[next[d]] = w[i]
			next[d]++
		}
	}
	lowBytes := (int(shift) + radixBits - 1) / radixBits // the digits below the MSD digit
	for b := 0; b < radixBuckets; b++ {
		lo, hi := start[b], start[b+1]
		if hi == lo {
			continue
		}
		seg, out := tmp[lo:hi], keys[lo:hi]
		var segW, outW []float64
		if w != nil {
			segW, outW = tmpW[lo:hi], w[lo:hi]
		}
		if hi-lo < insertionLen {
			insertionSort(seg, segW)
		} else if lsdSort(seg, out, segW, outW, lowBytes) {
			continue // sorted into keys[lo:hi] already
		}
		copy(out, seg)
		copy(outW, segW)
	}
}

// lsdSort sorts a (and aw, when not nil) by the lowest nDigits 8-bit digits,
// using b (bw) as scratch, and reports whether the result ended in b.
func lsdSort(a, b []uint64, aw, bw []float64, nDigits int) bool {
	n := len(a)
	var hist [radixPasses][radixBuckets]int
	for _, k := range a { // unrolled: one pass fills every digit's histogram
		hist[0][uint8(k)]++
		hist[1][uint8(k>>8)]++
		hist[2][uint8(k>>16)]++
		hist[3][uint8(k>>24)]++
		hist[4][uint8(k>>32)]++
		hist[5][uint8(k>>40)]++
		hist[6][uint8(k>>48)]++
		hist[7][uint8(k>>56)]++
	}
	src, dst, srcW, dstW := a, b, aw, bw
	inB := false
	for p := 0; p < nDigits; p++ {
		h := &hist[p]
		shift := uint(p * radixBits)
		if h[uint8(src[0]>>shift)] == n {
			continue // every key has the same digit here
		}
		sum := 0
		for d := range h {
			c := h[d]
			h[d] = sum
			sum += c
		}
		if srcW == nil {
			for _, k := range src {
				d := uint8(k >> shift)
				dst[h[d]] = k
				h[d]++
			}
		} else {
			for i, k := range src {
				d := uint8(k >> shift)
				dst[h[d]] = k
				dstW[h[d]] = srcW[i]
				h[d]++
			}
		}
		src, dst, srcW, dstW = dst, src, dstW, srcW
		inB = !inB
	}
	return inB
}

// insertionSort sorts a short slice of keys (with weights when w is not nil).
func insertionSort(keys []uint64, w []float64) {
	for i := 1; i < len(keys); i++ {
		k := keys[i]
		j := i
		if w == nil {
			for ; j > 0 && keys[j-1] > k; j-- {
				keys[j] = keys[j-1]
			}
			keys[j] = k
			continue
		}
		wi := w[i]
		for ; j > 0 && keys[j-1] > k; j-- {
			keys[j], w[j] = keys[j-1], w[j-1]
		}
		keys[j], w[j] = k, wi
	}
}

// sortSmall sorts a short input with a comparison sort.
func sortSmall(keys []uint64, w []float64) {
	if w == nil {
		slices.Sort(keys)
		return
	}
	p := make([]keyWeight, len(keys))
	for i := range p {
		p[i] = keyWeight{keys[i], w[i]}
	}
	slices.SortFunc(p, func(a, b keyWeight) int { return cmp.Compare(a.k, b.k) })
	for i := range p {
		keys[i], w[i] = p[i].k, p[i].w
	}
}

type keyWeight struct {
	k uint64
	w float64
}

// ranking holds the scores of the positive and of the negative class as
// sorted keys (ascending), with their weights when the caller gave weights.
// Rows of zero weight are left out, as scikit-learn does.
type ranking struct {
	pos, neg   []uint64
	posW, negW []float64 // nil when unweighted
	wPos, wNeg float64   // total weight per class
}

// newRanking validates y (0/1 labels), score (finite) and w (optional,
// non-negative) and sorts the scores of each class.
func newRanking(y, score, w []float64) (*ranking, error) {
	if err := checkPair(y, score); err != nil {
		return nil, err
	}
	if w != nil && len(w) != len(y) {
		panic(badLength)
	}
	if err := checkLabels(y); err != nil {
		return nil, err
	}
	if err := checkFinite("score", score); err != nil {
		return nil, err
	}
	if _, err := checkWeights(w, len(y)); err != nil {
		return nil, err
	}
	nPos := 0
	for _, v := range y {
		if v == 1 {
			nPos++
		}
	}
	r := &ranking{}
	if w == nil {
		r.pos = make([]uint64, 0, nPos)
		r.neg = make([]uint64, 0, len(y)-nPos)
		for i, v := range y {
			if v == 1 {
				r.pos = append(r.pos, sortKey(score[i]))
			} else {
				r.neg = append(r.neg, sortKey(score[i]))
			}
		}
		r.wPos, r.wNeg = float64(len(r.pos)), float64(len(r.neg))
	} else {
		np, nn := 0, 0
		for i, v := range y {
			switch {
			case w[i] == 0:
			case v == 1:
				np++
			default:
				nn++
			}
		}
		r.pos, r.posW = make([]uint64, 0, np), make([]float64, 0, np)
		r.neg, r.negW = make([]uint64, 0, nn), make([]float64, 0, nn)
		for i, v := range y {
			if w[i] == 0 {
				continue
			}
			if v == 1 {
				r.pos = append(r.pos, sortKey(score[i]))
				r.posW = append(r.posW, w[i])
			} else {
				r.neg = append(r.neg, sortKey(score[i]))
				r.negW = append(r.negW, w[i])
			}
		}
		r.wPos, r.wNeg = pairwiseSum(r.posW), pairwiseSum(r.negW)
	}
	if len(r.pos) >= radixMinLen && len(r.neg) >= radixMinLen {
		// The two classes sort independently; the result does not depend
		// on which finishes first.
		var wg sync.WaitGroup
		wg.Go(func() { sortKeys(r.pos, r.posW) })
		sortKeys(r.neg, r.negW)
		wg.Wait()
	} else {
		sortKeys(r.pos, r.posW)
		sortKeys(r.neg, r.negW)
	}
	return r, nil
}

// descending walks the distinct scores from the highest down, giving the
// positive and negative weight at each.
type descending struct {
	r    *ranking
	i, j int // next unread index (from the top) of pos and neg
}

func (r *ranking) descending() descending {
	return descending{r: r, i: len(r.pos) - 1, j: len(r.neg) - 1}
}

// next returns the next distinct key and the weights of each class at it.
func (d *descending) next() (k uint64, wp, wn float64, ok bool) {
	r := d.r
	switch {
	case d.i < 0 && d.j < 0:
		return 0, 0, 0, false
	case d.j < 0:
		k = r.pos[d.i]
	case d.i < 0:
		k = r.neg[d.j]
	default:
		k = max(r.pos[d.i], r.neg[d.j])
	}
	for d.i >= 0 && r.pos[d.i] == k {
		if r.posW == nil {
			wp++
		} else {
			wp += r.posW[d.i]
		}
		d.i--
	}
	for d.j >= 0 && r.neg[d.j] == k {
		if r.negW == nil {
			wn++
		} else {
			wn += r.negW[d.j]
		}
		d.j--
	}
	return k, wp, wn, true
}
