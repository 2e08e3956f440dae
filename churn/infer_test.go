package churn

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// generalMargin is the margin by the general walk, one tree at a time in
// tree order: the definition the compact layout must reproduce bit for bit.
func generalMargin(m *Model, x []float64) float64 {
	if m.float32Sum {
		s := float32(m.baseMargin)
		for k := range m.trees {
			t := &m.trees[k]
			s += float32(t.leaves[t.leaf(x)])
		}
		return float64(s)
	}
	s := m.baseMargin
	for k := range m.trees {
		t := &m.trees[k]
		s += t.leaves[t.leaf(x)]
	}
	return s
}

// trickyRows draws rows that probe every split's edge: missing values,
// thresholds exactly, their float32 neighbours, float64 values that round
// onto a threshold in float32, ±Inf, values beyond float32's range, small
// category codes and ordinary values.
func trickyRows(m *Model, n int, seed uint64) []float64 {
	nf := m.NumFeatures()
	thr := make([][]float32, nf)
	for k := range m.trees {
		t := &m.trees[k]
		for i, nd := range t.nodes {
			if !t.isLeaf(i) && nd.Flags&flagCategorical == 0 {
				thr[nd.Feature] = append(thr[nd.Feature], nd.Threshold)
			}
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	x := make([]float64, n*nf)
	for i := range x {
		j := i % nf
		var th float64
		if len(thr[j]) > 0 {
			th = float64(thr[j][rng.IntN(len(thr[j]))])
		}
		switch c := rng.IntN(12); {
		case c == 0:
			x[i] = math.NaN()
		case c == 1:
			x[i] = th
		case c == 2:
			x[i] = float64(math.Nextafter32(float32(th), float32(math.Inf(1))))
		case c == 3:
			x[i] = float64(math.Nextafter32(float32(th), float32(math.Inf(-1))))
		case c == 4:
			x[i] = math.Nextafter(th, math.Inf(1)) // rounds to th in float32
		case c == 5:
			x[i] = math.Nextafter(th, math.Inf(-1))
		case c == 6:
			x[i] = []float64{math.Inf(1), math.Inf(-1), 1e39, -1e39, 0, math.Copysign(0, -1)}[rng.IntN(6)]
		case c == 7:
			x[i] = float64(rng.IntN(12)) // category codes, some unseen
		default:
			x[i] = th + rng.NormFloat64()
		}
	}
	return x
}

func fitFor(t *testing.T, cfg Config, d *Data) *Model {
	t.Helper()
	m, err := cfg.Fit(context.Background(), d, nil)
	require.NoErrorf(t, err, "Fit(%+v)", cfg)
	return m
}

// TestFlatForest checks that MarginRow and PredictRow on the compact layout
// give exactly the general walk's margins (and the previous lockstep walk's)
// on depth-wise, leaf-wise, regression, categorical, mixed and imported
// XGBoost models, for rows full of missing values and split edges.
func TestFlatForest(t *testing.T) {
	n := 3000
	rows := 2000
	if testing.Short() {
		n, rows = 1000, 300
	}
	d := synthChurn(n, 12, 7)
	cat := &Data{X: append([]float64(nil), d.X...), Label: d.Label, Features: d.Features}
	for r := range cat.NumRows() {
		if r%17 != 0 {
			cat.X[r*12+5] = float64((r * 7) % 9)
		} else {
			cat.X[r*12+5] = math.NaN()
		}
	}
	yreg := make([]float64, d.NumRows())
	for r := range yreg {
		yreg[r] = 3*d.X[r*12] - d.X[r*12+1]*d.X[r*12+2]
	}
	wide := synthChurn(400, 300, 8)
	numeric := fitFor(t, Config{Rounds: 13, MaxDepth: 4}, d)
	categorical := fitFor(t, Config{Rounds: 9, MaxDepth: 3, Categorical: []string{"f5"}}, cat)
	mixed := *numeric
	mixed.trees = append(append(append([]tree(nil), numeric.trees[:8]...), categorical.trees...), numeric.trees...)
	mixed.flat = newFlatForest(mixed.trees, mixed.NumFeatures())
	// Thresholds of NaN or ±Inf (nothing is < NaN): trees 0-7 have them
	// on splits that send missing values left (tree 0's root among them),
	// which only the general walk serves.
	nanThr := *numeric
	nanThr.trees = append([]tree(nil), numeric.trees...)
	for k := range nanThr.trees {
		t := &nanThr.trees[k]
		t.nodes = append([]node(nil), t.nodes...)
		for i := range t.nodes {
			if !t.isLeaf(i) && (i+k)%3 == 0 && (k < 8 || t.nodes[i].Flags&flagDefaultLeft == 0) {
				t.nodes[i].Threshold = []float32{float32(math.NaN()), float32(math.Inf(-1)), float32(math.Inf(1))}[(i+k)%9/3]
				if k < 8 {
					t.nodes[i].Flags |= flagDefaultLeft
				}
			}
		}
	}
	nanThr.flat = newFlatForest(nanThr.trees, nanThr.NumFeatures())

	cases := []struct {
		name string
		m    *Model
		flat bool // the compact layout serves (some groups at least)
	}{
		{"depthwise depth 6", fitFor(t, Config{Rounds: 21, MaxDepth: 6}, d), true},
		{"depthwise depth 2", fitFor(t, Config{Rounds: 7, MaxDepth: 2, Eta: 0.5}, d), true},
		{"depthwise depth 8", fitFor(t, Config{Rounds: 9, MaxDepth: 8, MinChildWeight: 1e-3}, d), true},
		{"depthwise depth 10 (general walk)", fitFor(t, Config{Rounds: 3, MaxDepth: 10, MinChildWeight: 1e-3}, d), false},
		{"lossguide 24 leaves depth 8", fitFor(t, Config{Rounds: 17, GrowPolicy: "lossguide", MaxLeaves: 24, MaxDepth: 8}, d), true},
		{"lossguide 6 leaves", fitFor(t, Config{Rounds: 11, GrowPolicy: "lossguide", MaxLeaves: 6, MaxDepth: -1}, d), true},
		{"regression", fitFor(t, Config{Rounds: 12, Objective: "reg:squarederror"}, &Data{X: d.X, Label: yreg, Features: d.Features}), true},
		{"single leaves (depth 0)", fitFor(t, Config{Rounds: 10, Gamma: 1e9}, d), true},
		{"NaN and infinite thresholds", &nanThr, true},
		{"categorical", categorical, someGroupNumeric(categorical)},
		{"mixed categorical and numeric groups", &mixed, true},
		{"300 features (general walk)", fitFor(t, Config{Rounds: 9, MaxDepth: 3}, wide), false},
		{"xgboost import", loadImported(t), true},
		{"complete depth-6 trees", fullModel(t, d, 20, 6, 3), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.m
			require.Equalf(t, c.flat, m.flat != nil, "%s: compact layout built", c.name)
			if c.name == "depthwise depth 10 (general walk)" {
				require.Greaterf(t, m.trees[0].maxDepth, maxFlatDepth, "%s: a tree deeper than the layout allows", c.name)
			}
			if c.name == "single leaves (depth 0)" {
				require.Zerof(t, m.flat.depth, "%s: depth", c.name)
			}
			if c.name == "mixed categorical and numeric groups" || c.name == "NaN and infinite thresholds" {
				require.Truef(t, slicesAny(m.flat.general), "%s: some group takes the general walk", c.name)
			}
			if c.name == "mixed categorical and numeric groups" {
				require.Falsef(t, m.flat.general[0], "%s: the first group is compact", c.name)
			}
			old := *m
			old.flat = nil
			nf := m.NumFeatures()
			x := trickyRows(m, rows, 11)
			dense := m.MarginDense(nil, x)
			for r := range rows {
				row := x[r*nf : (r+1)*nf]
				want := generalMargin(m, row)
				got := m.MarginRow(row)
				require.Equalf(t, math.Float64bits(want), math.Float64bits(got), "%s: MarginRow(row %d) = %v, general walk %v", c.name, r, got, want)
				require.Equalf(t, math.Float64bits(want), math.Float64bits(old.MarginRow(row)), "%s: lockstep MarginRow(row %d)", c.name, r)
				require.Equalf(t, math.Float64bits(want), math.Float64bits(dense[r]), "%s: MarginDense row %d", c.name, r)
				require.Equalf(t, math.Float64bits(old.PredictRow(row)), math.Float64bits(m.PredictRow(row)), "%s: PredictRow(row %d)", c.name, r)
			}
		})
	}
}

// someGroupNumeric reports whether some group of eight trees has no
// categorical split (the compact layout is built only then).
func someGroupNumeric(m *Model) bool {
	for lo := 0; lo < len(m.trees); lo += groupTrees {
		cat := false
		for k := lo; k < min(lo+groupTrees, len(m.trees)); k++ {
			cat = cat || m.trees[k].hasCat
		}
		if !cat {
			return true
		}
	}
	return false
}

func slicesAny(b []bool) bool {
	for _, v := range b {
		if v {
			return true
		}
	}
	return false
}

func TestFlatForestAllocs(t *testing.T) {
	m := loadImported(t)
	row := trickyRows(m, 1, 3)
	allocs := testing.AllocsPerRun(100, func() { m.PredictRow(row) })
	require.Zero(t, allocs, "PredictRow allocations")
}

// fullModel builds nt complete trees of the given depth (2^depth leaves
// each) on the features of d: the largest model of that shape, which
// training only approaches (200 rounds of depth 6 on 1e6 rows of synthChurn
// give 61.5 leaves a tree on average). Split features are drawn at random,
// thresholds from the feature's values in d, default directions at random.
func fullModel(tb testing.TB, d *Data, nt, depth int, seed uint64) *Model {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, seed))
	nf, rows := len(d.Features), d.NumRows()
	m := &Model{
		features: d.Features, categorical: make([]bool, nf), objective: "binary:logistic",
		baseScore: 0.5, source: "sibyl", trees: make([]tree, nt),
	}
	n := 1<<(depth+1) - 1
	for k := range m.trees {
		x := xgbTree{
			Left: make([]int64, n), Right: make([]int64, n), SplitIndices: make([]int64, n),
			SplitConditions: make([]float64, n), DefaultLeft: make(xgbBoolList, n),
		}
		for i := range n {
			if i >= n/2 {
				x.Left[i], x.Right[i] = -1, -1
				x.SplitConditions[i] = 0.1 * rng.NormFloat64()
				continue
			}
			x.Left[i], x.Right[i] = int64(2*i+1), int64(2*i+2)
			j := rng.IntN(nf)
			v := math.NaN()
			for v != v {
				v = d.X[rng.IntN(rows)*nf+j]
			}
			x.SplitIndices[i], x.SplitConditions[i], x.DefaultLeft[i] = int64(j), v, rng.IntN(2) == 0
		}
		t, err := x.convert(nf, false)
		if err != nil {
			tb.Fatal(err)
		}
		m.trees[k] = t
	}
	m.flat = newFlatForest(m.trees, nf)
	return m
}

// BenchmarkPredictRowComplete scores rows with a model of the issue's
// shape at its largest, 200 complete depth-6 trees on 50 features, on the
// compact layout and by the general walk (the layout before it).
func BenchmarkPredictRowComplete(b *testing.B) {
	d := synthChurn(50_000, 50, 2)
	m := fullModel(b, d, 200, 6, 1)
	general := *m
	general.flat = nil
	for _, c := range []struct {
		name string
		m    *Model
	}{{"compact", m}, {"general", &general}} {
		b.Run("trees=200,depth=6,leaves=64,features=50,layout="+c.name, func(b *testing.B) {
			b.ReportAllocs()
			r := 0
			var sink float64
			for b.Loop() {
				sink += c.m.PredictRow(d.X[r*50 : (r+1)*50])
				r = (r + 1) % d.NumRows()
			}
			_ = sink
		})
	}
}
