package hpo

import (
	"math"
	"math/rand/v2"
)

// haltonPrimes are the bases of the first Halton dimensions; dimensions
// beyond them fall back to uniform draws.
var haltonPrimes = []int{
	2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
	73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151,
	157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229,
}

// HaltonPoint returns coordinate dim of point index of the scrambled Halton
// sequence: the radical inverse of index in base b = dim-th prime, each
// digit position j passed through a random permutation π_{dim,j} of
// {0…b−1} drawn from seed (random digit scrambling):
//
//	index = Σ_j a_j b^j  ⇒  u = Σ_j π_{dim,j}(a_j) b^−(j+1)
//
// u is uniform on [0, 1) over seeds, and the first n points of a dimension
// are stratified (each interval [k/b^m, (k+1)/b^m) receives its share).
//
// References:
//
//	Halton (1960). On the efficiency of certain quasi-random sequences of
//	points in evaluating multi-dimensional integrals. Numer. Math. 2, 84–90.
//	Owen (2017). A randomized Halton algorithm in R. arXiv:1706.02808.
func HaltonPoint(seed uint64, index, dim int) float64 {
	if dim < 0 || dim >= len(haltonPrimes) || index < 0 {
		return Stream(seed, index, "\x00halton"+string(rune(dim))).Float64()
	}
	b := haltonPrimes[dim]
	digits := int(math.Ceil(53*math.Ln2/math.Log(float64(b)))) + 1
	u, scale := 0.0, 1.0/float64(b)
	n := index
	for j := range digits {
		a := n % b
		n /= b
		perm := rand.New(rand.NewPCG(seed^0x6a09e667f3bcc909, uint64(dim)<<32|uint64(j)))
		// π(a): the a-th element of a random permutation, without building it
		// for large bases (Fisher–Yates up to position a).
		u += float64(permuteDigit(perm, b, a)) * scale
		scale /= float64(b)
		if scale < 0x1p-60 {
			break
		}
	}
	return min(u, 1-0x1p-53)
}

// permuteDigit returns π(a) for a random permutation π of {0…b−1}.
func permuteDigit(rng *rand.Rand, b, a int) int {
	if b <= 64 {
		var p [64]int
		for i := range b {
			p[i] = i
		}
		for i := b - 1; i > 0; i-- {
			j := rng.IntN(i + 1)
			p[i], p[j] = p[j], p[i]
		}
		return p[a]
	}
	p := make([]int, b)
	for i := range p {
		p[i] = i
	}
	for i := b - 1; i > 0; i-- {
		j := rng.IntN(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p[a]
}

// halton draws a value of p at Halton point index, coordinate dim.
func halton(seed uint64, index, dim int, p Param) float64 {
	if p.single() {
		if p.Type == CategoricalParam {
			return 0
		}
		return p.Low
	}
	lo, hi := p.bounds()
	return fromUnit(p, lo, hi, HaltonPoint(seed, index, dim))
}
