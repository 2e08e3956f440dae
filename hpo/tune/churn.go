package tune

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/hpo"
)

// Churn tunes the churn trainer (gradient-boosted trees) by stratified
// K-fold cross-validation with early stopping wired to the pruner. Each trial
// suggests
//
//	eta ∈ [0.01, 0.3] log, max_depth ∈ {2…8}, lambda ∈ [1e-3, 10] log,
//	min_child_weight ∈ [0.1, 20] log, subsample ∈ [0.5, 1],
//	colsample_bytree ∈ [0.5, 1]
//
// and trains fold by fold for up to MaxRounds rounds with early stopping on
// the held-out fold; the validation loss of round r of fold k is reported as
// step k·MaxRounds + r, so a pruner compares trials at the same fold and
// round and can stop a poor trial mid-training. The objective (minimised) is
// the mean over the folds of the best validation loss (log loss for
// binary:logistic).
type Churn struct {
	Base          churn.Config `json:"base"`           // other settings (Seed, Objective, …)
	Folds         int          `json:"folds"`          // zero means 3
	MaxRounds     int          `json:"max_rounds"`     // zero means 200
	EarlyStopping int          `json:"early_stopping"` // rounds without improvement; zero means 20
	Seed          uint64       `json:"seed"`           // fold assignment
}

var errStop = errors.New("tune: pruned")

// Objective returns the cross-validation objective on d (minimise it).
func (c Churn) Objective(d *churn.Data) (hpo.Objective, error) {
	if c.Folds == 0 {
		c.Folds = 3
	}
	if c.MaxRounds == 0 {
		c.MaxRounds = 200
	}
	if c.EarlyStopping == 0 {
		c.EarlyStopping = 20
	}
	if d == nil || d.NumRows() < 2*c.Folds || len(d.Features) == 0 || len(d.X) != d.NumRows()*len(d.Features) {
		return nil, fmt.Errorf("%w: churn data too small or malformed for %d folds", ErrData, c.Folds)
	}
	// Stratified: each label's rows, shuffled, dealt round-robin to folds.
	n := d.NumRows()
	fold := make([]int, n)
	rng := rand.New(rand.NewPCG(c.Seed, 0xc4))
	byLabel := map[float64][]int{}
	var labels []float64
	for i, y := range d.Label {
		if _, ok := byLabel[y]; !ok {
			labels = append(labels, y)
		}
		byLabel[y] = append(byLabel[y], i)
	}
	slices.Sort(labels)
	k := 0
	for _, y := range labels {
		rows := byLabel[y]
		rng.Shuffle(len(rows), func(a, b int) { rows[a], rows[b] = rows[b], rows[a] })
		for _, i := range rows {
			fold[i] = k % c.Folds
			k++
		}
	}
	return func(ctx context.Context, t *hpo.Trial) (float64, error) {
		cfg := c.Base
		var err error
		get := func(f func() (float64, error)) float64 {
			if err != nil {
				return 0
			}
			var v float64
			v, err = f()
			return v
		}
		cfg.Eta = get(func() (float64, error) { return t.FloatLog("eta", 0.01, 0.3) })
		cfg.MaxDepth = int(get(func() (float64, error) { v, e := t.Int("max_depth", 2, 8); return float64(v), e }))
		cfg.Lambda = get(func() (float64, error) { return t.FloatLog("lambda", 1e-3, 10) })
		cfg.MinChildWeight = get(func() (float64, error) { return t.FloatLog("min_child_weight", 0.1, 20) })
		cfg.Subsample = get(func() (float64, error) { return t.Float("subsample", 0.5, 1) })
		cfg.ColsampleBytree = get(func() (float64, error) { return t.Float("colsample_bytree", 0.5, 1) })
		if err != nil {
			return math.NaN(), err
		}
		cfg.Rounds, cfg.EarlyStoppingRounds = c.MaxRounds, c.EarlyStopping
		sum := 0.0
		for k := range c.Folds {
			train, valid := churnSplit(d, fold, k)
			best := math.Inf(1)
			cfg.Progress = func(p churn.Progress) error {
				if !math.IsNaN(p.ValidLoss) {
					best = math.Min(best, p.ValidLoss)
					t.Report(k*c.MaxRounds+p.Round, p.ValidLoss)
					if t.ShouldPrune() {
						return errStop
					}
				}
				return nil
			}
			if _, err := cfg.Fit(ctx, train, valid); err != nil {
				if errors.Is(err, errStop) {
					return best, hpo.ErrPruned
				}
				return math.NaN(), fmt.Errorf("fold %d: %w", k, err)
			}
			sum += best
		}
		return sum / float64(c.Folds), nil
	}, nil
}

// churnSplit returns the rows outside and inside fold k.
func churnSplit(d *churn.Data, fold []int, k int) (train, valid *churn.Data) {
	nf := len(d.Features)
	pick := func(in bool) *churn.Data {
		o := &churn.Data{Features: d.Features}
		for i, f := range fold {
			if (f == k) != in {
				continue
			}
			o.X = append(o.X, d.X[i*nf:(i+1)*nf]...)
			o.Label = append(o.Label, d.Label[i])
			if d.Weight != nil {
				o.Weight = append(o.Weight, d.Weight[i])
			}
		}
		return o
	}
	return pick(false), pick(true)
}
