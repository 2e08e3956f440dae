package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The three public metrics cases live in ../../metrics/testdata (copies of
// shared/reference/metrics, scikit-learn 1.2.1 / scipy 1.10.1); the CLI must
// reproduce every field of their expected.json at relative 1e-12.
const metricsRefDir = "../../metrics/testdata"

var metricsCases = []string{"basic_ties", "weighted_coarse", "imbalanced_small"}

// metricsDecode parses JSON keeping numbers exact (json.Number).
func metricsDecode(t *testing.T, b []byte, what string) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	require.NoErrorf(t, d.Decode(&m), "decode %s", what)
	return m
}

// metricsStrings are the text fields compared exactly; other text fields of
// expected.json are notes.
var metricsStrings = map[string]bool{"threshold_rule": true, "confusion_matrix_layout": true, "strategy": true, "ks_method": true}

// metricsCompare requires got to hold every field of want with the same
// value: numbers at relative 1e-12, arrays element by element, objects
// recursively, null as null.
func metricsCompare(t *testing.T, want, got any, path string) {
	t.Helper()
	switch w := want.(type) {
	case nil:
		require.Nilf(t, got, "%s: want null", path)
	case json.Number:
		g, ok := got.(json.Number)
		require.Truef(t, ok, "%s: want number %s, got %v", path, w, got)
		wf, err := w.Float64()
		require.NoErrorf(t, err, "%s", path)
		gf, err := g.Float64()
		require.NoErrorf(t, err, "%s", path)
		if wf != gf {
			require.LessOrEqualf(t, math.Abs(gf-wf), 1e-12*math.Abs(wf), "%s: want %v got %v", path, wf, gf)
		}
	case string:
		if metricsStrings[path[strings.LastIndex(path, ".")+1:]] {
			require.Equalf(t, w, got, "%s", path)
		}
	case []any:
		g, ok := got.([]any)
		require.Truef(t, ok, "%s: want array, got %v", path, got)
		require.Lenf(t, g, len(w), "%s", path)
		for i := range w {
			metricsCompare(t, w[i], g[i], fmt.Sprintf("%s[%d]", path, i))
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		require.Truef(t, ok, "%s: want object, got %v", path, got)
		for k, v := range w {
			if _, isStr := v.(string); isStr && !metricsStrings[k] {
				continue
			}
			gv, ok := g[k]
			require.Truef(t, ok, "%s: output has no field %q", path, k)
			metricsCompare(t, v, gv, path+"."+k)
		}
	default:
		t.Fatalf("%s: unexpected JSON value %T", path, want)
	}
}

func TestMetricsCLI(t *testing.T) {
	for _, name := range metricsCases {
		dir := filepath.Join(metricsRefDir, name)
		b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
		require.NoErrorf(t, err, "read %s/expected.json", name)
		exp := metricsDecode(t, b, name+"/expected.json")
		cls := exp["classification"].(map[string]any)

		t.Run(name+"/classification", func(t *testing.T) {
			stdout, stderr, code := runCLI("metrics", "classification", "--data", filepath.Join(dir, "classification.csv"),
				"--truth", "y_true", "--score", "y_score", "--json")
			require.Equalf(t, 0, code, "metrics classification %s: stderr %s", name, stderr)
			got := metricsDecode(t, []byte(stdout), "output")
			metricsCompare(t, cls["unweighted"], got, name+".unweighted")
			want := map[string]any{}
			for k, v := range cls {
				if k != "weighted" && k != "n_zero_weights" && k != "weight_sum" {
					want[k] = v
				}
			}
			metricsCompare(t, want, got, name+".classification")
		})
		if cls["weighted"] != nil {
			t.Run(name+"/classification-weighted", func(t *testing.T) {
				stdout, stderr, code := runCLI("metrics", "classification", "--data", filepath.Join(dir, "classification.csv"),
					"--truth", "y_true", "--score", "y_score", "--weight", "weight", "--json")
				require.Equalf(t, 0, code, "metrics classification --weight %s: stderr %s", name, stderr)
				got := metricsDecode(t, []byte(stdout), "output")
				metricsCompare(t, cls["weighted"], got, name+".weighted")
				metricsCompare(t, cls, got, name+".classification")
			})
		}
		t.Run(name+"/regression", func(t *testing.T) {
			stdout, stderr, code := runCLI("metrics", "regression", "--data", filepath.Join(dir, "regression.csv"),
				"--truth", "y_true", "--pred", "y_pred", "--insample", filepath.Join(dir, "insample.csv"),
				"--insample-column", "y", "--period", "1", "--json")
			require.Equalf(t, 0, code, "metrics regression %s: stderr %s", name, stderr)
			metricsCompare(t, exp["regression"], metricsDecode(t, []byte(stdout), "output"), name+".regression")
		})
		t.Run(name+"/drift", func(t *testing.T) {
			stdout, stderr, code := runCLI("metrics", "drift", "--reference", filepath.Join(dir, "drift_expected.csv"),
				"--current", filepath.Join(dir, "drift_actual.csv"), "--column", "value", "--json")
			require.Equalf(t, 0, code, "metrics drift %s: stderr %s", name, stderr)
			metricsCompare(t, exp["drift"], metricsDecode(t, []byte(stdout), "output"), name+".drift")
		})
		t.Run(name+"/text", func(t *testing.T) {
			stdout, stderr, code := runCLI("metrics", "classification", "--data", filepath.Join(dir, "classification.csv"),
				"--truth", "y_true", "--score", "y_score")
			require.Equalf(t, 0, code, "metrics classification %s (text): stderr %s", name, stderr)
			require.Containsf(t, stdout, "ROC AUC", "metrics classification %s (text)", name)
		})
	}
}

func TestMetricsCLIBadInput(t *testing.T) {
	cls := filepath.Join(metricsRefDir, "basic_ties", "classification.csv")
	td := filepath.Join("testdata", "metrics")
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr []string // substrings the one-line message must contain
	}{
		{"missing column", []string{"metrics", "classification", "--data", cls, "--truth", "y_true", "--score", "nope", "--json"}, 1, []string{"nope"}},
		{"missing flag", []string{"metrics", "classification", "--data", cls, "--truth", "y_true", "--json"}, 2, []string{"--score"}},
		{"missing data flag", []string{"metrics", "regression", "--truth", "a", "--pred", "b"}, 2, []string{"--data"}},
		{"missing drift flag", []string{"metrics", "drift", "--reference", cls, "--current", cls}, 2, []string{"--column"}},
		{"unknown flag", []string{"metrics", "drift", "--nope"}, 2, []string{"nope"}},
		{"NaN score", []string{"metrics", "classification", "--data", filepath.Join(td, "nan_score.csv"), "--truth", "y_true", "--score", "y_score", "--json"}, 1, []string{`"y_score"`, "row 3", "NaN"}},
		{"missing score", []string{"metrics", "classification", "--data", filepath.Join(td, "missing_score.csv"), "--truth", "y_true", "--score", "y_score", "--json"}, 1, []string{`"y_score"`, "row 3", "missing"}},
		{"bad label", []string{"metrics", "classification", "--data", filepath.Join(td, "bad_label.csv"), "--truth", "y_true", "--score", "y_score", "--json"}, 1, []string{`"y_true"`, "row 2", "value 2"}},
		{"one class", []string{"metrics", "classification", "--data", filepath.Join(td, "one_class.csv"), "--truth", "y_true", "--score", "y_score", "--json"}, 1, []string{`"y_true"`, "one class"}},
		{"negative weight", []string{"metrics", "classification", "--data", filepath.Join(td, "negative_weight.csv"), "--truth", "y_true", "--score", "y_score", "--weight", "weight", "--json"}, 1, []string{`"weight"`, "row 2", "negative"}},
		{"no such file", []string{"metrics", "drift", "--reference", filepath.Join(td, "nope.csv"), "--current", cls, "--column", "y_score", "--json"}, 1, []string{"nope.csv"}},
		{"bad bins", []string{"metrics", "drift", "--reference", cls, "--current", cls, "--column", "y_score", "--bins", "0"}, 2, []string{"--bins"}},
		{"bad period", []string{"metrics", "regression", "--data", cls, "--truth", "y_true", "--pred", "y_score", "--insample", cls, "--period", "0"}, 2, []string{"--period"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(tc.args...)
			require.Equalf(t, tc.code, code, "sibyl %v: stderr %s", tc.args, stderr)
			require.Emptyf(t, stdout, "sibyl %v: stdout must be empty on error", tc.args)
			require.Equalf(t, 1, strings.Count(strings.TrimSpace(stderr), "\n")+1, "sibyl %v: one-line error, got %q", tc.args, stderr)
			for _, s := range tc.stderr {
				require.Containsf(t, stderr, s, "sibyl %v: message", tc.args)
			}
		})
	}
}
