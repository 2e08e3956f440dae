package metrics

// pairwiseSum adds x the way NumPy's add.reduce does (pairwise summation
// with eight accumulators in blocks of up to 128), so means and sums agree
// with scikit-learn's to the last bit in most cases and the rounding error
// grows as O(log n) rather than O(n).
func pairwiseSum(x []float64) float64 {
	n := len(x)
	switch {
	case n < 8:
		s := 0.0 // NumPy starts from -0.0; the difference is invisible after any addition
		for _, v := range x {
			s += v
		}
		return s
	case n <= 128:
		var r [8]float64
		copy(r[:], x[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			r[0] += x[i]
			r[1] += x[i+1]
			r[2] += x[i+2]
			r[3] += x[i+3]
			r[4] += x[i+4]
			r[5] += x[i+5]
			r[6] += x[i+6]
			r[7] += x[i+7]
		}
		s := (float64(r[0]+r[1]) + float64(r[2]+r[3])) + (float64(r[4]+r[5]) + float64(r[6]+r[7]))
		for ; i < n; i++ {
			s += x[i]
		}
		return s
	default:
		n2 := n / 2
		n2 -= n2 % 8
		return pairwiseSum(x[:n2]) + pairwiseSum(x[n2:])
	}
}

// mean is pairwiseSum(x)/len(x), NumPy's mean.
func mean(x []float64) float64 { return pairwiseSum(x) / float64(len(x)) }

// average is NumPy's average(a, weights=w): sum(a*w)/sum(w), or the mean
// when w is nil. The products are formed in scratch (len(a)).
func average(a, w, scratch []float64) float64 {
	if w == nil {
		return mean(a)
	}
	for i := range a {
		scratch[i] = a[i] * w[i]
	}
	return pairwiseSum(scratch) / pairwiseSum(w)
}
