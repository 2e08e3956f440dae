package journey

import (
	"context"
	"runtime"
	"sync"
)

// removalDense sets every removal effect from one factorisation of I − Q.
// With N = (I − Q)⁻¹, b = N r, and R the states of channel c (their rows
// zeroed, so the removed chain is the principal block T = not R), the
// block inverse A_TT⁻¹ = N_TT − N_TR N_RR⁻¹ N_RT gives
//
//	b_c,T = b_T − N_TR N_RR⁻¹ b_R
//	RE(c) = (P − b_c[(start)]) / P = N[(start), R] N_RR⁻¹ b_R / P
//
// so the cost is one inverse, O(n³), plus a |R|×|R| solve per channel,
// instead of one O(n³) factorisation per channel.
//
// References:
//
//	Golub, G. H., Van Loan, C. F. (2013). Matrix Computations, 4th ed.,
//	§3.2 (LU) and §2.1.4 (block inverse, Schur complement).
func (ch *Chain) removalDense(q *absorbing, sets [][]int32) error {
	n := q.n
	f := q.factor(nil)
	inv := make([]float64, n*n) // inv[j*n+i] = N[i][j]: column j of N
	for j := 0; j < n; j++ {
		col := inv[j*n : (j+1)*n]
		col[j] = 1
		f.solve(col)
	}
	for c, set := range sets {
		m := len(set)
		if m == 0 {
			continue
		}
		a := make([]float64, m*m)
		z := make([]float64, m)
		for i, si := range set {
			for j, sj := range set {
				a[i*m+j] = inv[int(sj)*n+int(si)]
			}
			z[i] = ch.conv[si]
		}
		luFactor(a, m).solve(z)
		var d float64
		for i, si := range set {
			d += inv[int(si)*n] * z[i]
		}
		ch.removal[c] = d / ch.pConv
	}
	return nil
}

// removalIterative solves the removed chain of every channel by
// Gauss-Seidel sweeps, starting from b with the removed states zeroed, the
// channels shared out over GOMAXPROCS workers (each channel's answer is
// computed by one worker alone, so it does not depend on their number).
func (ch *Chain) removalIterative(ctx context.Context, q *absorbing, r []float64, sets [][]int32) error {
	q.sparse()
	workers := min(runtime.GOMAXPROCS(0), len(sets))
	errs := make([]error, len(sets))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := make([]float64, q.n)
			removed := make([]bool, q.n)
			ws := map[int32]*blockSolver{}
			for {
				mu.Lock()
				c := next
				next++
				mu.Unlock()
				if c >= len(sets) {
					return
				}
				set := sets[c]
				if len(set) == 0 {
					continue
				}
				copy(x, ch.conv)
				for _, s := range set {
					removed[s] = true
					x[s] = 0
				}
				if err := q.gaussSeidel(ctx, removed, r, x, ws); err != nil {
					errs[c] = err
				} else {
					ch.removal[c] = 1 - x[0]/ch.pConv
				}
				for _, s := range set {
					removed[s] = false
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
