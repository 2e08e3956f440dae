package main

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

type hpoOut struct {
	Function   string             `json:"function"`
	Sampler    string             `json:"sampler"`
	Trials     int                `json:"trials"`
	Seed       uint64             `json:"seed"`
	BestValue  float64            `json:"best_value"`
	BestParams map[string]any     `json:"best_params"`
	BestAt     map[string]float64 `json:"best_at"`
	SamplerSPT float64            `json:"sampler_seconds_per_trial"`
	NComplete  int                `json:"n_complete"`
	NFailed    int                `json:"n_failed"`
	History    []struct {
		Trial  int            `json:"trial"`
		State  string         `json:"state"`
		Value  *float64       `json:"value"`
		Params map[string]any `json:"params"`
		Error  string         `json:"error"`
	} `json:"history"`
}

func TestHPOBench(t *testing.T) {
	for _, tc := range []struct {
		function, sampler string
		worst             float64 // a loose bound on best@100 for this seed
	}{
		{"branin", "tpe", 0.6},
		{"branin", "random", 3},
		{"hartmann6", "tpe", -2.5},
		{"rosenbrock4", "tpe-optuna", 1000},
		{"ackley5", "tpe", 15},
		{"mixed", "tpe", 0.5},
	} {
		t.Run(tc.function+"/"+tc.sampler, func(t *testing.T) {
			stdout, stderr, code := runCLI("hpo", "bench", "--function", tc.function, "--sampler", tc.sampler, "--seed", "3", "--json")
			require.Equalf(t, 0, code, "hpo bench %s: %s", tc.function, stderr)
			var out hpoOut
			require.NoError(t, json.Unmarshal([]byte(stdout), &out), "hpo bench output")
			require.Equal(t, tc.function, out.Function)
			require.Equal(t, 100, out.Trials)
			require.Equal(t, uint64(3), out.Seed)
			require.Equal(t, out.BestValue, out.BestAt["100"], "best_at[100] is the best value")
			require.GreaterOrEqual(t, out.BestAt["25"], out.BestAt["50"], "best_at decreases")
			require.GreaterOrEqual(t, out.BestAt["50"], out.BestAt["100"], "best_at decreases")
			require.Lessf(t, out.BestValue, tc.worst, "hpo bench %s %s best", tc.function, tc.sampler)
			require.Greater(t, out.SamplerSPT, 0.0, "sampler_seconds_per_trial")
			require.NotEmpty(t, out.BestParams)
			// Same seed, same answer.
			again, _, _ := runCLI("hpo", "bench", "--function", tc.function, "--sampler", tc.sampler, "--seed", "3", "--json")
			var out2 hpoOut
			require.NoError(t, json.Unmarshal([]byte(again), &out2))
			require.Equal(t, out.BestAt, out2.BestAt, "hpo bench is reproducible under a seed")
		})
	}
	t.Run("mixed params", func(t *testing.T) {
		stdout, _, code := runCLI("hpo", "bench", "--function", "mixed", "--trials", "30", "--json")
		require.Equal(t, 0, code)
		var out hpoOut
		require.NoError(t, json.Unmarshal([]byte(stdout), &out))
		require.Contains(t, []any{"sgd", "adam", "rmsprop"}, out.BestParams["opt"], "mixed opt is a choice")
		n := out.BestParams["n"].(float64)
		require.Equal(t, math.Trunc(n), n, "mixed n is an integer")
		require.Len(t, out.BestAt, 2, "best_at for 25 and 30 trials")
	})
	for _, bad := range [][]string{
		{"hpo", "bench", "--function", "nope", "--json"},
		{"hpo", "bench", "--json"},
		{"hpo", "bench", "--function", "branin", "--sampler", "cmaes"},
		{"hpo", "bench", "--function", "branin", "--trials", "0"},
		{"hpo", "bench", "--function", "branin", "--trials", "x"},
	} {
		t.Run("usage", func(t *testing.T) {
			stdout, stderr, code := runCLI(bad...)
			require.Equalf(t, 2, code, "%v exit code (stderr %q)", bad, stderr)
			require.Empty(t, stdout, "%v stdout", bad)
			require.NotEmpty(t, stderr, "%v stderr", bad)
		})
	}
}

