package churn

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 800
	}
	d := synthChurn(n, 10, 4)
	v := synthChurn(500, 10, 5)
	cat := &Data{X: make([]float64, len(d.X)), Label: d.Label, Features: d.Features}
	copy(cat.X, d.X)
	for r := range d.NumRows() {
		cat.X[r*10+7] = float64(r % 5) // a categorical column
	}
	yreg := make([]float64, d.NumRows())
	for r := range yreg {
		yreg[r] = d.X[r*10] * 2 // column 0 has no missing values
	}
	trained := func(cfg Config, data *Data) *Model {
		m, err := cfg.Fit(context.Background(), data, nil)
		require.NoError(t, err)
		return m
	}
	models := map[string]*Model{
		"binary":      trained(Config{Rounds: 20}, d),
		"categorical": trained(Config{Rounds: 10, Categorical: []string{"f7"}, Monotone: map[string]int{"f0": 1}}, cat),
		"regression":  trained(Config{Rounds: 5, Objective: "reg:squarederror"}, &Data{X: d.X, Features: d.Features, Label: yreg}),
		"xgboost":     loadImported(t),
	}
	for name, m := range models {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, m.Save(&buf), "Save(%s)", name)
			first := buf.String()
			got, err := Load(&buf)
			require.NoErrorf(t, err, "Load(Save(%s))", name)
			var again bytes.Buffer
			require.NoError(t, got.Save(&again))
			require.Equal(t, first, again.String(), "Save(Load(Save(%s))) is byte-identical", name)
			x := v.X
			if name == "xgboost" {
				_, test := readCSV(t, "testdata/xgb_import_mlc/test.csv")
				x, _, _ = splitXY(test)
			}
			require.Equal(t, m.MarginDense(nil, x), got.MarginDense(nil, x), "margins after Load(Save(%s))", name)
			require.Equal(t, m.LeafIndicesDense(nil, x), got.LeafIndicesDense(nil, x), "leaves after Load(Save(%s))", name)
			require.Equal(t, m.Config().Rounds, got.Config().Rounds, "Config after Load(Save(%s))", name)
		})
	}
}

func TestLoadErrors(t *testing.T) {
	var buf bytes.Buffer
	m, err := Config{Rounds: 2}.Fit(context.Background(), synthChurn(500, 10, 1), nil)
	require.NoError(t, err)
	require.NoError(t, m.Save(&buf))
	good := buf.String()
	cases := []struct {
		name string
		edit func(string) string
	}{
		{"future version", func(s string) string { return strings.Replace(s, `"churn/v1"`, `"churn/v9"`, 1) }},
		{"kind", func(s string) string { return strings.Replace(s, `"churn.Model"`, `"survival.Cox"`, 1) }},
		{"xgboost json", func(string) string { return `{"learner":{},"version":[1,7,4]}` }},
		{"truncated", func(s string) string { return s[:len(s)/3] }},
		{"empty", func(string) string { return "" }},
		{"bad child", func(s string) string { return strings.Replace(s, `"left":[1,`, `"left":[0,`, 1) }},
		{"bad feature", func(s string) string { return strings.Replace(s, `"feature":[`, `"feature":[99,`, 1) }},
		{"objective", func(s string) string { return strings.Replace(s, `"binary:logistic"`, `"multi:softmax"`, 1) }},
		{"no features", func(s string) string {
			return strings.Replace(s, `"features":["f0","f1","f2","f3","f4","f5","f6","f7","f8","f9"]`, `"features":[]`, 1)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.edit(good)
			require.NotEqual(t, good, s, "the edit must change the file")
			got, err := Load(strings.NewReader(s))
			require.Nilf(t, got, "Load(%s)", tc.name)
			require.Truef(t, errors.Is(err, ErrFormat), "Load(%s) = %v, want ErrFormat", tc.name, err)
		})
	}
}
