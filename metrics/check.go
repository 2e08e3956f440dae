package metrics

import "math"

// checkFinite returns a *ValueError wrapping ErrNaN for the first NaN or
// infinite element of x.
func checkFinite(arg string, x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return valueErr(arg, i, v, ErrNaN)
		}
	}
	return nil
}

// checkLabels requires every element of y to be exactly 0 or 1.
func checkLabels(y []float64) error {
	for i, v := range y {
		if v != 0 && v != 1 {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return valueErr("y", i, v, ErrNaN)
			}
			return valueErr("y", i, v, ErrLabel)
		}
	}
	return nil
}

// checkProb requires every element of p to lie in [0, 1].
func checkProb(arg string, p []float64) error {
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			if math.IsNaN(v) {
				return valueErr(arg, i, v, ErrNaN)
			}
			return valueErr(arg, i, v, ErrRange)
		}
	}
	return nil
}

// checkWeights validates optional sample weights (nil means all ones) and
// returns their sum. Zero weights are allowed; a zero total is not.
func checkWeights(w []float64, n int) (float64, error) {
	if w == nil {
		return float64(n), nil
	}
	if len(w) != n {
		panic(badLength)
	}
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, valueErr("weight", i, v, ErrNaN)
		}
		if v < 0 {
			return 0, valueErr("weight", i, v, ErrNegativeWeight)
		}
	}
	s := pairwiseSum(w)
	if s == 0 {
		return 0, ErrZeroWeight
	}
	return s, nil
}

// checkPair panics when the lengths differ and returns ErrEmpty for no data.
func checkPair(a, b []float64) error {
	if len(a) != len(b) {
		panic(badLength)
	}
	if len(a) == 0 {
		return ErrEmpty
	}
	return nil
}

// weight returns w[i], or 1 when w is nil.
func weight(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}