func TestHPOOptimize(t *testing.T) {
	for _, tool := range []string{"sh", "awk"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed for the optimize tests: %v", tool, err)
		}
	}
	space := filepath.Join("testdata", "hpo", "space.json")
	obj := "sh " + filepath.Join("testdata", "hpo", "objective.sh")
	t.Run("pipe", func(t *testing.T) {
		stdout, stderr, code := runCLI("hpo", "optimize", "--space", space, "--objective-exec", obj, "--trials", "40", "--seed", "2", "--json")
		require.Equalf(t, 0, code, "hpo optimize: %s", stderr)
		var out hpoOut
		require.NoError(t, json.Unmarshal([]byte(stdout), &out))
		require.Len(t, out.History, 40, "history has every trial")
		require.Equal(t, 2, out.NFailed, "trials 3 (error reply) and 5 (garbage) failed")
		require.Equal(t, "failed", out.History[3].State)
		require.Contains(t, out.History[3].Error, "diverged")
		require.Equal(t, "complete", out.History[4].State, "{\"value\": v} reply")
		require.Equal(t, "failed", out.History[5].State)
		require.Contains(t, out.History[5].Error, "not json")
		for i, h := range out.History {
			require.Equal(t, i, h.Trial)
			require.Len(t, h.Params, 4, "every parameter sent")
			if h.State == "complete" {
				// Recompute the objective from the printed parameters.
				x0, lr, n := h.Params["x0"].(float64), h.Params["lr"].(float64), h.Params["n"].(float64)
				want := (x0-1)*(x0-1) + math.Pow(math.Log10(lr)+3, 2) + 0.1*(n-7)*(n-7)
				if h.Params["opt"] == "sgd" {
					want++
				}
				require.InDeltaf(t, want, *h.Value, 1e-9*math.Max(1, want), "trial %d value", i)
			}
		}
		require.Less(t, out.BestValue, 2.0, "40 TPE trials on the quadratic")
	})
	t.Run("maximize and storage", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "s.db")
		args := []string{"hpo", "optimize", "--space", space, "--objective-exec", obj, "--trials", "8", "--direction", "maximize", "--storage", "sqlite:" + db, "--study", "m", "--json"}
		_, stderr, code := runCLI(args...)
		require.Equalf(t, 0, code, "hpo optimize --storage: %s", stderr)
		stdout, stderr, code := runCLI(args...)
		require.Equalf(t, 0, code, "hpo optimize resumed: %s", stderr)
		var out hpoOut
		require.NoError(t, json.Unmarshal([]byte(stdout), &out))
		require.Equal(t, 16, out.Trials, "the second run adds to the stored study")
		max := math.Inf(-1)
		for _, h := range out.History {
			if h.State == "complete" {
				max = math.Max(max, *h.Value)
			}
		}
		require.Equal(t, max, out.BestValue, "maximize picks the largest value")
	})
	t.Run("objective dies", func(t *testing.T) {
		stdout, stderr, code := runCLI("hpo", "optimize", "--space", space, "--objective-exec", "sh "+filepath.Join("testdata", "hpo", "dies.sh"), "--trials", "5")
		require.Equal(t, 1, code)
		require.Empty(t, stdout)
		require.Contains(t, stderr, "trial 2")
	})
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[{"name": "x", "type": "float", "low": 3, "high": 1}]`), 0o600))
	badLog := filepath.Join(t.TempDir(), "badlog.json")
	require.NoError(t, os.WriteFile(badLog, []byte(`[{"name": "x", "type": "float", "low": 0, "high": 1, "log": true}]`), 0o600))
	junk := filepath.Join(t.TempDir(), "junk.json")
	require.NoError(t, os.WriteFile(junk, []byte(`{"name":`), 0o600))
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"inverted range", []string{"--space", bad, "--objective-exec", obj}, 1, "empty range"},
		{"log bound", []string{"--space", badLog, "--objective-exec", obj}, 1, "log scale"},
		{"junk space", []string{"--space", junk, "--objective-exec", obj}, 1, "space"},
		{"missing space file", []string{"--space", "nope.json", "--objective-exec", obj}, 1, "nope.json"},
		{"no such program", []string{"--space", space, "--objective-exec", "/nonexistent/objective"}, 1, "start objective"},
		{"no exec", []string{"--space", space}, 2, "objective-exec"},
		{"unterminated quote", []string{"--space", space, "--objective-exec", "sh '"}, 2, "quote"},
		{"storage without study", []string{"--space", space, "--objective-exec", obj, "--storage", "sqlite:x.db"}, 2, "--study"},
		{"silent objective", []string{"--space", space, "--objective-exec", "sleep 30", "--timeout", "200ms"}, 1, "no reply"},
		{"bad direction", []string{"--space", space, "--objective-exec", obj, "--direction", "up"}, 2, "direction"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(append([]string{"hpo", "optimize", "--json"}, tc.args...)...)
			require.Equalf(t, tc.code, code, "hpo optimize %s exit code (stderr %q)", tc.name, stderr)
			require.Empty(t, stdout)
			require.Contains(t, stderr, tc.msg)
		})
	}
}

func TestHPOAskTellBest(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "study.db")
	space := filepath.Join("testdata", "hpo", "space.json")
	for i := range 14 {
		args := []string{"hpo", "ask", "--storage", db, "--study", "cli", "--json"}
		if i == 0 {
			args = append(args, "--space", space)
		}
		stdout, stderr, code := runCLI(args...)
		require.Equalf(t, 0, code, "hpo ask %d: %s", i, stderr)
		var asked struct {
			Trial  int            `json:"trial"`
			Params map[string]any `json:"params"`
		}
		require.NoError(t, json.Unmarshal([]byte(stdout), &asked), "hpo ask output %q", stdout)
		require.Equal(t, i, asked.Trial, "hpo ask trial number")
		require.Len(t, asked.Params, 4)
		if i == 5 {
			_, stderr, code = runCLI("hpo", "tell", "--storage", db, "--study", "cli", "--trial", "5", "--error", "out of memory")
			require.Equalf(t, 0, code, "hpo tell --error: %s", stderr)
			continue
		}
		x0 := asked.Params["x0"].(float64)
		v := (x0 - 1) * (x0 - 1)
		_, stderr, code = runCLI("hpo", "tell", "--storage", db, "--study", "cli", "--trial", json.Number(jsonInt(i)).String(), "--value", json.Number(jsonFloat(v)).String())
		require.Equalf(t, 0, code, "hpo tell %d: %s", i, stderr)
	}
	stdout, stderr, code := runCLI("hpo", "best", "--storage", db, "--study", "cli", "--json")
	require.Equalf(t, 0, code, "hpo best: %s", stderr)
	var best struct {
		BestTrial  int            `json:"best_trial"`
		BestValue  float64        `json:"best_value"`
		BestParams map[string]any `json:"best_params"`
		Trials     int            `json:"trials"`
		NFailed    int            `json:"n_failed"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &best))
	require.Equal(t, 14, best.Trials)
	require.Equal(t, 1, best.NFailed)
	x0 := best.BestParams["x0"].(float64)
	require.InDelta(t, (x0-1)*(x0-1), best.BestValue, 1e-12, "hpo best value matches its params")

	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"tell twice", []string{"tell", "--storage", db, "--study", "cli", "--trial", "0", "--value", "1"}, 1, "already finished"},
		{"tell unknown trial", []string{"tell", "--storage", db, "--study", "cli", "--trial", "99", "--value", "1"}, 1, "no such trial"},
		{"tell both", []string{"tell", "--storage", db, "--study", "cli", "--trial", "1", "--value", "1", "--error", "x"}, 2, "exactly one"},
		{"tell bad value", []string{"tell", "--storage", db, "--study", "cli", "--trial", "1", "--value", "abc"}, 2, "not a number"},
		{"tell no trial", []string{"tell", "--storage", db, "--study", "cli", "--value", "1"}, 2, "--trial"},
		{"best unknown study", []string{"best", "--storage", db, "--study", "nope"}, 1, "no such study"},
		{"best no storage", []string{"best", "--study", "cli"}, 2, "--storage"},
		{"bad storage", []string{"best", "--storage", "mysql:x", "--study", "cli"}, 2, "sqlite:PATH"},
		{"ask new study without space", []string{"ask", "--storage", db, "--study", "fresh"}, 2, "--space"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(append([]string{"hpo"}, tc.args...)...)
			require.Equalf(t, tc.code, code, "hpo %s exit code (stderr %q)", tc.name, stderr)
			require.Empty(t, stdout)
			require.Contains(t, stderr, tc.msg)
		})
	}
	t.Run("corrupt storage", func(t *testing.T) {
		junk := filepath.Join(dir, "junk.db")
		b := make([]byte, 8192)
		for i := range b {
			b[i] = byte(i*13 + 1)
		}
		require.NoError(t, os.WriteFile(junk, b, 0o600))
		stdout, stderr, code := runCLI("hpo", "best", "--storage", "sqlite:"+junk, "--study", "cli")
		require.Equal(t, 1, code)
		require.Empty(t, stdout)
		require.Contains(t, stderr, "not a readable study database")
	})
}

func jsonInt(i int) string       { b, _ := json.Marshal(i); return string(b) }
func jsonFloat(v float64) string { b, _ := json.Marshal(v); return string(b) }
