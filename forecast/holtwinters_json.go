package forecast

import (
	"encoding/json"
	"fmt"
	"math"
)

const (
	hwJSONKind   = "forecast.HoltWintersModel"
	hwJSONFormat = 1
)

type hwJSON struct {
	Kind           string    `json:"kind"`
	Format         int       `json:"format"`
	Period         int       `json:"period"`
	Multiplicative bool      `json:"multiplicative"`
	Alpha          float64   `json:"alpha"`
	Beta           float64   `json:"beta"`
	Gamma          float64   `json:"gamma"`
	LevelStart     float64   `json:"l_start"`
	TrendStart     float64   `json:"b_start"`
	SeasonStart    []float64 `json:"s_start"`
	A              float64   `json:"a"`
	B              float64   `json:"b"`
	S              []float64 `json:"s"`
	SSE            float64   `json:"sse"`
	Fitted         []float64 `json:"fitted"`
	Residuals      []float64 `json:"residuals"`
}

// MarshalJSON encodes the model in a versioned envelope (kind
// "forecast.HoltWintersModel", format 1).
func (m *HoltWintersModel) MarshalJSON() ([]byte, error) {
	return json.Marshal(hwJSON{
		Kind: hwJSONKind, Format: hwJSONFormat, Period: m.m, Multiplicative: m.mult,
		Alpha: m.alpha, Beta: m.beta, Gamma: m.gamma,
		LevelStart: m.l0, TrendStart: m.b0, SeasonStart: m.s0,
		A: m.a, B: m.b, S: m.s, SSE: m.sse, Fitted: m.fitted, Residuals: m.resid,
	})
}

// UnmarshalJSON decodes a model written by MarshalJSON.
func (m *HoltWintersModel) UnmarshalJSON(b []byte) error {
	var j hwJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("forecast: decoding Holt-Winters model: %w", err)
	}
	if j.Kind != hwJSONKind || j.Format != hwJSONFormat {
		return fmt.Errorf("%w: not a Holt-Winters model (kind %q, format %d)", ErrETSSpec, j.Kind, j.Format)
	}
	if j.Period < 2 || len(j.S) != j.Period || len(j.SeasonStart) != j.Period || len(j.Fitted) != len(j.Residuals) || len(j.Residuals) < 2 {
		return fmt.Errorf("%w: Holt-Winters model with period %d, %d seasonal values, %d residuals", ErrETSSpec, j.Period, len(j.S), len(j.Residuals))
	}
	for _, v := range []float64{j.Alpha, j.Beta, j.Gamma} {
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("%w: Holt-Winters parameter %v outside [0, 1]", ErrETSSpec, v)
		}
	}
	if math.IsNaN(j.A) || math.IsNaN(j.B) {
		return fmt.Errorf("%w: Holt-Winters state not finite", ErrETSSpec)
	}
	*m = HoltWintersModel{
		m: j.Period, mult: j.Multiplicative, alpha: j.Alpha, beta: j.Beta, gamma: j.Gamma,
		l0: j.LevelStart, b0: j.TrendStart, s0: j.SeasonStart,
		a: j.A, b: j.B, s: j.S, sse: j.SSE, fitted: j.Fitted, resid: j.Residuals,
	}
	return nil
}
