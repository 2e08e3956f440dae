package churn

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// aucOf is the area under the ROC curve (ties counted half).
func aucOf(y, p []float64) float64 {
	idx := make([]int, len(y))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	var npos, nneg, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && p[idx[j]] == p[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2
		for k := i; k < j; k++ {
			if y[idx[k]] == 1 {
				rankSum += avg
			}
		}
		i = j
	}
	for _, v := range y {
		if v == 1 {
			npos++
		} else {
			nneg++
		}
	}
	return (rankSum - npos*(npos+1)/2) / (npos * nneg)
}

func loglossOf(y, p []float64) float64 {
	const eps = 2.220446049250313e-16
	var s float64
	for i := range y {
		q := min(max(p[i], eps), 1-eps)
		if y[i] == 1 {
			s -= math.Log(q)
		} else {
			s -= math.Log(1 - q)
		}
	}
	return s / float64(len(y))
}

func loadMLC(t *testing.T) (train, test *Data) {
	t.Helper()
	h, tr := readCSV(t, "testdata/mlc_churn/train.csv")
	_, te := readCSV(t, "testdata/mlc_churn/test.csv")
	x, y, nf := splitXY(tr)
	train = &Data{X: x, Label: y, Features: slices.Clone(h[:nf])}
	x, y, _ = splitXY(te)
	test = &Data{X: x, Label: y, Features: slices.Clone(h[:nf])}
	return train, test
}

// XGBoost 1.7.4 hist on mlc_churn (testdata/mlc_churn/expected.json).
const (
	xgbMLCAUC     = 0.9184603571693953
	xgbMLCLogLoss = 0.16292422766349085
)

func mlcConfig() Config {
	return Config{Rounds: 200, MaxDepth: 6, Eta: 0.1, MaxBin: 256, Workers: 2}
}

func TestFitMLCChurn(t *testing.T) {
	train, test := loadMLC(t)
	if testing.Short() {
		// -race -short: a 40-round smoke run (the agreement below, with
		// XGBoost's 200 rounds, runs in the normal test suite).
		cfg := mlcConfig()
		cfg.Rounds = 40
		m, err := cfg.Fit(context.Background(), train, nil)
		require.NoError(t, err, "Fit(mlc_churn, 40 rounds)")
		require.Greater(t, aucOf(test.Label, m.PredictDense(nil, test.X)), 0.88, "Fit(mlc_churn, 40 rounds) test AUC")
		return
	}
	m, err := mlcConfig().Fit(context.Background(), train, nil)
	require.NoError(t, err, "Fit(mlc_churn)")
	p := m.PredictDense(nil, test.X)
	auc, ll := aucOf(test.Label, p), loglossOf(test.Label, p)
	t.Logf("mlc_churn test AUC %.5f (xgboost %.5f), logloss %.5f (xgboost %.5f)", auc, xgbMLCAUC, ll, xgbMLCLogLoss)
	t.Run("auc", func(t *testing.T) {
		require.GreaterOrEqualf(t, auc, xgbMLCAUC-0.002, "Fit(mlc_churn) test AUC")
	})
	t.Run("logloss", func(t *testing.T) {
		require.LessOrEqualf(t, ll, xgbMLCLogLoss+0.005, "Fit(mlc_churn) test logloss")
	})
}

func TestFitDeterministicAcrossWorkers(t *testing.T) {
	d := synthChurn(40_000, 12, 3) // > histChunk rows, so partial histograms are reduced
	var ref []float64
	workers := []int{1, 2, 3, 8}
	if testing.Short() {
		workers = []int{1, 3}
	}
	for _, w := range workers {
		t.Run("workers", func(t *testing.T) {
			cfg := Config{Rounds: 5, Eta: 0.3, Subsample: 0.8, ColsampleBytree: 0.7, Seed: 7, Workers: w}
			m, err := cfg.Fit(context.Background(), d, nil)
			require.NoErrorf(t, err, "Fit(workers=%d)", w)
			p := m.MarginDense(nil, d.X[:200*12])
			if ref == nil {
				ref = p
				return
			}
			require.Equalf(t, ref, p, "Fit(workers=%d) margins differ from workers=1", w)
		})
	}
}

