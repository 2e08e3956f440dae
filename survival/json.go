package survival

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// jnum is a float64 that encodes NaN and ±Inf as null (read back as NaN).
type jnum float64

func (x jnum) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

func (x *jnum) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = jnum(math.NaN())
		return nil
	}
	var f float64
	err := json.Unmarshal(b, &f)
	*x = jnum(f)
	return err
}

type testJSONv struct {
	Chisq jnum `json:"chisq"`
	DF    jnum `json:"df"`
	P     jnum `json:"p"`
}

// MarshalJSON writes the test with null for undefined values.
func (t Test) MarshalJSON() ([]byte, error) {
	return json.Marshal(testJSONv{jnum(t.Chisq), jnum(t.DF), jnum(t.P)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (t *Test) UnmarshalJSON(b []byte) error {
	var v testJSONv
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*t = Test{float64(v.Chisq), float64(v.DF), float64(v.P)}
	return nil
}

type concJSON struct {
	C          jnum `json:"concordance"`
	SE         jnum `json:"se"`
	Concordant jnum `json:"concordant"`
	Discordant jnum `json:"discordant"`
	TiedX      jnum `json:"tied_x"`
	TiedY      jnum `json:"tied_y"`
	TiedXY     jnum `json:"tied_xy"`
}

// MarshalJSON writes the concordance with null for undefined values.
func (c Concordance) MarshalJSON() ([]byte, error) {
	return json.Marshal(concJSON{jnum(c.C), jnum(c.SE), jnum(c.Concordant), jnum(c.Discordant), jnum(c.TiedX), jnum(c.TiedY), jnum(c.TiedXY)})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *Concordance) UnmarshalJSON(b []byte) error {
	var v concJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Concordance{float64(v.C), float64(v.SE), float64(v.Concordant), float64(v.Discordant), float64(v.TiedX), float64(v.TiedY), float64(v.TiedXY)}
	return nil
}

const (
	coxKind   = "survival.CoxModel"
	coxFormat = 1
)

type coxModelFields CoxModel

type coxEnvelope struct {
	Kind   string          `json:"kind"`
	Format int             `json:"format"`
	Model  *coxModelFields `json:"model"`
}

// MarshalJSON writes the model in a versioned envelope:
// {"kind": "survival.CoxModel", "format": 1, "model": {...}}.
func (m *CoxModel) MarshalJSON() ([]byte, error) {
	return json.Marshal(coxEnvelope{Kind: coxKind, Format: coxFormat, Model: (*coxModelFields)(m)})
}

// UnmarshalJSON reads a model written by MarshalJSON, checking its kind,
// format and shapes; problems wrap ErrFormat.
func (m *CoxModel) UnmarshalJSON(b []byte) error {
	var env coxEnvelope
	env.Model = new(coxModelFields)
	if err := json.Unmarshal(b, &env); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if env.Kind != coxKind || env.Format != coxFormat {
		return fmt.Errorf("%w: kind %q format %d (want %q format %d)", ErrFormat, env.Kind, env.Format, coxKind, coxFormat)
	}
	got := (*CoxModel)(env.Model)
	if err := got.check(); err != nil {
		return err
	}
	*m = *got
	return nil
}

func (m *CoxModel) check() error {
	p := len(m.Coef)
	bad := p == 0 || len(m.Names) != p || len(m.SE) != p || len(m.Means) != p || len(m.Var) != p*p || len(m.Baseline) == 0
	if m.Strata != nil && (len(m.Baseline) != len(m.Strata) || len(m.StrataMeans) != len(m.Strata)) {
		bad = true
	}
	for _, b := range m.Baseline {
		if len(b.Time) != len(b.CumHaz) || len(b.Time) != len(b.CumHazBreslow) {
			bad = true
		}
	}
	for _, mu := range m.StrataMeans {
		if len(mu) != p {
			bad = true
		}
	}
	if bad || !allFinite(m.Coef, m.Means) {
		return fmt.Errorf("%w: inconsistent model fields", ErrFormat)
	}
	return nil
}

// Save writes the model as JSON to w.
func (m *CoxModel) Save(w io.Writer) error {
	return json.NewEncoder(w).Encode(m)
}

// LoadCox reads a model written by Save.
func LoadCox(r io.Reader) (*CoxModel, error) {
	m := new(CoxModel)
	if err := json.NewDecoder(r).Decode(m); err != nil {
		if errors.Is(err, ErrFormat) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return m, nil
}
