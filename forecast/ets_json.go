package forecast

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
)

// etsJSONKind and etsJSONFormat identify the serialised form of an
// ETSModel.
const (
	etsJSONKind   = "forecast.ETSModel"
	etsJSONFormat = 1
)

type etsJSON struct {
	Kind       string         `json:"kind"`
	Format     int            `json:"format"`
	Error      string         `json:"error"`
	Trend      string         `json:"trend"`
	Season     string         `json:"season"`
	Damped     bool           `json:"damped"`
	Period     int            `json:"period"`
	Alpha      float64        `json:"alpha"`
	Beta       float64        `json:"beta"`
	Gamma      float64        `json:"gamma"`
	Phi        float64        `json:"phi"`
	Initial    []float64      `json:"initial_state"`
	NumParams  int            `json:"n_params"`
	Y          []float64      `json:"y"`
	Candidates []ETSCandidate `json:"candidates,omitempty"`
	// HoltWintersZZ marks R's short-series fallback, refitted on decoding
	// (it is deterministic in the series).
	HoltWintersZZ bool `json:"holt_winters_fallback,omitempty"`
}

// MarshalJSON encodes the model in a versioned envelope (kind
// "forecast.ETSModel", format 1): structure, parameters, initial state and
// the series; everything else is recomputed on decoding.
func (m *ETSModel) MarshalJSON() ([]byte, error) {
	cands := make([]ETSCandidate, len(m.candidates))
	for i, c := range m.candidates {
		// JSON has no Inf/NaN: failed candidates keep only their error.
		if math.IsInf(c.AICc, 0) || math.IsNaN(c.AICc) || math.IsNaN(c.LogLik) {
			c = ETSCandidate{Label: c.Label, Err: c.Err}
			if c.Err == "" {
				c.Err = "not fitted"
			}
		}
		cands[i] = c
	}
	return json.Marshal(etsJSON{
		Kind: etsJSONKind, Format: etsJSONFormat,
		Error: etsLetter(m.sp.err), Trend: etsLetter(m.sp.trend), Season: etsLetter(m.sp.season),
		Damped: m.sp.damped, Period: m.sp.m,
		Alpha: m.p.alpha, Beta: m.p.beta, Gamma: m.p.gamma, Phi: m.p.phi,
		Initial: m.init, NumParams: m.npar, Y: m.y, Candidates: cands,
		HoltWintersZZ: m.hwzz,
	})
}

// UnmarshalJSON decodes a model written by MarshalJSON, checking the
// envelope and re-running the filter.
func (m *ETSModel) UnmarshalJSON(b []byte) error {
	var j etsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("forecast: decoding ETS model: %w", err)
	}
	if j.Kind != etsJSONKind || j.Format != etsJSONFormat {
		return fmt.Errorf("%w: not an ETS model (kind %q, format %d)", ErrETSSpec, j.Kind, j.Format)
	}
	code := func(s string) (int, bool) {
		switch s {
		case "N":
			return etsNone, true
		case "A":
			return etsAdd, true
		case "M":
			return etsMult, true
		}
		return 0, false
	}
	e, ok1 := code(j.Error)
	t, ok2 := code(j.Trend)
	s, ok3 := code(j.Season)
	if !ok1 || !ok2 || !ok3 || e == etsNone || j.Period < 1 {
		return fmt.Errorf("%w: bad ETS model structure %s%s%s period %d", ErrETSSpec, j.Error, j.Trend, j.Season, j.Period)
	}
	sp := etsSpec{err: e, trend: t, season: s, damped: j.Damped, m: j.Period}
	if len(j.Initial) != sp.nstate() || len(j.Y) == 0 || j.NumParams < 1 || j.NumParams >= len(j.Y) {
		return fmt.Errorf("%w: ETS model has %d initial states (want %d), %d observations, %d parameters",
			ErrETSSpec, len(j.Initial), sp.nstate(), len(j.Y), j.NumParams)
	}
	var mod *ETSModel
	var err error
	if j.HoltWintersZZ {
		mod, err = etsHoltWintersZZAt(context.Background(), j.Y, sp.m, t != etsNone, s, t == etsMult,
			&etsParams{alpha: j.Alpha, beta: j.Beta, gamma: j.Gamma, phi: 1})
	} else {
		mod, err = etsModelFrom(j.Y, sp, etsParams{alpha: j.Alpha, beta: j.Beta, gamma: j.Gamma, phi: j.Phi}, j.Initial, j.NumParams, 3)
	}
	if err != nil {
		return err
	}
	for i := range j.Candidates {
		if j.Candidates[i].Err != "" {
			j.Candidates[i].AIC, j.Candidates[i].AICc, j.Candidates[i].BIC = math.Inf(1), math.Inf(1), math.Inf(1)
			j.Candidates[i].LogLik = math.NaN()
		}
	}
	mod.candidates = j.Candidates
	*m = *mod
	return nil
}
