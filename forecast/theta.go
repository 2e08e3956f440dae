package forecast

import (
	"context"
	"fmt"
	"math"
)

// Theta specifies the standard Theta method of Assimakopoulos and
// Nikolopoulos (2000) as R's forecast::thetaf (Hyndman and Billah 2003):
// simple exponential smoothing (ETS(A,N,N) fitted by MSE) plus half the
// slope b of a linear trend,
//
//	yhat_{n+h} = l_n + (b/2) (h - 1 + (1 - (1-alpha)^n)/alpha)
//	se_h = sigma sqrt((h-1) alpha^2 + 1)
//
// on the series seasonally adjusted by a multiplicative classical
// decomposition when the lag-m autocorrelation is significant at 90%
// (|r_m| > 1.645 sqrt((1 + 2 sum_{k<m} r_k^2)/n)), with the seasonal
// indices multiplied back into the forecasts.
//
// References:
//
//	Assimakopoulos, V. and Nikolopoulos, K. (2000). The theta model: a
//	decomposition approach to forecasting. International Journal of
//	Forecasting 16(4), 521-530. doi:10.1016/S0169-2070(00)00066-2.
//	Hyndman, R. J. and Billah, B. (2003). Unmasking the Theta method.
//	International Journal of Forecasting 19(2), 287-290.
//	doi:10.1016/S0169-2070(01)00143-1.
type Theta struct {
	// Period is the seasonal period m; zero means 1 (no seasonal test).
	Period int `json:"period"`
}

// ThetaModel is a fitted Theta model; immutable and safe for concurrent use.
type ThetaModel struct {
	ses      *ETSModel
	alpha    float64
	drift    float64
	n        int
	seasonal []float64 // indices for steps 1..m after the sample; nil if none
}

// Fit fits the Theta method to y.
func (c Theta) Fit(ctx context.Context, y []float64) (*ThetaModel, error) {
	m := c.Period
	if m == 0 {
		m = 1
	}
	if m < 0 {
		return nil, fmt.Errorf("%w: period %d is negative", ErrETSSpec, m)
	}
	n := len(y)
	if n == 0 {
		return nil, fmt.Errorf("%w: empty series", ErrETSData)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: observation %d is %v", ErrETSData, i+1, v)
		}
	}
	seasonal := false
	if m > 1 && !etsConstant(y) && n > 2*m {
		r := acf(y, m)
		s := 0.0
		for k := 1; k < m; k++ {
			s += r[k] * r[k]
		}
		stat := math.Sqrt((1 + 2*s) / float64(n))
		seasonal = math.Abs(r[m])/stat > normQuantile(0.95)
	}
	x := y
	var fig []float64
	if seasonal {
		fig = decomposeSeasonal(y, m, true)
		ok := true
		for _, f := range fig {
			if math.Abs(f) < 1e-4 {
				ok = false
			}
		}
		if ok {
			x = make([]float64, n)
			for t := range x {
				x[t] = y[t] / fig[t%m]
			}
		} else {
			seasonal = false
		}
	}
	ses, err := ETS{Model: "ANN", OptCrit: "mse"}.Fit(ctx, x)
	if err != nil {
		return nil, fmt.Errorf("theta: %w", err)
	}
	// Slope of lsfit(0:(n-1), x).
	_, b := lineFitFrom(0, x)
	tm := &ThetaModel{ses: ses, alpha: math.Max(1e-10, ses.p.alpha), drift: b / 2, n: n}
	if seasonal {
		tm.seasonal = make([]float64, m)
		for i := range tm.seasonal {
			tm.seasonal[i] = fig[(n+i)%m]
		}
	}
	return tm, nil
}

// acf returns the sample autocorrelations r_0..r_maxLag.
func acf(y []float64, maxLag int) []float64 {
	n := len(y)
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(n)
	r := make([]float64, maxLag+1)
	var c0 float64
	for _, v := range y {
		c0 += (v - mean) * (v - mean)
	}
	for k := 0; k <= maxLag && k < n; k++ {
		s := 0.0
		for t := 0; t+k < n; t++ {
			s += (y[t] - mean) * (y[t+k] - mean)
		}
		r[k] = s / c0
	}
	return r
}

// Alpha is the smoothing parameter of the underlying SES.
func (m *ThetaModel) Alpha() float64 { return m.alpha }

// Drift is half the slope of the linear trend (R's model$drift).
func (m *ThetaModel) Drift() float64 { return m.drift }

// Sigma2 is the SES residual variance on the adjusted series.
func (m *ThetaModel) Sigma2() float64 { return m.ses.Sigma2() }

// Forecast returns h-step Theta forecasts with intervals at levels (percent).
func (m *ThetaModel) Forecast(h int, levels []float64) (Forecast, error) {
	fc, err := m.ses.Forecast(h, nil)
	if err != nil {
		return Forecast{}, err
	}
	if err := checkETSForecastArgs(h, levels); err != nil {
		return Forecast{}, err
	}
	a := m.alpha
	sd := math.Sqrt(m.ses.Sigma2())
	mean := fc.Mean
	se := make([]float64, h)
	for i := range mean {
		mean[i] += m.drift * (float64(i) + (1-math.Pow(1-a, float64(m.n)))/a)
		if m.seasonal != nil {
			mean[i] *= m.seasonal[i%len(m.seasonal)]
		}
		se[i] = sd * math.Sqrt(float64(i)*a*a+1)
	}
	out := Forecast{Mean: mean, Levels: append([]float64(nil), levels...)}
	for _, lv := range levels {
		z := -normQuantile(0.5 - lv/200)
		lo := make([]float64, h)
		up := make([]float64, h)
		for i := range mean {
			lo[i] = mean[i] - z*se[i]
			up[i] = mean[i] + z*se[i]
		}
		out.Lower = append(out.Lower, lo)
		out.Upper = append(out.Upper, up)
	}
	return finiteForecast(out, "theta")
}

// Method returns the Theta method as a batch [Method] using the series'
// period for the seasonality test.
func (c Theta) Method() Method {
	return func(ctx context.Context, y []float64, period, horizon int, levels []float64) (Forecast, string, error) {
		spec := c
		spec.Period = period
		m, err := spec.Fit(ctx, y)
		if err != nil {
			return Forecast{}, "", err
		}
		fc, err := m.Forecast(horizon, levels)
		return fc, "Theta", err
	}
}
