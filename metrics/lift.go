package metrics

import "math"

// Lift is the result of targeting the top-scored fraction of a population.
type Lift struct {
	Fraction float64 // fraction of the total weight targeted
	Gain     float64 // fraction of all positives captured (cumulative gain)
	Lift     float64 // Gain / Fraction: how many times better than random
	Rate     float64 // positive rate among the targeted rows (precision)
}

// LiftAt orders rows by score, highest first, targets the top fraction
// (0 < fraction <= 1) of the total weight and reports the cumulative gain
// and lift:
//
//	Gain(f) = W_P(top f) / W_P,   Lift(f) = Gain(f) / f
//
// Rows tied at the cut are taken in proportion, the expected result of
// breaking the tie at random, so the answer does not depend on row order.
// Weights w may be nil (all ones). It returns ErrOneClass without positives.
//
// References:
//
//	Ling CX, Li C (1998). Data mining for direct marketing: problems and
//	solutions. Proc. KDD, 73-79.
func LiftAt(y, score, w []float64, fraction float64) (Lift, error) {
	if !(fraction > 0 && fraction <= 1) {
		return Lift{}, valueErr("fraction", 0, fraction, ErrRange)
	}
	r, err := newRanking(y, score, w)
	if err != nil {
		return Lift{}, err
	}
	return r.liftAt(fraction)
}

func (r *ranking) liftAt(fraction float64) (Lift, error) {
	if !(fraction > 0 && fraction <= 1) {
		return Lift{}, valueErr("fraction", 0, fraction, ErrRange)
	}
	if r.wPos == 0 {
		return Lift{}, ErrOneClass
	}
	total := r.wPos + r.wNeg
	target := fraction * total
	var taken, tp float64
	d := r.descending()
	for taken < target {
		_, wp, wn, ok := d.next()
		if !ok {
			break
		}
		g := wp + wn
		if taken+g <= target {
			taken += g
			tp += wp
			continue
		}
		share := (target - taken) / g
		taken = target
		tp += share * wp
	}
	l := Lift{Fraction: fraction, Gain: tp / r.wPos}
	l.Lift = l.Gain / fraction
	l.Rate = tp / taken
	if math.IsNaN(l.Rate) {
		l.Rate = 0
	}
	return l, nil
}
