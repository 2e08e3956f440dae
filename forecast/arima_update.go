package forecast

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// Update returns a copy of the model that has also seen the observations
// y (NaN = missing) appended to the series, without re-estimating: the
// Kalman filter continues from the stored state, so forecasts start after
// the last new observation. Coefficients, σ² and the information criteria
// stay those of the original fit; Residuals and Fitted grow by len(y).
// Models with regressors other than the drift need UpdateXreg.
func (m *ARIMAModel) Update(y []float64) (*ARIMAModel, error) {
	if m.userX > 0 {
		return nil, fmt.Errorf("%w: the model has %d regressors: use UpdateXreg", ErrBadConfig, m.userX)
	}
	return m.UpdateXreg(y, nil)
}

// UpdateXreg is Update for a regression with ARIMA errors; xreg[j] holds
// the values of regressor j at the new times.
func (m *ARIMAModel) UpdateXreg(y []float64, xreg [][]float64) (*ARIMAModel, error) {
	if len(xreg) != m.userX {
		return nil, fmt.Errorf("%w: %d regressors for a model with %d", ErrBadConfig, len(xreg), m.userX)
	}
	for j, c := range xreg {
		if len(c) != len(y) {
			return nil, fmt.Errorf("%w: regressor %d has %d values for %d observations", ErrBadConfig, j+1, len(c), len(y))
		}
	}
	x := y
	if m.cfg.BoxCox {
		var err error
		if x, err = BoxCox(nil, y, m.cfg.Lambda); err != nil {
			return nil, err
		}
	}
	w := make([]float64, len(x))
	narma := m.spec().narma()
	for t, v := range x {
		if math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: infinite value at index %d", ErrBadConfig, t)
		}
		k := narma
		if m.mean {
			v -= m.Coef[k]
			k++
		}
		if m.drift {
			v -= m.Coef[k] * float64(m.n+t+1)
			k++
		}
		for j := range xreg {
			v -= m.Coef[k+j] * xreg[j][t]
		}
		w[t] = v
	}
	c := *m
	c.ss = m.ss.clone()
	resid := make([]float64, len(w))
	c.ss.filter(w, false, resid)
	c.n = m.n + len(y)
	c.Residuals = append(append([]float64(nil), m.Residuals...), resid...)
	fitted := make([]float64, len(x))
	for t := range x {
		fitted[t] = x[t] - resid[t]
		if m.cfg.BoxCox {
			fitted[t] = invBoxCox(fitted[t], m.cfg.Lambda, m.cfg.BiasAdj, m.Sigma2)
		}
	}
	c.Fitted = append(append([]float64(nil), m.Fitted...), fitted...)
	return &c, nil
}

// arimaJSON is the versioned envelope of a saved ARIMA model.
type arimaJSON struct {
	Kind      string    `json:"kind"`
	Format    int       `json:"format"`
	Config    ARIMA     `json:"config"`
	Names     []string  `json:"names"`
	Coef      []float64 `json:"coef"`
	SE        []jsonNum `json:"se"`
	VarCoef   []float64 `json:"var_coef"`
	NFree     int       `json:"n_free"`
	ExactInit bool      `json:"exact_init,omitempty"`
	Sigma2    float64   `json:"sigma2"`
	Sigma2MLE float64   `json:"sigma2_mle"`
	LogLik    float64   `json:"loglik"`
	AIC       jsonNum   `json:"aic"`
	AICc      jsonNum   `json:"aicc"`
	BIC       jsonNum   `json:"bic"`
	NObs      int       `json:"nobs"`
	NStar     int       `json:"nstar"`
	NPar      int       `json:"npar"`
	Converged bool      `json:"converged"`
	N         int       `json:"n"`
	Mean      bool      `json:"mean"`
	Drift     bool      `json:"drift"`
	UserX     int       `json:"user_xreg"`
	NCXreg    int       `json:"n_xreg"`
	Residuals []jsonNum `json:"residuals"`
	Fitted    []jsonNum `json:"fitted"`
	Phi       []float64 `json:"phi"`
	Theta     []float64 `json:"theta"`
	Delta     []float64 `json:"delta"`
	State     []float64 `json:"state"`
	StateCov  []float64 `json:"state_cov"`
}

