package hpo

import (
	"context"
	"errors"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func quadratic(ctx context.Context, t *Trial) (float64, error) {
	x, err := t.Float("x", -5, 5)
	if err != nil {
		return 0, err
	}
	y, err := t.Int("y", -3, 3)
	if err != nil {
		return 0, err
	}
	return (x-1)*(x-1) + float64(y*y), nil
}

func TestParamValidate(t *testing.T) {
	bad := []Param{
		{Name: "x", Type: FloatParam, Low: 2, High: 1},
		{Name: "x", Type: FloatParam, Low: math.NaN(), High: 1},
		{Name: "x", Type: FloatParam, Low: 0, High: math.Inf(1)},
		{Name: "x", Type: FloatParam, Low: 0, High: 1, Log: true},
		{Name: "x", Type: FloatParam, Low: -1, High: 1, Log: true},
		{Name: "x", Type: FloatParam, Low: 1, High: 2, Log: true, Step: 0.5},
		{Name: "x", Type: FloatParam, Low: 0, High: 1, Step: -1},
		{Name: "n", Type: IntParam, Low: 0.5, High: 3},
		{Name: "n", Type: IntParam, Low: 0, High: 10, Log: true},
		{Name: "c", Type: CategoricalParam},
		{Name: "c", Type: CategoricalParam, Choices: []string{"a", "a"}},
		{Name: "", Type: FloatParam, Low: 0, High: 1},
		{Name: "z", Type: "complex", Low: 0, High: 1},
	}
	for _, p := range bad {
		t.Run(describe(p), func(t *testing.T) {
			require.ErrorIsf(t, p.Validate(), ErrSpace, "Param%+v.Validate()", p)
		})
	}
	good := []Param{
		{Name: "x", Type: FloatParam, Low: 1, High: 1},
		{Name: "x", Type: FloatParam, Low: 1e-5, High: 1, Log: true},
		{Name: "n", Type: IntParam, Low: 1, High: 1000, Log: true},
		{Name: "n", Type: IntParam, Low: 0, High: 10, Step: 3},
		{Name: "c", Type: CategoricalParam, Choices: []string{"a"}},
	}
	for _, p := range good {
		t.Run(describe(p), func(t *testing.T) {
			require.NoErrorf(t, p.Validate(), "Param%+v.Validate()", p)
		})
	}
}

func TestTrialSuggestErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("inverted range", func(t *testing.T) {
		s, err := NewStudy(ctx, Config{Sampler: Random{}})
		require.NoError(t, err)
		tr, err := s.Ask(ctx)
		require.NoError(t, err)
		_, err = tr.Float("x", 1, 0)
		require.ErrorIs(t, err, ErrSpace, "Trial.Float(x, 1, 0)")
		_, err = tr.FloatLog("lr", 0, 1)
		require.ErrorIs(t, err, ErrSpace, "Trial.FloatLog(lr, 0, 1)")
		_, err = tr.Categorical("c", nil)
		require.ErrorIs(t, err, ErrSpace, "Trial.Categorical(c, nil)")
	})
	t.Run("redefined", func(t *testing.T) {
		s, err := NewStudy(ctx, Config{Sampler: Random{}})
		require.NoError(t, err)
		tr, err := s.Ask(ctx)
		require.NoError(t, err)
		v1, err := tr.Float("x", 0, 1)
		require.NoError(t, err)
		v2, err := tr.Float("x", 0, 1)
		require.NoError(t, err)
		require.Equal(t, v1, v2, "Trial.Float twice returns the same value")
		_, err = tr.Float("x", 0, 2)
		require.ErrorIs(t, err, ErrRedefined, "Trial.Float(x) with another range")
		_, err = tr.Int("x", 0, 1)
		require.ErrorIs(t, err, ErrRedefined, "Trial.Int(x) after Float(x)")
		require.NoError(t, s.Tell(ctx, tr.Number(), 1, nil))
		tr2, err := s.Ask(ctx)
		require.NoError(t, err)
		_, err = tr2.Categorical("x", []string{"a"})
		require.ErrorIs(t, err, ErrRedefined, "Categorical(x) in a later trial after Float(x)")
	})
}

