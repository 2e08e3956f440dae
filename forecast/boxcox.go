package forecast

import (
	"fmt"
	"math"
)

// BoxCox returns the Box-Cox transform of y, as forecast::BoxCox for
// positive y:
//
//	w = log y	(λ = 0),	w = (y^λ - 1)/λ	(otherwise)
//
// It returns an error naming the first non-positive value (NaN is kept as
// missing).
//
// References:
//
//	Box, G.E.P. and Cox, D.R. (1964). An analysis of transformations.
//	JRSS B 26(2), 211-252.
func BoxCox(dst, y []float64, lambda float64) ([]float64, error) {
	if dst == nil {
		dst = make([]float64, len(y))
	} else if len(dst) != len(y) {
		panic(badDstLength)
	}
	for i, v := range y {
		if math.IsNaN(v) {
			dst[i] = v
			continue
		}
		if !(v > 0) {
			return nil, fmt.Errorf("%w: value %v at index %d", ErrNonPositive, v, i)
		}
		if lambda == 0 {
			dst[i] = math.Log(v)
		} else {
			dst[i] = (math.Pow(v, lambda) - 1) / lambda
		}
	}
	return dst, nil
}

const badDstLength = "forecast: destination length does not match input"

func boxCoxSeries(y []float64, lambda float64) ([]float64, error) {
	return BoxCox(nil, y, lambda)
}

// invBoxCox is forecast::InvBoxCox for one value; with biasAdj the result is
// the mean rather than the median of the back-transformed normal with
// variance fvar:
//
//	y = x̃ (1 + ½ fvar (1-λ) / x̃^{2λ})
func invBoxCox(x, lambda float64, biasAdj bool, fvar float64) float64 {
	var out float64
	if lambda < 0 && x > -1/lambda {
		return math.NaN()
	}
	if lambda == 0 {
		out = math.Exp(x)
	} else {
		xx := x*lambda + 1
		out = math.Copysign(math.Pow(math.Abs(xx), 1/lambda), xx)
	}
	if biasAdj {
		out *= 1 + 0.5*fvar*(1-lambda)/math.Pow(out, 2*lambda)
	}
	return out
}
