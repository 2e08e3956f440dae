package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// journeySkip are expected.json fields about the generator, not the data.
var journeySkip = map[string]bool{
	"case": true, "public": true, "true_transition_probs": true, "true_conversion_probability": true,
	"true_removal_effect": true, "true_second_order": true, "monte_carlo_check": true,
	"r_markovchain_check": true, "versions": true, "self_checks": true, "monte_carlo": true,
}

func journeyIsCount(path string) bool {
	parts := strings.Split(path, "/")
	last := parts[len(parts)-1]
	return strings.Contains(path, "counts") || strings.HasPrefix(last, "n_") ||
		strings.HasSuffix(last, "_free_params") || last == "line" ||
		(strings.HasPrefix(path, "top_paths/") && last == "1")
}

// journeyCompare walks want and records every difference from got: counts
// exactly, other numbers to 1e-9 (relative above 1), the same keys in every
// object keyed by state or channel.
func journeyCompare(path string, want, got any, diffs *[]string) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: want object, got %T", path, got))
			return
		}
		var wk, gk []string
		for k := range w {
			if !journeySkip[k] {
				wk = append(wk, k)
			}
		}
		if path != "" && path != "second_order" && path != "log_likelihood" {
			for k := range g {
				gk = append(gk, k)
			}
			sort.Strings(gk)
			sort.Strings(wk)
			if strings.Join(wk, "\x00") != strings.Join(gk, "\x00") {
				*diffs = append(*diffs, fmt.Sprintf("%s: keys %q, got %q", path, wk, gk))
			}
		}
		for _, k := range wk {
			gv, ok := g[k]
			if !ok {
				*diffs = append(*diffs, fmt.Sprintf("%s/%s: missing", path, k))
				continue
			}
			journeyCompare(strings.TrimPrefix(path+"/"+k, "/"), w[k], gv, diffs)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %v, got %v", path, want, got))
			return
		}
		for i := range w {
			journeyCompare(fmt.Sprintf("%s/%d", path, i), w[i], g[i], diffs)
		}
	case float64:
		g, ok := got.(float64)
		switch {
		case !ok:
			*diffs = append(*diffs, fmt.Sprintf("%s: want %v, got %v", path, want, got))
		case journeyIsCount(path):
			if g != w {
				*diffs = append(*diffs, fmt.Sprintf("%s: want %v, got %v (exact)", path, w, g))
			}
		case math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)):
			*diffs = append(*diffs, fmt.Sprintf("%s: want %.17g, got %.17g", path, w, g))
		}
	default:
		if fmt.Sprint(want) != fmt.Sprint(got) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %v, got %v", path, want, got))
		}
	}
}

func TestJourneyFitReferenceCases(t *testing.T) {
	// verify_messy: expected values from the independent Python
	// implementation in journey/testdata/verify_messy (see its make.py).
	for _, name := range []string{"textbook", "messy", "synthetic_6ch", "second_order", "verify_messy"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("..", "..", "journey", "testdata", name)
			b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
			require.NoErrorf(t, err, "reading %s/expected.json", name)
			var want map[string]any
			require.NoErrorf(t, json.Unmarshal(b, &want), "parsing %s/expected.json", name)
			args := []string{"journey", "fit", "--data", filepath.Join(dir, "events.csv"),
				"--user", "user_id", "--time", "timestamp", "--event", "event", "--conversion", "purchase", "--json"}
			// The value column is named explicitly once; the other runs rely
			// on the default ("value" when the file has it).
			for _, extra := range [][]string{{"--value", "value"}, {"--order", "2"}, {"--order", "3"}} {
				stdout, stderr, code := runCLI(append(args, extra...)...)
				require.Equalf(t, 0, code, "sibyl journey fit %s %v: stderr %s", name, extra, stderr)
				var got map[string]any
				require.NoErrorf(t, json.Unmarshal([]byte(stdout), &got), "sibyl journey fit %s %v: stdout is JSON", name, extra)
				var diffs []string
				journeyCompare("", want, got, &diffs)
				require.Emptyf(t, diffs, "sibyl journey fit %s %v differs from expected.json", name, extra)
				if extra[1] == "3" {
					require.Containsf(t, got, "order_k", "sibyl journey fit %s --order 3", name)
				}
			}
		})
	}
}

