package metrics

import (
	"math"
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
// (sortKeys's histogram loop is written out for these values).
const (
	radixBits    = 8
	radixBuckets = 1 << radixBits
	radixPasses  = (64 + radixBits - 1) / radixBits
	radixMinLen  = 1 << 12 // below this, comparison sorting is faster
)

// sortKeys sorts keys ascending. When w is not nil it is permuted along with
// keys. The sort is an LSD radix sort on 11-bit digits that skips the
// digits every key shares (the sign and exponent bits of probabilities), so
// it runs in O(n) with at most eight passes (seven for probabilities).
// Eight-bit digits keep the 256 scatter streams of a pass in cache, which
// beat 11- and 16-bit digits on this workload.
func sortKeys(keys []uint64, w []float64) {
	n := len(keys)
	if n < radixMinLen {
		if w == nil {
			slices.Sort(keys)
			return
		}
		p := make([]keyWeight, n)
		for i := range p {
			p[i] = keyWeight{keys[i], w[i]}
		}
		slices.SortFunc(p, func(a, b keyWeight) int {
			switch {
			case a.k < b.k:
				return -1
			case a.k > b.k:
				return 1
			}
			return 0
		})
		for i := range p {
			keys[i], w[i] = p[i].k, p[i].w
		}
		return
	}
	var hist [radixPasses][radixBuckets]int
	for _, k := range keys { // unrolled: four times faster than a loop over p
		hist[0][uint8(k)]++
		hist[1][uint8(k>>8)]++
		hist[2][uint8(k>>16)]++
		hist[3][uint8(k>>24)]++
		hist[4][uint8(k>>32)]++
		hist[5][uint8(k>>40)]++
		hist[6][uint8(k>>48)]++
		hist[7][uint8(k>>56)]++
	}
	src, dst := keys, make([]uint64, n)
	var srcW, dstW []float64
	if w != nil {
		srcW, dstW = w, make([]float64, n)
	}
	for p := 0; p < radixPasses; p++ {
		h := &hist[p]
		if h[(keys[0]>>(p*radixBits))&(radixBuckets-1)] == n {
			continue // every key has the same digit here
		}
		sum := 0
		for b := range h {
			c := h[b]
			h[b] = sum
			sum += c
		}
		shift := uint(p * radixBits)
		if srcW == nil {
			for _, k := range src {
				d := (k >> shift) & (radixBuckets - 1)
				dst[h[d]] = k
				h[d]++
			}
		} else {
			for i, k := range src {
				d := (k >> shift) & (radixBuckets - 1)
				dst[h[d]] = k
				dstW[h[d]] = srcW[i]
				h[d]++
			}
		}
		src, dst = dst, src
		srcW, dstW = dstW, srcW
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
		if w != nil {
			copy(w, srcW)
		}
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
