package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMetricsBadFiles checks the CLI's error paths on the three verbs: one
// line on stderr naming the file, column, row or value, nothing on stdout,
// exit 1 (2 for usage errors).
func TestMetricsBadFiles(t *testing.T) {
	const nonnum, ragged = "testdata/metrics/nonnumeric_score.csv", "testdata/metrics/ragged.csv"
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"classification no such file", []string{"classification", "--data", "testdata/metrics/nope.csv", "--truth", "y_true", "--score", "y_score"}, 1, []string{"nope.csv", "no such file"}},
		{"classification missing column", []string{"classification", "--data", nonnum, "--truth", "y_tru", "--score", "y_score"}, 1, []string{"y_tru", "no such column"}},
		{"classification non-numeric score", []string{"classification", "--data", nonnum, "--truth", "y_true", "--score", "y_score"}, 1, []string{"nonnumeric_score.csv", `"y_score"`, "row 2", `"abc"`, "not a number"}},
		{"classification ragged row", []string{"classification", "--data", ragged, "--truth", "y_true", "--score", "y_score"}, 1, []string{"ragged.csv", "line 3", "3 fields"}},
		{"classification bad threshold", []string{"classification", "--data", nonnum, "--truth", "y_true", "--score", "y_score", "--threshold", "abc"}, 2, []string{"threshold"}},
		{"regression non-numeric pred", []string{"regression", "--data", nonnum, "--truth", "y_true", "--pred", "y_score"}, 1, []string{`"y_score"`, "row 2", `"abc"`}},
		{"regression no pred flag", []string{"regression", "--data", nonnum, "--truth", "y_true"}, 2, []string{"--pred"}},
		{"drift non-numeric current", []string{"drift", "--reference", ragged + "x", "--current", nonnum, "--column", "y_score"}, 1, []string{"ragged.csvx"}},
		{"drift non-numeric reference", []string{"drift", "--reference", nonnum, "--current", nonnum, "--column", "y_score"}, 1, []string{`"y_score"`, "row 2", `"abc"`}},
		{"drift ragged", []string{"drift", "--reference", ragged, "--current", nonnum, "--column", "y_score"}, 1, []string{"ragged.csv", "line 3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(append(append([]string{"metrics"}, tc.args...), "--json")...)
			require.Equalf(t, tc.code, code, "metrics %v: exit code (stderr %q)", tc.args, stderr)
			require.Emptyf(t, stdout, "metrics %v: stdout", tc.args)
			require.Equalf(t, 1, strings.Count(strings.TrimRight(stderr, "\n"), "\n")+1, "metrics %v: one line on stderr: %q", tc.args, stderr)
			for _, w := range tc.want {
				require.Containsf(t, stderr, w, "metrics %v: stderr", tc.args)
			}
		})
	}
}

// TestMetricsHiddenCases runs the CLI on fresh sklearn/scipy cases beyond
// the public ones (metrics/testdata/hidden, written by make_hidden.py) and
// compares every field to 1e-12 relative.
func TestMetricsHiddenCases(t *testing.T) {
	dir := filepath.Join("..", "..", "metrics", "testdata", "hidden")
	cases, names := loadHiddenCases(t, dir)
	tol := func(string) float64 { return 1e-12 }
	for _, name := range names {
		c := cases[name]
		t.Run(name, func(t *testing.T) {
			args := append([]string(nil), c.Args...)
			for i := 0; i+1 < len(args); i++ {
				switch args[i] {
				case "--data", "--insample", "--reference", "--current":
					args[i+1] = filepath.Join(dir, args[i+1])
				}
			}
			stdout, stderr, code := runCLI(args...)
			require.Equalf(t, 0, code, "%s: exit code (stderr %q)", name, stderr)
			var got map[string]any
			require.NoErrorf(t, json.Unmarshal([]byte(stdout), &got), "%s: decode output", name)
			hiddenCompare(t, tol, name, "", c.Expected, got)
		})
	}
}
