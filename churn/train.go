package churn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Fit trains a model on train, using valid (may be nil) for the validation
// loss reported to Progress and for early stopping. Both must have the same
// features in the same order. See the package documentation for the
// algorithm.
//
// Bad data returns an error wrapping ErrLabel (a binary label not 0/1, one
// class only), ErrFeature (an infinite value, a bad categorical code),
// ErrWeight or ErrParam; NaN features are missing values.
//
// References:
//
//	T. Chen, C. Guestrin. XGBoost: A Scalable Tree Boosting System. KDD 2016, eqs. 5-7, Alg. 3.
//	G. Ke et al. LightGBM: A Highly Efficient Gradient Boosting Decision Tree. NeurIPS 2017 (histograms, leaf-wise growth).
func (c Config) Fit(ctx context.Context, train, valid *Data) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	cfg := c.resolved()
	obj, err := objectiveFor(cfg.Objective)
	if err != nil {
		return nil, err
	}
	if train == nil || train.NumRows() == 0 {
		return nil, fmt.Errorf("%w: training data is empty", ErrEmpty)
	}
	if err := train.check("training data"); err != nil {
		return nil, err
	}
	if err := obj.CheckLabels(train.Label); err != nil {
		return nil, fmt.Errorf("training data: %w", err)
	}
	nf, n := len(train.Features), train.NumRows()
	if valid != nil {
		if !slices.Equal(valid.Features, train.Features) {
			return nil, fmt.Errorf("%w: validation features differ from the training features", ErrFeature)
		}
		if err := valid.check("validation data"); err != nil {
			return nil, err
		}
		if valid.NumRows() == 0 {
			return nil, fmt.Errorf("%w: validation data is empty", ErrEmpty)
		}
		for i, y := range valid.Label {
			if math.IsNaN(y) || math.IsInf(y, 0) || (obj.Name() == "binary:logistic" && y != 0 && y != 1) {
				return nil, fmt.Errorf("%w: validation row %d label %v", ErrLabel, i+1, y)
			}
		}
	}
	if cfg.EarlyStoppingRounds > 0 && valid == nil {
		return nil, fmt.Errorf("%w: early_stopping_rounds needs a validation set", ErrParam)
	}
	index := make(map[string]int, nf)
	for j, name := range train.Features {
		index[name] = j
	}
	var cat []bool
	for _, name := range cfg.Categorical {
		j, ok := index[name]
		if !ok {
			return nil, fmt.Errorf("%w: categorical feature %q is not a feature", ErrParam, name)
		}
		if cat == nil {
			cat = make([]bool, nf)
		}
		cat[j] = true
	}
	mono := make([]int8, nf)
	hasMono := false
	for name, d := range cfg.Monotone {
		j, ok := index[name]
		if !ok {
			return nil, fmt.Errorf("%w: monotone constraint on %q, which is not a feature", ErrParam, name)
		}
		mono[j] = int8(d)
		if d != 0 {
			hasMono = true
			if cat != nil && cat[j] {
				return nil, fmt.Errorf("%w: monotone constraint on categorical feature %q", ErrParam, name)
			}
		}
	}

	// Sample weights with scale_pos_weight folded in.
	weight := train.Weight
	if cfg.ScalePosWeight != 1 && obj.Name() == "binary:logistic" {
		weight = make([]float64, n)
		for i, y := range train.Label {
			w := 1.0
			if train.Weight != nil {
				w = train.Weight[i]
			}
			if y == 1 {
				w *= cfg.ScalePosWeight
			}
			weight[i] = w
		}
	}
	if weight != nil {
		var sw float64
		for _, w := range weight {
			sw += w
		}
		if !(sw > 0) {
			return nil, fmt.Errorf("%w: the weights add up to %v", ErrWeight, sw)
		}
	}

	if cat != nil {
		for j := range cat {
			if cat[j] {
				if err := checkCatCodes(train.X, nf, j, train.Features[j], cfg.MaxBin); err != nil {
					return nil, err
				}
			}
		}
	}
	b, err := binData(train.X, nf, cfg.MaxBin, cat, cfg.Workers)
	if err != nil {
		return nil, err
	}
	base := obj.BaseMargin(cfg.BaseScore)
	m := &Model{
		features:    slices.Clone(train.Features),
		categorical: cat,
		objective:   obj.Name(),
		baseScore:   cfg.BaseScore,
		baseMargin:  base,
		config:      cfg,
		source:      "sibyl",
	}
	m.config.Workers = 0
	if m.categorical == nil {
		m.categorical = make([]bool, nf)
	}
	margin := make([]float64, n)
	for i := range margin {
		margin[i] = base
	}
	var vmargin []float64
	if valid != nil {
		vmargin = make([]float64, valid.NumRows())
		for i := range vmargin {
			vmargin[i] = base
		}
	}
	gr := &grower{
		cfg:      cfg,
		b:        b,
		gp:       make([]GradPair, n),
		rows:     make([]uint32, n),
		scratch:  make([]uint32, n),
		features: make([]bool, nf),
		mono:     mono,
		hasMono:  hasMono,
		workers:  cfg.Workers,
	}
	_, rowwise := obj.(interface{ rowwise() })
	bestLoss, bestRound := math.Inf(1), -1
	var leaves []int
	for round := range cfg.Rounds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if rowwise {
			parallelChunks(n, 1<<16, cfg.Workers, func(lo, hi int) {
				var w []float64
				if weight != nil {
					w = weight[lo:hi]
				}
				obj.Gradients(gr.gp[lo:hi], margin[lo:hi], train.Label[lo:hi], w)
			})
		} else {
			obj.Gradients(gr.gp, margin, train.Label, weight)
		}
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(round)))
		nrows := n
		if cfg.Subsample < 1 {
			nrows = 0
			for i := range n {
				if rng.Float64() < cfg.Subsample {
					gr.rows[nrows] = uint32(i)
					nrows++
				}
			}
			if nrows == 0 {
				gr.rows[0] = uint32(rng.IntN(n))
				nrows = 1
			}
		} else {
			for i := range gr.rows {
				gr.rows[i] = uint32(i)
			}
		}
		if cfg.ColsampleBytree < 1 {
			k := max(1, int(float64(nf)*cfg.ColsampleBytree))
			clear(gr.features)
			for _, j := range rng.Perm(nf)[:k] {
				gr.features[j] = true
			}
		} else {
			for j := range gr.features {
				gr.features[j] = true
			}
		}
		gr.grow(nrows)
		t, err := gr.toTree()
		if err != nil {
			return nil, fmt.Errorf("churn: internal error building tree %d: %w", round, err)
		}
		// Update the training margins.
		if nrows == n {
			leaves = leaves[:0]
			for i := range gr.nodes {
				if gr.nodes[i].left < 0 {
					leaves = append(leaves, i)
				}
			}
			parallelChunks(len(leaves), 1, cfg.Workers, func(a, b int) {
				for _, i := range leaves[a:b] {
					nd := &gr.nodes[i]
					v := cfg.Eta * nd.weight
					for _, r := range gr.rows[nd.start:nd.end] {
						margin[r] += v
					}
				}
			})
		} else {
			parallelChunks(n, 4096, cfg.Workers, func(lo, hi int) {
				for r := lo; r < hi; r++ {
					margin[r] += t.leaves[t.leaf(train.X[r*nf:(r+1)*nf])]
				}
			})
		}
		m.trees = append(m.trees, t)
		vloss := math.NaN()
		if valid != nil {
			parallelChunks(len(vmargin), 4096, cfg.Workers, func(lo, hi int) {
				for r := lo; r < hi; r++ {
					vmargin[r] += t.leaves[t.leaf(valid.X[r*nf:(r+1)*nf])]
				}
			})
			vloss = obj.Loss(vmargin, valid.Label, valid.Weight)
			m.evalHistory = append(m.evalHistory, vloss)
			if vloss < bestLoss {
				bestLoss, bestRound = vloss, round
			}
		}
		if cfg.Progress != nil {
			if err := cfg.Progress(Progress{Round: round, Rounds: cfg.Rounds, TrainLoss: math.NaN(), ValidLoss: vloss, BestRound: bestRound}); err != nil {
				return nil, err
			}
		}
		if cfg.EarlyStoppingRounds > 0 && round-bestRound >= cfg.EarlyStoppingRounds {
			break
		}
	}
	m.bestIteration = len(m.trees) - 1
	if cfg.EarlyStoppingRounds > 0 && bestRound >= 0 {
		m.trees = m.trees[:bestRound+1]
		m.bestIteration = bestRound
	}
	m.flat = newFlatForest(m.trees, nf)
	return m, nil
}

func checkCatCodes(x []float64, nf, j int, name string, maxBin int) error {
	for r := 0; r < len(x)/nf; r++ {
		v := x[r*nf+j]
		if v != v {
			continue
		}
		if v < 0 || v != math.Trunc(v) || v >= float64(maxBin-1) {
			return fmt.Errorf("%w: categorical column %q row %d value %v is not an integer code in [0, %d)", ErrFeature, name, r+1, v, maxBin-1)
		}
	}
	return nil
}

func (logistic) rowwise()     {}
func (squaredError) rowwise() {}
