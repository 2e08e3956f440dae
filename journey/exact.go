package journey

import "math/big"

// exactMax is the largest number of transient states solved in exact
// rational arithmetic (the numbers grow quickly: 31 states of a 30-channel
// chain already take seconds).
const exactMax = 16

// ExactConversionProbability returns P as an exact fraction. Up to 16
// transient states it is computed by Gauss-Jordan elimination over the
// rationals on the counts (probabilities count/total); above that it is
// n_conversions / n_paths, which P equals exactly for a maximum-likelihood
// chain fitted on whole absorbed paths (flow conservation). The bool is
// false when neither applies (no paths).
func (ch *Chain) ExactConversionProbability() (*big.Rat, bool) {
	if len(ch.ctx) > exactMax {
		if ch.nPaths == 0 {
			return nil, false
		}
		return big.NewRat(int64(ch.nConv), int64(ch.nPaths)), true
	}
	return ch.exactSolve(-1), true
}

// ExactRemovalEffects returns RE(c) per channel as exact fractions, by
// rational elimination, and false when the chain has more than 16
// transient states.
func (ch *Chain) ExactRemovalEffects() ([]*big.Rat, bool) {
	if len(ch.ctx) > exactMax {
		return nil, false
	}
	p := ch.exactSolve(-1)
	out := make([]*big.Rat, len(ch.channels))
	for c := range ch.channels {
		out[c] = new(big.Rat)
		if p.Sign() == 0 {
			continue
		}
		pc := ch.exactSolve(int32(c + 1))
		out[c].Sub(big.NewRat(1, 1), pc.Quo(pc, p))
	}
	return out, true
}

// exactSolve solves (I − Q) b = r in rationals with the states whose
// current element is removeSym sent to (null) (removeSym < 0: none) and
// returns b[(start)].
func (ch *Chain) exactSolve(removeSym int32) *big.Rat {
	n := len(ch.ctx)
	convSym := int32(len(ch.channels) + 1)
	a := make([][]*big.Rat, n)
	for s := 0; s < n; s++ {
		row := make([]*big.Rat, n+1)
		for j := range row {
			row[j] = new(big.Rat)
		}
		row[s].SetInt64(1)
		cx := ch.ctx[s]
		if removeSym < 0 || cx[len(cx)-1] != removeSym {
			tot := ch.total[s]
			for e := ch.off[s]; e < ch.off[s+1]; e++ {
				p := big.NewRat(ch.count[e], tot)
				if t := ch.target[e]; t >= 0 {
					row[t].Sub(row[t], p)
				} else if ch.next[e] == convSym {
					row[n].Add(row[n], p)
				}
			}
		}
		a[s] = row
	}
	tmp := new(big.Rat)
	for k := 0; k < n; k++ {
		p := k
		for p < n && a[p][k].Sign() == 0 {
			p++
		}
		if p == n {
			continue
		}
		a[k], a[p] = a[p], a[k]
		inv := new(big.Rat).Inv(a[k][k])
		for j := k; j <= n; j++ {
			a[k][j].Mul(a[k][j], inv)
		}
		for i := 0; i < n; i++ {
			if i == k || a[i][k].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(a[i][k])
			for j := k; j <= n; j++ {
				if a[k][j].Sign() == 0 {
					continue
				}
				tmp.Mul(f, a[k][j])
				a[i][j].Sub(a[i][j], tmp)
			}
		}
	}
	return new(big.Rat).Set(a[0][n])
}
