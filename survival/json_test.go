package survival

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCoxModelJSONRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range []coxCase{coxCases[3], coxCases[4], coxCases[5]} {
		t.Run(tc.dir, func(t *testing.T) {
			var want coxJSON
			readJSON(t, tc.dir+"/expected.json", &want)
			d, _ := coxInput(t, tc, &want)
			m, err := Cox{Robust: tc.robust, Ridge: tc.ridge}.Fit(context.Background(), d)
			require.NoErrorf(t, err, "Cox.Fit(%s)", tc.dir)
			var buf bytes.Buffer
			require.NoErrorf(t, m.Save(&buf), "CoxModel.Save(%s)", tc.dir)
			first := buf.String()
			m2, err := LoadCox(&buf)
			require.NoErrorf(t, err, "LoadCox(%s)", tc.dir)
			var buf2 bytes.Buffer
			require.NoErrorf(t, m2.Save(&buf2), "CoxModel.Save(reloaded %s)", tc.dir)
			require.Equalf(t, first, buf2.String(), "CoxModel JSON round trip (%s)", tc.dir)
			require.Equalf(t, m.Coef, m2.Coef, "CoxModel round trip Coef (%s)", tc.dir)
			lp1, err := m.LinearPredictors(nil, d.X, d.Strata, true)
			require.NoError(t, err, "LinearPredictors")
			lp2, err := m2.LinearPredictors(nil, d.X, d.Strata, true)
			require.NoError(t, err, "LinearPredictors")
			require.Equalf(t, lp1, lp2, "CoxModel round trip predictions (%s)", tc.dir)
		})
	}
	for _, bad := range []string{`{"kind":"other","format":1,"model":{}}`, `{"kind":"survival.CoxModel","format":1,"model":{"coef":[1]}}`, `not json`} {
		_, err := LoadCox(strings.NewReader(bad))
		require.Truef(t, errors.Is(err, ErrFormat), "LoadCox(%q): got %v", bad, err)
	}
}

func TestCoxPredictAllocs(t *testing.T) {
	var want coxJSON
	readJSON(t, "lung_cox_efron/expected.json", &want)
	d, _ := coxInput(t, coxCases[0], &want)
	m, err := Cox{}.Fit(context.Background(), d)
	require.NoError(t, err, "Cox.Fit(lung)")
	x := []float64{60, 1, 1, 80, 5}
	times := []float64{100, 300, 500}
	dst := make([]float64, 3)
	allocs := testing.AllocsPerRun(100, func() {
		_ = m.LinearPredictor(x)
		_, _ = m.SurvivalAt(dst, x, "", times)
	})
	require.Zerof(t, allocs, "CoxModel.LinearPredictor/SurvivalAt allocations")
}
