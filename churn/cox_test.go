package churn_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sibylml/sibyl/churn"
	"github.com/sibylml/sibyl/dataset"
	"github.com/sibylml/sibyl/survival"
)

// lungCox reads the lung reference case: covariates (row-major), the
// survival:cox label and R's Breslow fit.
func lungCox(t *testing.T) (x []float64, names []string, label []float64, coef []float64, loglik [2]float64, conc float64) {
	t.Helper()
	f, err := dataset.ReadFile(context.Background(), "testdata/events/lung/data.csv", nil)
	require.NoError(t, err, "ReadFile lung")
	defer f.Release()
	var exp struct {
		Covariates  []string           `json:"covariates"`
		Coef        map[string]float64 `json:"coef"`
		Loglik      [2]float64         `json:"loglik"`
		Concordance float64            `json:"concordance"`
	}
	b, err := os.ReadFile("testdata/events/lung/expected.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &exp))
	d, err := churn.FrameData(f, "time", exp.Covariates, "")
	require.NoError(t, err, "FrameData lung")
	ev, err := f.AppendFloat64s(nil, "event")
	require.NoError(t, err)
	label = make([]float64, len(ev))
	for i := range ev {
		label[i] = d.Label[i]
		if ev[i] == 0 {
			label[i] = -label[i]
		}
	}
	for _, n := range exp.Covariates {
		coef = append(coef, exp.Coef[n])
	}
	return d.X, exp.Covariates, label, coef, exp.Loglik, exp.Concordance
}

// naiveCox computes the Breslow partial log-likelihood and its gradient and
// Hessian diagonal with respect to each margin by the O(n²) definition.
func naiveCox(m, label []float64) (loglik float64, g, h []float64) {
	n := len(m)
	g, h = make([]float64, n), make([]float64, n)
	t := func(i int) float64 { return math.Abs(label[i]) }
	for i := range n {
		if label[i] <= 0 {
			continue
		}
		var s float64
		for j := range n {
			if t(j) >= t(i) {
				s += math.Exp(m[j])
			}
		}
		loglik += m[i] - math.Log(s)
		g[i]--
		for k := range n {
			if t(k) >= t(i) {
				p := math.Exp(m[k]) / s
				g[k] += p
				h[k] += p - p*p
			}
		}
	}
	return loglik, g, h
}

func TestCoxLung(t *testing.T) {
	x, names, label, coef, loglik, conc := lungCox(t)
	nf, n := len(names), len(label)
	t.Run("loglik at R's coefficients", func(t *testing.T) {
		m := make([]float64, n)
		for i := range n {
			for j := range nf {
				m[i] += x[i*nf+j] * coef[j]
			}
		}
		ll, _, _ := naiveCox(m, label)
		require.InDelta(t, loglik[1], ll, 1e-8*math.Abs(loglik[1]), "naive Breslow loglik at R's coef")
		c, err := churn.Concordance(label, nil, m)
		require.NoError(t, err)
		require.InDelta(t, conc, c, 1e-12, "Concordance of R's linear predictor")
	})
	t.Run("one depth-1 round follows the Cox gradient", func(t *testing.T) {
		const eta = 1e-3
		cfg := churn.Config{Objective: churn.CoxObjective, Rounds: 1, MaxDepth: 1, Eta: eta}
		mod, err := cfg.Fit(context.Background(), &churn.Data{X: x, Features: names, Label: label}, nil)
		require.NoError(t, err, "Fit survival:cox on lung")
		base := math.Log(0.5)
		mg := mod.MarginDense(nil, x)
		m0 := make([]float64, n)
		for i := range m0 {
			m0[i] = base
		}
		ll0, g, h := naiveCox(m0, label)
		// Group rows by leaf (their margin change) and check each leaf value
		// is XGBoost's Newton step -η G/(H+λ) with the independent g, h.
		type sums struct{ g, h, delta float64 }
		leaves := map[float64]*sums{}
		var dot float64
		for i := range n {
			d := mg[i] - base
			s := leaves[d]
			if s == nil {
				s = &sums{delta: d}
				leaves[d] = s
			}
			s.g += g[i]
			s.h += h[i]
			dot += g[i] * d
		}
		require.Len(t, leaves, 2, "one split: two leaves")
		for _, s := range leaves {
			want := -eta * s.g / (s.h + 1)
			require.InDelta(t, want, s.delta, 1e-9*math.Abs(want)+1e-15, "leaf value against independent Newton step")
		}
		require.Less(t, dot, 0.0, "the step is a descent direction of -loglik")
		ll1, _, _ := naiveCox(mg, label)
		require.Greater(t, ll1, ll0, "the partial likelihood increases")
	})
}

// phData draws n rows of a proportional-hazards model with log hazard
// β·x, exponential baseline and uniform censoring.
func phData(rng *rand.Rand, n int, beta []float64) (x, label []float64) {
	nf := len(beta)
	x = make([]float64, n*nf)
	label = make([]float64, n)
	for i := range n {
		var eta float64
		for j := range nf {
			v := rng.NormFloat64()
			x[i*nf+j] = v
			eta += beta[j] * v
		}
		tm := rng.ExpFloat64() / (0.1 * math.Exp(eta))
		c := rng.Float64() * 30
		if c < tm {
			label[i] = -math.Max(c, 1e-6)
		} else {
			label[i] = math.Max(tm, 1e-6)
		}
	}
	return x, label
}

func TestCoxConcordanceAgainstCoxPH(t *testing.T) {
	ctx := context.Background()
	beta := []float64{0.8, -0.5, 0.3, 0, 0}
	names := []string{"x1", "x2", "x3", "x4", "x5"}
	nf := len(beta)
	rng := rand.New(rand.NewPCG(7, 7))
	xtr, ytr := phData(rng, 2000, beta)
	xva, yva := phData(rng, 1000, beta)
	xte, yte := phData(rng, 2000, beta)

	// Correctly specified Cox fit (package survival, Breslow ties).
	cols := make([][]float64, nf)
	for j := range cols {
		cols[j] = make([]float64, len(ytr))
		for i := range ytr {
			cols[j][i] = xtr[i*nf+j]
		}
	}
	tm, ev := make([]float64, len(ytr)), make([]float64, len(ytr))
	for i, y := range ytr {
		tm[i] = math.Abs(y)
		if y > 0 {
			ev[i] = 1
		}
	}
	fit, err := survival.Cox{Ties: survival.Breslow}.Fit(ctx, survival.CoxData{Names: names, X: cols, Time: tm, Event: ev})
	require.NoError(t, err, "survival.Cox.Fit")
	tcols := make([][]float64, nf)
	for j := range tcols {
		tcols[j] = make([]float64, len(yte))
		for i := range yte {
			tcols[j][i] = xte[i*nf+j]
		}
	}
	lp, err := fit.LinearPredictors(nil, tcols, nil, false)
	require.NoError(t, err)
	cCox, err := churn.Concordance(yte, nil, lp)
	require.NoError(t, err)

	cfg := churn.Config{Objective: churn.CoxObjective, Rounds: 500, MaxDepth: 1, Eta: 0.2, MaxBin: 64, EarlyStoppingRounds: 10}
	mod, err := cfg.Fit(ctx, &churn.Data{X: xtr, Features: names, Label: ytr}, &churn.Data{X: xva, Features: names, Label: yva})
	require.NoError(t, err, "Fit survival:cox on PH data")
	cGB, err := churn.Concordance(yte, nil, mod.MarginDense(nil, xte))
	require.NoError(t, err)
	t.Logf("test concordance: Cox %.4f, boosted %.4f (%d trees)", cCox, cGB, mod.NumTrees())
	require.InDelta(t, cCox, cGB, 0.01, "boosted survival:cox concordance within 0.01 of coxph's")
}

func TestCoxBadLabels(t *testing.T) {
	ctx := context.Background()
	x := []float64{1, 2, 3, 4}
	for name, y := range map[string][]float64{
		"zero time": {1, 0, 2, 3},
		"NaN time":  {1, math.NaN(), 2, 3},
		"no event":  {-1, -2, -3, -4},
		"infinite":  {1, math.Inf(1), 2, 3},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := churn.Config{Objective: churn.CoxObjective, Rounds: 2}.Fit(ctx, &churn.Data{X: x, Features: []string{"a"}, Label: y}, nil)
			require.ErrorIs(t, err, churn.ErrLabel, "Fit survival:cox with labels %v", y)
		})
	}
	t.Run("concordance bad input", func(t *testing.T) {
		for name, c := range map[string]struct{ time, event, risk []float64 }{
			"no comparable pair": {[]float64{-1, -2}, nil, []float64{1, 2}},
			"lengths":            {[]float64{1, 2}, nil, []float64{1}},
			"NaN risk":           {[]float64{1, 2}, nil, []float64{math.NaN(), 1}},
			"zero time":          {[]float64{0, 2}, nil, []float64{1, 2}},
			"negative time":      {[]float64{-1, 2}, []float64{1, 1}, []float64{1, 2}},
			"event 2":            {[]float64{1, 2}, []float64{2, 1}, []float64{1, 2}},
		} {
			c0, err := churn.Concordance(c.time, c.event, c.risk)
			require.ErrorIs(t, err, churn.ErrScore, "Concordance %s", name)
			require.True(t, math.IsNaN(c0), "Concordance %s is NaN with the error", name)
		}
		c1, err := churn.Concordance([]float64{1, 2, 3}, []float64{1, 0, 1}, []float64{3, 2, 1})
		require.NoError(t, err)
		require.Equal(t, 1.0, c1, "perfectly ordered risks with an event column")
	})
}