func TestFitOptions(t *testing.T) {
	d := synthChurn(5000, 12, 5)
	v := synthChurn(2000, 12, 6)
	ctx := context.Background()
	t.Run("lossguide", func(t *testing.T) {
		m, err := Config{Rounds: 20, GrowPolicy: "lossguide", MaxLeaves: 8, MaxDepth: -1}.Fit(ctx, d, nil)
		require.NoError(t, err, "Fit(lossguide)")
		for i := range m.trees {
			require.LessOrEqualf(t, m.trees[i].numLeaves(), 8, "Fit(lossguide, max_leaves=8) tree %d leaves", i)
		}
		auc := aucOf(v.Label, m.PredictDense(nil, v.X))
		require.Greaterf(t, auc, 0.7, "Fit(lossguide) validation AUC")
	})
	t.Run("depth", func(t *testing.T) {
		m, err := Config{Rounds: 5, MaxDepth: 3}.Fit(ctx, d, nil)
		require.NoError(t, err, "Fit(max_depth=3)")
		for i := range m.trees {
			require.LessOrEqualf(t, m.trees[i].depth(), 3, "Fit(max_depth=3) tree %d depth", i)
		}
	})
	t.Run("early stopping", func(t *testing.T) {
		var calls int
		cfg := Config{Rounds: 500, Eta: 0.5, EarlyStoppingRounds: 5, Progress: func(p Progress) error {
			calls++
			require.Falsef(t, math.IsNaN(p.ValidLoss), "Progress round %d ValidLoss", p.Round)
			return nil
		}}
		m, err := cfg.Fit(ctx, d, v)
		require.NoError(t, err, "Fit(early stopping)")
		require.Less(t, calls, 500, "Fit(early stopping) should stop early")
		require.Equal(t, m.BestIteration()+1, m.NumTrees(), "Fit(early stopping) keeps the trees up to the best round")
		h := m.EvalHistory()
		require.Equal(t, slices.Min(h), h[m.BestIteration()], "best iteration has the least validation loss")
	})
	t.Run("progress error", func(t *testing.T) {
		stop := errors.New("stop")
		_, err := Config{Rounds: 10, Progress: func(Progress) error { return stop }}.Fit(ctx, d, nil)
		require.ErrorIs(t, err, stop, "Fit with a Progress error")
	})
	t.Run("weights", func(t *testing.T) {
		// Weight 2 on every row is the same as duplicating rows: same splits;
		// the leaf values agree to rounding.
		w := make([]float64, d.NumRows())
		for i := range w {
			w[i] = 2
		}
		dw := *d
		dw.Weight = w
		dd := &Data{Features: d.Features, X: append(slices.Clone(d.X), d.X...), Label: append(slices.Clone(d.Label), d.Label...)}
		cfg := Config{Rounds: 1} // later rounds meet near-ties (gains equal to 1e-11) that rounding may flip
		m1, err := cfg.Fit(ctx, &dw, nil)
		require.NoError(t, err)
		m2, err := cfg.Fit(ctx, dd, nil)
		require.NoError(t, err)
		// Compared on the training rows: near-tied splits on different features
		// may flip with rounding but partition these rows alike.
		p1, p2 := m1.MarginDense(nil, d.X), m2.MarginDense(nil, d.X)
		for i := range p1 {
			require.InDeltaf(t, p2[i], p1[i], 1e-9, "weights 2 vs duplicated rows, row %d", i)
		}
	})
	t.Run("scale_pos_weight", func(t *testing.T) {
		m1, err := Config{Rounds: 5}.Fit(ctx, d, nil)
		require.NoError(t, err)
		m2, err := Config{Rounds: 5, ScalePosWeight: 4}.Fit(ctx, d, nil)
		require.NoError(t, err)
		mean := func(p []float64) float64 {
			var s float64
			for _, x := range p {
				s += x
			}
			return s / float64(len(p))
		}
		require.Greater(t, mean(m2.PredictDense(nil, v.X)), mean(m1.PredictDense(nil, v.X))+0.05, "scale_pos_weight=4 raises predictions")
	})
	t.Run("monotone", func(t *testing.T) {
		m, err := Config{Rounds: 30, Monotone: map[string]int{"f1": -1, "f0": 1}}.Fit(ctx, d, nil)
		require.NoError(t, err, "Fit(monotone)")
		row := slices.Clone(v.X[:12])
		for r := range 50 {
			copy(row, v.X[r*12:(r+1)*12])
			prev := math.Inf(-1)
			prev1 := math.Inf(1)
			for k := -30; k <= 30; k++ {
				row[0] = float64(k) / 10
				p := m.MarginRow(row)
				require.GreaterOrEqualf(t, p, prev-1e-12, "monotone +1 on f0, row %d at %v", r, row[0])
				prev = p
			}
			copy(row, v.X[r*12:(r+1)*12])
			for k := -30; k <= 30; k++ {
				row[1] = float64(k) / 10
				p := m.MarginRow(row)
				require.LessOrEqualf(t, p, prev1+1e-12, "monotone -1 on f1, row %d at %v", r, row[1])
				prev1 = p
			}
		}
	})
	t.Run("categorical", func(t *testing.T) {
		// y depends on a category's membership in {1, 4, 6}: one native split
		// separates it, which needs several one-hot style splits otherwise.
		rng := rand.New(rand.NewPCG(1, 2))
		n := 3000
		x := make([]float64, n*2)
		y := make([]float64, n)
		for i := range n {
			c := rng.IntN(8)
			x[2*i] = float64(c)
			x[2*i+1] = rng.NormFloat64()
			if i%50 == 0 {
				x[2*i] = math.NaN()
			}
			p := 0.1
			if c == 1 || c == 4 || c == 6 {
				p = 0.9
			}
			if rng.Float64() < p {
				y[i] = 1
			}
		}
		cd := &Data{X: x, Label: y, Features: []string{"plan", "noise"}}
		m, err := Config{Rounds: 1, MaxDepth: 1, Eta: 1, Categorical: []string{"plan"}}.Fit(ctx, cd, nil)
		require.NoError(t, err, "Fit(categorical)")
		tr := &m.trees[0]
		require.Len(t, tr.leaves, 2, "one split")
		require.NotZero(t, tr.nodes[0].Flags&flagCategorical, "the split is categorical")
		for c := range 8 {
			in := c == 1 || c == 4 || c == 6
			require.Equalf(t, in, m.PredictRow([]float64{float64(c), 0}) > 0.5, "category %d", c)
		}
		_, err = Config{Categorical: []string{"noise"}}.Fit(ctx, cd, nil)
		require.ErrorIs(t, err, ErrFeature, "Fit(categorical on a non-integer feature)")
	})
	t.Run("regression", func(t *testing.T) {
		rd := &Data{X: d.X, Features: d.Features, Label: make([]float64, d.NumRows())}
		for i := range rd.Label {
			rd.Label[i] = 3*d.X[i*12] + d.X[i*12+1]*d.X[i*12+1]
			if math.IsNaN(rd.Label[i]) {
				rd.Label[i] = 0
			}
		}
		m, err := Config{Objective: "reg:squarederror", Rounds: 50}.Fit(ctx, rd, nil)
		require.NoError(t, err, "Fit(reg:squarederror)")
		var sse, sst, mean float64
		for _, y := range rd.Label {
			mean += y / float64(len(rd.Label))
		}
		p := m.PredictDense(nil, rd.X)
		for i, y := range rd.Label {
			sse += (p[i] - y) * (p[i] - y)
			sst += (y - mean) * (y - mean)
		}
		require.Greater(t, 1-sse/sst, 0.95, "Fit(reg:squarederror) training R²")
	})
}

