package survival

import (
	"math"
	"math/rand/v2"
)

// synthCox simulates n subjects with p standard normal covariates, an
// exponential hazard exp(x'β) with β_j = 0.3·(-1)^j / (1 + j/4), administrative
// censoring, and times rounded to whole days (many ties).
func synthCox(n, p int, seed uint64) CoxData {
	rng := rand.New(rand.NewPCG(seed, seed))
	d := CoxData{Time: make([]float64, n), Event: make([]float64, n)}
	for j := range p {
		d.Names = append(d.Names, "x"+string(rune('a'+j%26))+string(rune('0'+j/26)))
		d.X = append(d.X, make([]float64, n))
	}
	for i := range n {
		lp := 0.0
		for j := range p {
			v := rng.NormFloat64()
			d.X[j][i] = v
			b := 0.3 / (1 + float64(j)/4)
			if j%2 == 1 {
				b = -b
			}
			lp += b * v
		}
		t := rng.ExpFloat64() / math.Exp(lp) * 365
		c := rng.Float64() * 730
		if t <= c {
			d.Time[i] = math.Ceil(t)
			d.Event[i] = 1
		} else {
			d.Time[i] = math.Ceil(c)
		}
	}
	return d
}