// TestCoxOrderCache: refitting on the same label slice after changing the
// labels gives the model a fresh copy of the labels gives.
func TestCoxOrderCache(t *testing.T) {
	ctx := context.Background()
	x, names, label, _, _, _ := lungCox(t)
	cfg := churn.Config{Objective: churn.CoxObjective, Rounds: 3, MaxDepth: 2}
	_, err := cfg.Fit(ctx, &churn.Data{X: x, Features: names, Label: label}, nil)
	require.NoError(t, err)
	for i := range label {
		label[i] = float64(len(label)-i) * math.Copysign(1, label[i]) // reverse the time order
	}
	a, err := cfg.Fit(ctx, &churn.Data{X: x, Features: names, Label: label}, nil)
	require.NoError(t, err)
	b, err := cfg.Fit(ctx, &churn.Data{X: x, Features: names, Label: append([]float64(nil), label...)}, nil)
	require.NoError(t, err)
	require.Equal(t, b.MarginDense(nil, x), a.MarginDense(nil, x), "same model from changed labels in the same slice and from a copy")
}

func TestCoxSaveLoad(t *testing.T) {
	x, names, label, _, _, _ := lungCox(t)
	m, err := churn.Config{Objective: churn.CoxObjective, Rounds: 5, MaxDepth: 2}.Fit(context.Background(), &churn.Data{X: x, Features: names, Label: label}, nil)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, m.Save(&buf), "Save survival:cox model")
	back, err := churn.Load(&buf)
	require.NoError(t, err, "Load survival:cox model")
	require.Equal(t, churn.CoxObjective, back.Objective())
	require.Equal(t, m.MarginDense(nil, x), back.MarginDense(nil, x), "margins after the round trip")
	require.Equal(t, m.MarginDense(nil, x), back.PredictDense(nil, x), "PredictDense returns the log relative hazard")
}