func TestJourneyFitBadInput(t *testing.T) {
	td := filepath.Join("testdata", "journey")
	textbook := filepath.Join("..", "..", "journey", "testdata", "textbook", "events.csv")
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing data flag", []string{"--conversion", "purchase"}, 2, "--data"},
		{"missing conversion flag", []string{"--data", textbook}, 2, "--conversion"},
		{"order zero", []string{"--data", textbook, "--conversion", "purchase", "--order", "0"}, 2, "--order"},
		{"order too high", []string{"--data", textbook, "--conversion", "purchase", "--order", "99"}, 2, "--order"},
		{"stray argument", []string{"--data", textbook, "--conversion", "purchase", "extra"}, 2, "extra"},
		{"no such file", []string{"--data", filepath.Join(td, "nope.csv"), "--conversion", "purchase"}, 1, "nope.csv"},
		{"empty file", []string{"--data", filepath.Join(td, "empty.csv"), "--conversion", "purchase"}, 1, "header"},
		{"header only", []string{"--data", filepath.Join(td, "header_only.csv"), "--conversion", "purchase"}, 1, "no valid events"},
		{"all rows invalid", []string{"--data", filepath.Join(td, "all_invalid.csv"), "--conversion", "purchase"}, 1, "no valid events"},
		{"missing column", []string{"--data", textbook, "--conversion", "purchase", "--user", "uid"}, 1, `"uid"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(append([]string{"journey", "fit"}, tc.args...)...)
			require.Equalf(t, tc.code, code, "sibyl journey fit %v: exit code (stderr %q)", tc.args, stderr)
			require.Emptyf(t, stdout, "sibyl journey fit %v: stdout", tc.args)
			require.Containsf(t, stderr, tc.msg, "sibyl journey fit %v: stderr", tc.args)
			require.Equalf(t, 1, strings.Count(stderr, "\n"), "sibyl journey fit %v: one line on stderr", tc.args)
		})
	}
}

func TestJourneyFitOddButValid(t *testing.T) {
	td := filepath.Join("testdata", "journey")
	t.Run("conversion never occurs", func(t *testing.T) {
		stdout, stderr, code := runCLI("journey", "fit", "--data", filepath.Join(td, "no_conversion.csv"), "--conversion", "purchase", "--json")
		require.Equalf(t, 0, code, "sibyl journey fit no_conversion.csv: stderr %s", stderr)
		var got map[string]any
		require.NoError(t, json.Unmarshal([]byte(stdout), &got), "sibyl journey fit no_conversion.csv: JSON")
		require.Equal(t, 0.0, got["n_conversions"], "no_conversion.csv n_conversions")
		require.Equal(t, 0.0, got["conversion_probability"], "no_conversion.csv conversion_probability")
		require.Equal(t, []any{"(start)", `a, "b"`, "email", "search", "(conversion)", "(null)"}, got["states"], "no_conversion.csv states")
		for ch, v := range got["removal_effect"].(map[string]any) {
			require.Equalf(t, 0.0, v, "no_conversion.csv removal_effect[%s]", ch)
		}
		require.Nil(t, got["mean_steps_to_conversion"], "no_conversion.csv mean_steps_to_conversion is null")
	})
	t.Run("other column names and text output", func(t *testing.T) {
		stdout, stderr, code := runCLI("journey", "fit", "--data", filepath.Join(td, "other_names.csv"),
			"--user", "uid", "--time", "ts", "--event", "ev", "--conversion", "buy")
		require.Equalf(t, 0, code, "sibyl journey fit other_names.csv: stderr %s", stderr)
		require.Containsf(t, stdout, "1 users, 1 paths, 0 conversions", "sibyl journey fit other_names.csv text")
	})
	t.Run("value column absent", func(t *testing.T) {
		textbook := filepath.Join("..", "..", "journey", "testdata", "textbook", "events.csv")
		stdout, stderr, code := runCLI("journey", "fit", "--data", textbook, "--conversion", "purchase", "--value", "amount", "--json")
		require.Equalf(t, 0, code, "sibyl journey fit --value amount on a log without it: stderr %s", stderr)
		var got map[string]any
		require.NoError(t, json.Unmarshal([]byte(stdout), &got), "JSON")
		require.Nil(t, got["value_column"], "value_column is null when the column is absent")
		require.Equal(t, 0.0, got["total_conversion_value"], "total_conversion_value")
	})
	t.Run("gzipped csv", func(t *testing.T) {
		src, err := os.ReadFile(filepath.Join("..", "..", "journey", "testdata", "messy", "events.csv"))
		require.NoError(t, err, "reading messy events.csv")
		path := filepath.Join(t.TempDir(), "events.csv.gz")
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, err = zw.Write(src)
		require.NoError(t, err, "gzip write")
		require.NoError(t, zw.Close(), "gzip close")
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644), "writing events.csv.gz")
		stdout, stderr, code := runCLI("journey", "fit", "--data", path, "--conversion", "purchase", "--json")
		require.Equalf(t, 0, code, "sibyl journey fit events.csv.gz: stderr %s", stderr)
		var got map[string]any
		require.NoError(t, json.Unmarshal([]byte(stdout), &got), "JSON")
		require.Equal(t, 7.0, got["n_conversions"], "events.csv.gz n_conversions")
		require.Equal(t, 11.0, got["n_rejected_rows"], "events.csv.gz n_rejected_rows")
		require.Equal(t, 357.75, got["total_conversion_value"], "events.csv.gz total_conversion_value")
	})
	t.Run("graph exports", func(t *testing.T) {
		dir := t.TempDir()
		dot, gj := filepath.Join(dir, "g.dot"), filepath.Join(dir, "g.json")
		textbook := filepath.Join("..", "..", "journey", "testdata", "textbook", "events.csv")
		_, stderr, code := runCLI("journey", "fit", "--data", textbook, "--conversion", "purchase", "--dot", dot, "--graph-json", gj, "--json")
		require.Equalf(t, 0, code, "sibyl journey fit --dot --graph-json: stderr %s", stderr)
		b, err := os.ReadFile(dot)
		require.NoError(t, err, "reading DOT output")
		require.Contains(t, string(b), "digraph journey", "DOT output")
		b, err = os.ReadFile(gj)
		require.NoError(t, err, "reading graph JSON output")
		var g struct {
			Nodes []any `json:"nodes"`
			Edges []any `json:"edges"`
		}
		require.NoError(t, json.Unmarshal(b, &g), "graph JSON parses")
		require.Len(t, g.Nodes, 6, "graph JSON nodes (4 transient + 2 absorbing)")
		require.Len(t, g.Edges, 13, "graph JSON edges (textbook has 13 observed transitions)")
	})
}
