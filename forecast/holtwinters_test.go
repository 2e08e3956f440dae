package forecast

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// hwCase is the part of a Holt-Winters reference case (R 4.2.2
// stats::HoltWinters, see testdata/ets/README.md) the tests use.
type hwCase struct {
	Period       int                `json:"period"`
	Seasonal     string             `json:"seasonal"`
	Alpha        float64            `json:"alpha"`
	Beta         float64            `json:"beta"`
	Gamma        float64            `json:"gamma"`
	Coefficients map[string]float64 `json:"coefficients"`
	SSE          float64            `json:"sse"`
	StartValues  struct {
		L float64   `json:"l_start"`
		B float64   `json:"b_start"`
		S []float64 `json:"s_start"`
	} `json:"start_values"`
	Fitted10 []float64       `json:"fitted_first10"`
	Horizon  int             `json:"horizon"`
	Forecast etsCaseForecast `json:"forecast"`
}

func TestHoltWintersReference(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"airpassengers_holtwinters_multiplicative", "co2_holtwinters_additive"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			y, _ := etsLoadCase(t, name)
			var c hwCase
			b, err := os.ReadFile(filepath.Join("testdata", "ets", name, "expected.json"))
			require.NoError(t, err, "read expected")
			require.NoError(t, json.Unmarshal(b, &c), "decode expected")
			spec := HoltWinters{Period: c.Period, Multiplicative: c.Seasonal == "multiplicative"}

			// At R's parameters everything must agree tightly.
			at, err := spec.FitParams(y, c.Alpha, c.Beta, c.Gamma)
			require.NoErrorf(t, err, "HoltWinters.FitParams(%s)", name)
			l0, b0, s0 := at.StartValues()
			etsRel(t, c.StartValues.L, l0, 1e-9, name+" l_start")
			etsRel(t, c.StartValues.B, b0, 1e-9, name+" b_start")
			etsRelSlice(t, c.StartValues.S, s0, 1e-9, name+" s_start")
			etsRel(t, c.SSE, at.SSE(), 1e-8, name+" SSE at R's parameters")
			a, bb, s := at.Coefficients()
			etsRel(t, c.Coefficients["a"], a, 1e-8, name+" a")
			etsRel(t, c.Coefficients["b"], bb, 1e-8, name+" b")
			for i := range s {
				etsRel(t, c.Coefficients["s"+strconv.Itoa(i+1)], s[i], 1e-8, name+" s"+strconv.Itoa(i+1))
			}
			etsRelSlice(t, c.Fitted10, at.Fitted(nil)[:10], 1e-8, name+" fitted")
			fc, err := at.Forecast(c.Horizon, []float64{80, 95})
			require.NoErrorf(t, err, "%s Forecast", name)
			etsRelSlice(t, c.Forecast.Mean, fc.Mean, 1e-8, name+" forecast mean")
			for i, lv := range []string{"80", "95"} {
				etsRelSlice(t, c.Forecast.Lower[lv], fc.Lower[i], 1e-6, name+" lower "+lv)
				etsRelSlice(t, c.Forecast.Upper[lv], fc.Upper[i], 1e-6, name+" upper "+lv)
			}

			// Our own optimum: an SSE at least as low as R's L-BFGS-B
			// (tolerance 1e-6 relative), parameters close.
			m, err := spec.Fit(context.Background(), y)
			require.NoErrorf(t, err, "HoltWinters.Fit(%s)", name)
			require.LessOrEqualf(t, m.SSE(), c.SSE*(1+1e-6), "HoltWinters.Fit(%s) SSE %v vs R %v", name, m.SSE(), c.SSE)
			al, be, ga := m.Params()
			t.Logf("%s: SSE sibyl %.10g R %.10g; alpha %.6g/%.6g beta %.6g/%.6g gamma %.6g/%.6g",
				name, m.SSE(), c.SSE, al, c.Alpha, be, c.Beta, ga, c.Gamma)
			fc2, err := m.Forecast(c.Horizon, []float64{80, 95})
			require.NoErrorf(t, err, "%s Forecast at our optimum", name)
			etsRelSlice(t, c.Forecast.Mean, fc2.Mean, 5e-3, name+" forecast mean at our optimum")
		})
	}
}