func TestStudyFailures(t *testing.T) {
	ctx := context.Background()
	s, err := NewStudy(ctx, Config{Sampler: Random{Seed: 3}, TrialTimeout: 20 * time.Millisecond})
	require.NoError(t, err)
	var calls atomic.Int64
	obj := func(ctx context.Context, t *Trial) (float64, error) {
		x, err := t.Float("x", 0, 1)
		if err != nil {
			return 0, err
		}
		switch calls.Add(1) {
		case 1:
			panic("boom")
		case 2:
			return math.NaN(), nil
		case 3:
			return 0, errors.New("diverged")
		case 4:
			<-ctx.Done()
			return 0, nil
		}
		return x, nil
	}
	require.NoError(t, s.Optimize(ctx, obj, 6), "Study.Optimize with failing trials")
	ts, err := s.Trials(ctx)
	require.NoError(t, err)
	require.Len(t, ts, 6)
	want := []State{Failed, Failed, Failed, Failed, Complete, Complete}
	for i, tr := range ts {
		require.Equalf(t, want[i], tr.State, "trial %d state (err %q)", i, tr.Err)
	}
	require.Contains(t, ts[0].Err, "panicked: boom")
	require.Contains(t, ts[1].Err, "NaN")
	require.Contains(t, ts[2].Err, "diverged")
	require.Contains(t, ts[3].Err, "deadline")
	best, err := s.Best(ctx)
	require.NoError(t, err)
	require.Equal(t, math.Min(ts[4].Value, ts[5].Value), best.Value, "Study.Best")
}

func TestStudyBestEmpty(t *testing.T) {
	s, err := NewStudy(context.Background(), Config{})
	require.NoError(t, err)
	_, err = s.Best(context.Background())
	require.ErrorIs(t, err, ErrNoTrials)
}

func TestStudyReproducible(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		sampler func() Sampler
	}{
		{"random", func() Sampler { return Random{Seed: 7} }},
		{"tpe", func() Sampler { return &TPE{Seed: 7} }},
		{"tpe optuna", func() Sampler { return OptunaTPE(7) }},
		{"tpe independent halton", func() Sampler { return &TPE{Seed: 7, Independent: true} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := func() []FrozenTrial {
				s, err := NewStudy(ctx, Config{Sampler: tc.sampler()})
				require.NoError(t, err)
				require.NoError(t, s.Optimize(ctx, quadratic, 30))
				ts, err := s.Trials(ctx)
				require.NoError(t, err)
				return ts
			}
			a, b := run(), run()
			for i := range a {
				require.Equalf(t, a[i].Params, b[i].Params, "%s trial %d params", tc.name, i)
			}
			best := math.Inf(1)
			for _, tr := range a {
				best = math.Min(best, tr.Value)
			}
			require.Lessf(t, best, 1.5, "%s best of 30 trials on (x−1)²+y²", tc.name)
		})
	}
}

func TestStudyMaximize(t *testing.T) {
	ctx := context.Background()
	s, err := NewStudy(ctx, Config{Direction: Maximize, Sampler: &TPE{Seed: 1}})
	require.NoError(t, err)
	neg := func(ctx context.Context, t *Trial) (float64, error) {
		v, err := quadratic(ctx, t)
		return -v, err
	}
	require.NoError(t, s.Optimize(ctx, neg, 40))
	best, err := s.Best(ctx)
	require.NoError(t, err)
	require.Greater(t, best.Value, -1.0, "maximising −((x−1)²+y²)")
}

