package sqlite

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sibylml/sibyl/hpo"
	"github.com/sibylml/sibyl/hpo/bench"
	"github.com/stretchr/testify/require"
)

func TestResume(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "study.db")
	f, err := bench.Lookup("mixed")
	require.NoError(t, err)
	st, err := Open(ctx, path)
	require.NoError(t, err)
	s, err := hpo.NewStudy(ctx, hpo.Config{Name: "m", Storage: st, Sampler: &hpo.TPE{Seed: 1}})
	require.NoError(t, err)
	require.NoError(t, s.Optimize(ctx, f.Objective(), 15))
	// A trial left running, as by a crash.
	_, err = s.Ask(ctx)
	require.NoError(t, err)
	require.NoError(t, st.Close())

	st2, err := Open(ctx, path)
	require.NoError(t, err)
	defer st2.Close()
	s2, err := hpo.NewStudy(ctx, hpo.Config{Name: "m", Storage: st2, Sampler: &hpo.TPE{Seed: 1}})
	require.NoError(t, err)
	ts, err := s2.Trials(ctx)
	require.NoError(t, err)
	require.Len(t, ts, 16, "reopened study has its trials")
	require.Equal(t, hpo.Running, ts[15].State, "crashed trial stays running")
	require.Contains(t, []string{"sgd", "adam", "rmsprop"}, ts[0].Label("opt"), "categorical labels decode")
	require.NoError(t, s2.Optimize(ctx, f.Objective(), 10))
	ts, err = s2.Trials(ctx)
	require.NoError(t, err)
	require.Len(t, ts, 26, "resumed study adds trials")
	for i, tr := range ts {
		require.Equalf(t, i, tr.Number, "trial numbers after resume")
	}
	best, err := s2.Best(ctx)
	require.NoError(t, err)
	require.False(t, math.IsNaN(best.Value))
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "rt.db"))
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.CreateStudy(ctx, "s", hpo.Maximize))
	require.NoError(t, st.CreateStudy(ctx, "s", hpo.Maximize), "CreateStudy is idempotent")
	require.ErrorIs(t, st.CreateStudy(ctx, "s", hpo.Minimize), hpo.ErrDirection)
	_, err = st.Study(ctx, "nope")
	require.ErrorIs(t, err, hpo.ErrNoStudy)
	p := hpo.Param{Name: "x", Type: hpo.FloatParam, Low: 0, High: 1}
	in := hpo.FrozenTrial{State: hpo.Running, Params: map[string]float64{"x": 0.25}, Space: map[string]hpo.Param{"x": p}, Order: []string{"x"}, Start: time.Unix(100, 0).UTC()}
	n, err := st.CreateTrial(ctx, "s", in)
	require.NoError(t, err)
	require.Equal(t, 0, n)
	in.Number, in.State, in.Value, in.Err = 0, hpo.Failed, math.NaN(), "boom"
	in.Intermediate = map[int]float64{1: math.Inf(1), 2: 0.5}
	require.NoError(t, st.SaveTrial(ctx, "s", in))
	require.ErrorIs(t, st.SaveTrial(ctx, "s", in), hpo.ErrFinished, "finished trials are not rewritten")
	in.Number = 7
	require.ErrorIs(t, st.SaveTrial(ctx, "s", in), hpo.ErrNoTrial)
	ts, err := st.Trials(ctx, "s", 0)
	require.NoError(t, err)
	require.Len(t, ts, 1)
	got := ts[0]
	require.Equal(t, hpo.Failed, got.State)
	require.True(t, math.IsNaN(got.Value), "NaN value round-trips")
	require.Equal(t, "boom", got.Err)
	require.True(t, math.IsInf(got.Intermediate[1], 1), "+Inf intermediate round-trips")
	require.Equal(t, 0.25, got.Params["x"])
	require.Equal(t, p, got.Space["x"])
}

func TestCorrupt(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "junk.db")
	junk := make([]byte, 8192)
	for i := range junk {
		junk[i] = byte(i*7 + 3)
	}
	require.NoError(t, os.WriteFile(path, junk, 0o600))
	_, err := Open(ctx, path)
	require.ErrorIs(t, err, ErrCorrupt, "Open(junk file)")
}

// TestProcesses shares one file between several storages (connections), as
// several processes would, and checks that trial numbers are unique.
func TestProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	f, err := bench.Lookup("branin")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			st, err := Open(ctx, path)
			if err != nil {
				t.Error(err)
				return
			}
			defer st.Close()
			s, err := hpo.NewStudy(ctx, hpo.Config{Name: "shared", Storage: st, Sampler: hpo.Random{Seed: uint64(w)}})
			if err != nil {
				t.Error(err)
				return
			}
			if err := s.Optimize(ctx, f.Objective(), 20); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	st, err := Open(ctx, path)
	require.NoError(t, err)
	defer st.Close()
	ts, err := st.Trials(ctx, "shared", 0)
	require.NoError(t, err)
	require.Len(t, ts, 60, "three writers, 20 trials each")
	for i, tr := range ts {
		require.Equalf(t, i, tr.Number, "unique consecutive numbers")
		require.Equalf(t, hpo.Complete, tr.State, "trial %d", i)
	}
}

// TestThousandTrials checks that the bookkeeping of a 1,000-trial study in
// SQLite stays well under a second (random sampler, trivial objective).
func TestThousandTrials(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "k.db"))
	require.NoError(t, err)
	defer st.Close()
	s, err := hpo.NewStudy(ctx, hpo.Config{Storage: st, Sampler: hpo.Random{}})
	require.NoError(t, err)
	n := 1000
	if testing.Short() {
		n = 250 // -short runs under -race, where the SQLite engine is slow
	}
	start, cpu0 := time.Now(), cpuTime()
	require.NoError(t, s.Optimize(ctx, func(ctx context.Context, t *hpo.Trial) (float64, error) {
		x, err := t.Float("x", 0, 1)
		return x, err
	}, n))
	el, cpu := time.Since(start), cpuTime()-cpu0
	t.Logf("%d trials in SQLite: %v wall, %v CPU", n, el, cpu)
	// CPU time, not wall: the test machines are shared and heavily loaded.
	require.Less(t, cpu, raceSlowdown*time.Second, "1000-trial study bookkeeping (CPU)")
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