// TestSnapshotCoxLink fits survival.Cox on a snapshot's columns through
// Snapshot.Columns and TimeEvent and checks churn.Concordance reproduces the
// fit's own (R-convention) concordance.
func TestSnapshotCoxLink(t *testing.T) {
	ctx := context.Background()
	f, err := churn.SyntheticLog{Customers: 300, Days: 200, Seed: 5}.Frame()
	require.NoError(t, err)
	defer f.Release()
	l, err := dataset.NewEventLog(f, churn.SyntheticColumns)
	require.NoError(t, err)
	s, err := churn.FeatureSpec{ChurnDays: 30, LapsedDays: 30, CancelEvents: []string{"cancel"}}.Labeled(ctx, l, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	names := []string{"recency_days", "events_30d", "trend_30d"}
	x, err := s.Columns(names...)
	require.NoError(t, err)
	tm, ev := s.TimeEvent()
	fit, err := survival.Cox{Ties: survival.Breslow}.Fit(ctx, survival.CoxData{Names: names, X: x, Time: tm, Event: ev})
	require.NoError(t, err, "survival.Cox on snapshot columns")
	lp, err := fit.LinearPredictors(nil, x, nil, false)
	require.NoError(t, err)
	c, err := churn.Concordance(tm, ev, lp)
	require.NoError(t, err)
	require.InDelta(t, fit.Concordance.C, c, 1e-12, "churn.Concordance against survival's")
	_, err = s.Columns("nope")
	require.ErrorIs(t, err, churn.ErrFeature)
}

// TestConcordanceAgainstPairs checks the O(n log n) count against the
// definition, pair by pair, on data with ties in time and in risk.
func TestConcordanceAgainstPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 20 {
		n := 1 + rng.IntN(60)
		tm, ev, risk := make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range n {
			tm[i] = float64(1 + rng.IntN(10))
			ev[i] = float64(rng.IntN(2))
			risk[i] = float64(rng.IntN(5))
		}
		var conc, disc, tied float64
		for i := range n {
			for j := range n {
				if ev[i] == 1 && (tm[i] < tm[j] || (tm[i] == tm[j] && ev[j] == 0)) {
					switch {
					case risk[i] > risk[j]:
						conc++
					case risk[i] < risk[j]:
						disc++
					default:
						tied++
					}
				}
			}
		}
		got, err := churn.Concordance(tm, ev, risk)
		if conc+disc+tied == 0 {
			require.ErrorIs(t, err, churn.ErrScore, "trial %d: no comparable pair", trial)
			continue
		}
		require.NoError(t, err, "trial %d", trial)
		require.InDelta(t, (conc+tied/2)/(conc+disc+tied), got, 1e-12, "trial %d (n=%d)", trial, n)
	}
}
