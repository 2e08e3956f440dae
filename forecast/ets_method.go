package forecast

import (
	"context"
	"fmt"
)

// Method returns the ETS specification as a batch [Method]: each call fits
// the spec with Period set to the series' period and forecasts horizon
// steps with [ETSModel.Forecast]. The description is the model label, e.g.
// "ETS(M,A,M)". Candidates are fitted one after another unless Workers is
// set, since the batch runner already works on several series at once.
func (c ETS) Method() Method {
	return func(ctx context.Context, y []float64, period, horizon int, levels []float64) (Forecast, string, error) {
		spec := c
		spec.Period = period
		if spec.Workers == 0 {
			spec.Workers = 1 // the batch runner parallelises over series
		}
		m, err := spec.Fit(ctx, y)
		if err != nil {
			return Forecast{}, "", err
		}
		fc, err := m.Forecast(horizon, levels)
		if err != nil {
			return Forecast{}, "", err
		}
		return fc, m.Label(), nil
	}
}

// Update returns the model with the observations y appended to the series
// it was fitted to, without re-estimating: the smoothing parameters and
// initial states are kept and the filter is run over the longer series, so
// states, residuals, likelihood, criteria and sigma2 describe the new data
// (R's ets(y, model = fit, use.initial.values = TRUE)). The receiver is
// unchanged.
func (m *ETSModel) Update(y []float64) (*ETSModel, error) {
	for i, v := range y {
		if v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308 {
			return nil, fmt.Errorf("%w: new observation %d is %v", ErrETSData, i+1, v)
		}
		if m.sp.err == etsMult && v <= 0 {
			return nil, fmt.Errorf("%w: new observation %d is %v (multiplicative error needs positive data)", ErrETSData, i+1, v)
		}
	}
	all := make([]float64, 0, len(m.y)+len(y))
	all = append(all, m.y...)
	all = append(all, y...)
	nmse := 3
	if m.hwzz {
		// R's short-series Holt-Winters fallback: the same recursion at the
		// same smoothing parameters (its start values come from the data).
		return etsHoltWintersZZAt(context.Background(), all, m.sp.m, m.sp.trend != etsNone, m.sp.season, m.sp.trend == etsMult, &m.p)
	}
	up, err := etsModelFrom(all, m.sp, m.p, m.init, m.npar, nmse)
	if err != nil {
		return nil, err
	}
	up.candidates = m.candidates
	return up, nil
}