func TestStudyConditional(t *testing.T) {
	ctx := context.Background()
	for _, tpe := range []*TPE{{Seed: 2}, OptunaTPE(2), {Seed: 2, Group: true}} {
		s, err := NewStudy(ctx, Config{Sampler: tpe})
		require.NoError(t, err)
		obj := func(ctx context.Context, t *Trial) (float64, error) {
			kind, err := t.Categorical("kind", []string{"linear", "tree"})
			if err != nil {
				return 0, err
			}
			if kind == "linear" {
				c, err := t.FloatLog("c", 1e-3, 1e3)
				if err != nil {
					return 0, err
				}
				return math.Abs(math.Log10(c)-1) + 1, nil
			}
			d, err := t.Int("depth", 1, 12)
			if err != nil {
				return 0, err
			}
			return math.Abs(float64(d) - 6), nil
		}
		require.NoError(t, s.Optimize(ctx, obj, 60))
		best, err := s.Best(ctx)
		require.NoError(t, err)
		require.Equalf(t, "tree", best.Label("kind"), "conditional space best kind (group=%v)", tpe.Group)
		require.Lessf(t, best.Value, 1.0, "conditional space best value (group=%v)", tpe.Group)
	}
}

func TestParallelAndCancel(t *testing.T) {
	ctx := context.Background()
	t.Run("workers", func(t *testing.T) {
		s, err := NewStudy(ctx, Config{Sampler: &TPE{Seed: 1}, Workers: 4})
		require.NoError(t, err)
		require.NoError(t, s.Optimize(ctx, quadratic, 50))
		ts, err := s.Trials(ctx)
		require.NoError(t, err)
		require.Len(t, ts, 50, "Optimize with 4 workers runs 50 trials")
		for i, tr := range ts {
			require.Equalf(t, i, tr.Number, "trial numbers")
			require.Equalf(t, Complete, tr.State, "trial %d state", i)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		s, err := NewStudy(ctx, Config{Sampler: Random{}, Workers: 2})
		require.NoError(t, err)
		cctx, cancel := context.WithCancel(ctx)
		var n atomic.Int64
		obj := func(ctx context.Context, t *Trial) (float64, error) {
			if n.Add(1) == 5 {
				cancel()
			}
			return quadratic(ctx, t)
		}
		err = s.Optimize(cctx, obj, 1000)
		require.ErrorIs(t, err, context.Canceled, "Optimize after cancel")
		ts, _ := s.Trials(ctx)
		require.Less(t, len(ts), 20, "Optimize stops soon after cancel")
		for _, tr := range ts {
			require.NotEqual(t, Running, tr.State, "no trial left running")
		}
	})
}

func TestAskTell(t *testing.T) {
	ctx := context.Background()
	st := &Memory{}
	space := []Param{{Name: "x", Type: FloatParam, Low: -2, High: 2}, {Name: "opt", Type: CategoricalParam, Choices: []string{"a", "b"}}}
	a, err := NewStudy(ctx, Config{Name: "s", Storage: st, Sampler: &TPE{Seed: 1}})
	require.NoError(t, err)
	for range 15 {
		tr, err := a.AskSpace(ctx, space)
		require.NoError(t, err)
		// Another study object on the same storage tells it, as another process would.
		b, err := NewStudy(ctx, Config{Name: "s", Storage: st})
		require.NoError(t, err)
		p := tr.Params()
		require.NoError(t, b.Tell(ctx, tr.Number(), p["x"]*p["x"]+p["opt"], nil))
		require.ErrorIs(t, b.Tell(ctx, tr.Number(), 0, nil), ErrFinished, "telling twice")
	}
	require.ErrorIs(t, a.Tell(ctx, 99, 0, nil), ErrNoTrial, "Tell of an unknown trial")
	best, err := a.Best(ctx)
	require.NoError(t, err)
	require.Less(t, best.Value, 0.5)
	_, err = NewStudy(ctx, Config{Name: "s", Storage: st, Direction: Maximize})
	require.ErrorIs(t, err, ErrDirection, "reopening with the other direction")
}