func TestHoltWintersBadInput(t *testing.T) {
	t.Parallel()
	y := make([]float64, 30)
	for i := range y {
		y[i] = 10 + float64(i%4)
	}
	zero := append([]float64(nil), y...)
	zero[3] = 0
	cases := []struct {
		name string
		spec HoltWinters
		y    []float64
		want error
	}{
		{"period 1", HoltWinters{Period: 1}, y, ErrETSSpec},
		{"under two periods", HoltWinters{Period: 12}, y[:20], ErrETSData},
		{"zero in multiplicative", HoltWinters{Period: 4, Multiplicative: true}, zero, ErrETSData},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := tc.spec.Fit(context.Background(), tc.y)
			require.ErrorIsf(t, err, tc.want, "HoltWinters%+v.Fit(%s)", tc.spec, tc.name)
			require.Nilf(t, m, "HoltWinters.Fit(%s) model", tc.name)
		})
	}
}

func TestHoltWintersUpdate(t *testing.T) {
	t.Parallel()
	t.Run("co2 update equals the full filter", func(t *testing.T) {
		t.Parallel()
		y, _ := etsLoadCase(t, "co2_holtwinters_additive")
		spec := HoltWinters{Period: 12}
		part, err := spec.FitParams(y[:400], 0.5, 0.01, 0.4)
		require.NoError(t, err, "FitParams(first 400)")
		up, err := part.Update(y[400:])
		require.NoError(t, err, "Update(last 68)")
		// Same start values come from the first two years either way.
		full, err := spec.FitParams(y, 0.5, 0.01, 0.4)
		require.NoError(t, err, "FitParams(all)")
		a1, b1, s1 := full.Coefficients()
		a2, b2, s2 := up.Coefficients()
		require.InDelta(t, a1, a2, 1e-9, "Update level")
		require.InDelta(t, b1, b2, 1e-12, "Update trend")
		require.InDeltaSlice(t, s1, s2, 1e-9, "Update seasonal")
		require.InDelta(t, full.SSE(), up.SSE(), 1e-9, "Update SSE")
		f1, err := full.Forecast(6, []float64{95})
		require.NoError(t, err, "Forecast(full)")
		f2, err := up.Forecast(6, []float64{95})
		require.NoError(t, err, "Forecast(updated)")
		require.InDeltaSlice(t, f1.Upper[0], f2.Upper[0], 1e-9, "Update intervals")
		_, err = part.Update([]float64{math.Inf(1)})
		require.ErrorIs(t, err, ErrETSData, "Update(Inf)")
	})
}

func TestHoltWintersJSONRoundTrip(t *testing.T) {
	t.Parallel()
	t.Run("airpassengers multiplicative", func(t *testing.T) {
		t.Parallel()
		y, _ := etsLoadCase(t, "airpassengers_holtwinters_multiplicative")
		m, err := HoltWinters{Period: 12, Multiplicative: true}.FitParams(y, 0.28, 0.03, 0.87)
		require.NoError(t, err, "FitParams")
		b, err := json.Marshal(m)
		require.NoError(t, err, "json.Marshal(HoltWintersModel)")
		var back HoltWintersModel
		require.NoError(t, json.Unmarshal(b, &back), "json.Unmarshal(HoltWintersModel)")
		f1, err := m.Forecast(24, []float64{80, 95})
		require.NoError(t, err, "Forecast original")
		f2, err := back.Forecast(24, []float64{80, 95})
		require.NoError(t, err, "Forecast decoded")
		require.Equal(t, f1, f2, "round trip forecast")
		require.ErrorIs(t, json.Unmarshal([]byte(`{"kind":"forecast.HoltWintersModel","format":1,"period":1}`), &back), ErrETSSpec, "bad period")
		require.ErrorIs(t, json.Unmarshal([]byte(`{"kind":"x","format":1}`), &back), ErrETSSpec, "bad kind")
	})
}
