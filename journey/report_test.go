package journey

import (
	"context"
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

// skipKeys are expected.json fields that describe the generator, not the
// data (the generating chain, Monte Carlo and R cross-checks, versions);
// self_checks are checked separately against our own values.
var skipKeys = map[string]bool{
	"case": true, "public": true, "true_transition_probs": true, "true_conversion_probability": true,
	"true_removal_effect": true, "true_second_order": true, "monte_carlo_check": true,
	"r_markovchain_check": true, "versions": true, "self_checks": true, "monte_carlo": true,
}

// isCount reports whether the value at path must match exactly.
func isCount(path string) bool {
	parts := strings.Split(path, "/")
	last := parts[len(parts)-1]
	return strings.Contains(path, "counts") || strings.HasPrefix(last, "n_") ||
		strings.HasSuffix(last, "_free_params") || last == "line" ||
		(strings.HasPrefix(path, "top_paths/") && last == "1")
}

// compareJSON walks want and reports every difference from got: counts
// exactly, other numbers to 1e-9 (relative above 1), objects with the same
// key sets.
func compareJSON(path string, want, got any, diffs *[]string) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: want object, got %T", path, got))
			return
		}
		var wk, gk []string
		for k := range w {
			if !skipKeys[k] {
				wk = append(wk, k)
			}
		}
		if path != "" {
			for k := range g {
				gk = append(gk, k)
			}
			sort.Strings(gk)
			sort.Strings(wk)
			if strings.Join(wk, "\x00") != strings.Join(gk, "\x00") && !strings.HasPrefix(path, "second_order") && !strings.HasPrefix(path, "log_likelihood") {
				*diffs = append(*diffs, fmt.Sprintf("%s: keys %q, got %q", path, wk, gk))
			}
		}
		for _, k := range wk {
			gv, ok := g[k]
			if !ok {
				*diffs = append(*diffs, fmt.Sprintf("%s/%s: missing", path, k))
				continue
			}
			compareJSON(strings.TrimPrefix(path+"/"+k, "/"), w[k], gv, diffs)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %v, got %v", path, want, got))
			return
		}
		for i := range w {
			compareJSON(fmt.Sprintf("%s/%d", path, i), w[i], g[i], diffs)
		}
	case float64:
		g, ok := got.(float64)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %v, got %v", path, want, got))
			return
		}
		if isCount(path) {
			if g != w {
				*diffs = append(*diffs, fmt.Sprintf("%s: want %v, got %v (exact)", path, w, g))
			}
			return
		}
		if math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %.17g, got %.17g", path, w, g))
		}
	default:
		if fmt.Sprint(want) != fmt.Sprint(got) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %v, got %v", path, want, got))
		}
	}
}

func loadExpected(t *testing.T, name string) map[string]any {
	b, err := os.ReadFile(filepath.Join("testdata", name, "expected.json"))
	require.NoErrorf(t, err, "reading %s expected.json", name)
	var m map[string]any
	require.NoErrorf(t, json.Unmarshal(b, &m), "parsing %s expected.json", name)
	return m
}

// publicCases are the reference cases in testdata: the four public ones, and
// verify_messy, a CRLF log without a final newline whose expected values come
// from the independent Python implementation of the README rules kept beside it
// (offsets such as +23:59 and -00:30, 1-9 fraction digits, leap days,
// Unicode and quoted channel names, duplicates differing in offset spelling,
// values such as "1." and ".5" kept and "0x10", "Infinity", " 5" rejected).
var publicCases = []string{"textbook", "messy", "synthetic_6ch", "second_order", "verify_messy"}

func TestReportMatchesReference(t *testing.T) {
	for _, name := range publicCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := loadExpected(t, name)
			f, err := os.Open(filepath.Join("testdata", name, "events.csv"))
			require.NoErrorf(t, err, "open %s", name)
			defer f.Close()
			cols := Columns{}
			if name != "textbook" {
				cols.Value = "value"
			}
			ctx := context.Background()
			l, err := ReadCSV(ctx, f, cols)
			require.NoErrorf(t, err, "ReadCSV(%s)", name)
			r, err := NewReport(ctx, l, ReportOptions{Paths: PathOptions{Conversion: "purchase"}})
			require.NoErrorf(t, err, "NewReport(%s)", name)
			b, err := json.Marshal(r)
			require.NoErrorf(t, err, "json.Marshal(Report(%s))", name)
			var got map[string]any
			require.NoErrorf(t, json.Unmarshal(b, &got), "json.Unmarshal(Report(%s))", name)
			var diffs []string
			compareJSON("", want, got, &diffs)
			require.Emptyf(t, diffs, "NewReport(%s) differs from expected.json", name)
			sc := got["self_checks"].(map[string]any)
			require.Equalf(t, true, sc["ok"], "NewReport(%s).self_checks = %v", name, sc)
		})
	}
}
