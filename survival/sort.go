package survival

import "math"

// floatKey maps a float64 to a uint64 whose unsigned order is the numeric
// order of the floats (NaN excluded by the callers).
func floatKey(x float64) uint64 {
	b := math.Float64bits(x)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// sortOrder returns the permutation that sorts keys ascending, stably (an LSD
// radix sort, 16 bits per pass, skipping passes whose digit is constant).
// keys is not modified.
func sortOrder(keys []uint64) []int32 {
	n := len(keys)
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	if n < 2 {
		return idx
	}
	tmp := make([]int32, n)
	k := make([]uint64, n)
	copy(k, keys)
	kt := make([]uint64, n)
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, v := range k {
			count[(v>>shift)&0xffff]++
		}
		if count[(k[0]>>shift)&0xffff] == n {
			continue
		}
		sum := 0
		for i := range count {
			c := count[i]
			count[i] = sum
			sum += c
		}
		for i, v := range k {
			d := (v >> shift) & 0xffff
			p := count[d]
			count[d]++
			kt[p] = v
			tmp[p] = idx[i]
		}
		k, kt = kt, k
		idx, tmp = tmp, idx
	}
	return idx
}