// jsonNum is a float64 that encodes NaN and ±Inf as null (decoded as NaN).
type jsonNum float64

func (x jsonNum) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

func (x *jsonNum) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = jsonNum(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*x = jsonNum(f)
	return nil
}

func toJSONNums(v []float64) []jsonNum {
	out := make([]jsonNum, len(v))
	for i, x := range v {
		out[i] = jsonNum(x)
	}
	return out
}

func fromJSONNums(v []jsonNum) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

const arimaKind, arimaFormat = "forecast.ARIMAModel", 1

// MarshalJSON encodes the fitted model, including the filter state needed
// to forecast, in a versioned envelope; UnmarshalJSON restores it exactly.
func (m *ARIMAModel) MarshalJSON() ([]byte, error) {
	return json.Marshal(arimaJSON{
		Kind: arimaKind, Format: arimaFormat, Config: m.cfg, Names: m.Names, Coef: m.Coef, SE: toJSONNums(m.SE),
		VarCoef: m.varCoef, NFree: m.nfree, ExactInit: m.ExactInit, Sigma2: m.Sigma2, Sigma2MLE: m.Sigma2MLE, LogLik: m.LogLik,
		AIC: jsonNum(m.AIC), AICc: jsonNum(m.AICc), BIC: jsonNum(m.BIC), NObs: m.NObs, NStar: m.NStar, NPar: m.NPar,
		Converged: m.Converged, N: m.n, Mean: m.mean, Drift: m.drift, UserX: m.userX, NCXreg: m.ncxreg,
		Residuals: toJSONNums(m.Residuals), Fitted: toJSONNums(m.Fitted),
		Phi: m.ss.phi, Theta: m.ss.theta, Delta: m.ss.delta, State: m.ss.a, StateCov: m.ss.P,
	})
}

// ErrFormat reports a saved model that cannot be decoded.
var ErrFormat = errors.New("forecast: invalid saved model")

// UnmarshalJSON decodes a model written by MarshalJSON.
func (m *ARIMAModel) UnmarshalJSON(b []byte) error {
	var j arimaJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if j.Kind != arimaKind || j.Format != arimaFormat {
		return fmt.Errorf("%w: kind %q format %d", ErrFormat, j.Kind, j.Format)
	}
	a, err := j.Config.spec()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if len(j.Coef) != len(j.Names) || len(j.SE) != len(j.Coef) || len(j.Coef) != a.narma()+j.NCXreg {
		return fmt.Errorf("%w: %d coefficients for %d names", ErrFormat, len(j.Coef), len(j.Names))
	}
	r := max(len(j.Phi), len(j.Theta)+1)
	rd := r + len(j.Delta)
	if len(j.Theta) != r-1 || len(j.State) != rd || len(j.StateCov) != rd*rd {
		return fmt.Errorf("%w: inconsistent filter state", ErrFormat)
	}
	ss := &ssModel{phi: j.Phi, theta: j.Theta, delta: j.Delta, r: r, d: len(j.Delta), rd: rd,
		a: j.State, P: j.StateCov, Pn: make([]float64, rd*rd),
		anew: make([]float64, rd), M: make([]float64, rd), mm: make([]float64, rd*rd)}
	for i, v := range j.Delta {
		if v != 0 {
			ss.dnz = append(ss.dnz, i)
		}
	}
	*m = ARIMAModel{
		cfg: j.Config, Names: j.Names, Coef: j.Coef, SE: fromJSONNums(j.SE), Sigma2: j.Sigma2, Sigma2MLE: j.Sigma2MLE,
		LogLik: j.LogLik, AIC: float64(j.AIC), AICc: float64(j.AICc), BIC: float64(j.BIC), NObs: j.NObs, NStar: j.NStar,
		NPar: j.NPar, Converged: j.Converged, Residuals: fromJSONNums(j.Residuals), Fitted: fromJSONNums(j.Fitted),
		varCoef: j.VarCoef, nfree: j.NFree, ExactInit: j.ExactInit, n: j.N, ss: ss, ncxreg: j.NCXreg, userX: j.UserX, mean: j.Mean, drift: j.Drift,
	}
	return nil
}