func TestFitBadInput(t *testing.T) {
	ctx := context.Background()
	d := synthChurn(200, 10, 1)
	mk := func(edit func(*Data)) *Data {
		c := &Data{X: slices.Clone(d.X), Label: slices.Clone(d.Label), Features: d.Features}
		edit(c)
		return c
	}
	cases := []struct {
		name  string
		cfg   Config
		data  *Data
		valid *Data
		want  error
	}{
		{"label 2", Config{}, mk(func(c *Data) { c.Label[3] = 2 }), nil, ErrLabel},
		{"label NaN", Config{}, mk(func(c *Data) { c.Label[3] = math.NaN() }), nil, ErrLabel},
		{"one class", Config{}, mk(func(c *Data) { clear(c.Label) }), nil, ErrLabel},
		{"inf feature", Config{}, mk(func(c *Data) { c.X[17] = math.Inf(1) }), nil, ErrFeature},
		{"short X", Config{}, mk(func(c *Data) { c.X = c.X[:5] }), nil, ErrFeature},
		{"negative weight", Config{}, mk(func(c *Data) { c.Weight = make([]float64, 200); c.Weight[0] = -1 }), nil, ErrWeight},
		{"zero weights", Config{}, mk(func(c *Data) { c.Weight = make([]float64, 200) }), nil, ErrWeight},
		{"empty", Config{}, &Data{Features: d.Features}, nil, ErrEmpty},
		{"nil", Config{}, nil, nil, ErrEmpty},
		{"eta", Config{Eta: -1}, d, nil, ErrParam},
		{"max_bin", Config{MaxBin: 1000}, d, nil, ErrParam},
		{"subsample", Config{Subsample: 2}, d, nil, ErrParam},
		{"objective", Config{Objective: "multi:softmax"}, d, nil, ErrParam},
		{"early stopping without valid", Config{EarlyStoppingRounds: 3}, d, nil, ErrParam},
		{"unknown categorical", Config{Categorical: []string{"nope"}}, d, nil, ErrParam},
		{"unknown monotone", Config{Monotone: map[string]int{"nope": 1}}, d, nil, ErrParam},
		{"valid label", Config{}, d, mk(func(c *Data) { c.Label[0] = 5 }), ErrLabel},
		{"valid features", Config{}, d, &Data{X: d.X[:10], Label: d.Label[:1], Features: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}}, ErrFeature},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := tc.cfg.Fit(ctx, tc.data, tc.valid)
			require.Nilf(t, m, "Fit(%s) model", tc.name)
			require.ErrorIsf(t, err, tc.want, "Fit(%s)", tc.name)
		})
	}
	t.Run("all missing feature", func(t *testing.T) {
		c := mk(func(c *Data) {
			for r := range 200 {
				c.X[r*10+2] = math.NaN()
			}
		})
		m, err := Config{Rounds: 3}.Fit(ctx, c, nil)
		require.NoError(t, err, "Fit(feature all NaN)")
		require.False(t, math.IsNaN(m.PredictRow(c.X[:10])), "PredictRow after Fit(feature all NaN)")
	})
	t.Run("cancel", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := Config{}.Fit(cctx, d, nil)
		require.ErrorIs(t, err, context.Canceled, "Fit(cancelled ctx)")
	})
}
