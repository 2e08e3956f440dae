package metrics

import (
	"math"
	"slices"
)

// checkRegression validates y and yhat (same length, non-empty, finite) and
// the optional weights, and returns the weight sum.
func checkRegression(y, yhat, w []float64) error {
	if err := checkPair(y, yhat); err != nil {
		return err
	}
	if err := checkFinite("y", y); err != nil {
		return err
	}
	if err := checkFinite("y_pred", yhat); err != nil {
		return err
	}
	_, err := checkWeights(w, len(y))
	return err
}

// MAE returns the (weighted) mean absolute error, as scikit-learn's
// mean_absolute_error:
//
//	MAE = sum_i w_i |y_i - ŷ_i| / sum_i w_i
//
// Weights w may be nil (all ones).
func MAE(y, yhat, w []float64) (float64, error) {
	if err := checkRegression(y, yhat, w); err != nil {
		return math.NaN(), err
	}
	a := make([]float64, len(y))
	for i := range y {
		a[i] = math.Abs(yhat[i] - y[i])
	}
	return average(a, w, a), nil
}

// MSE returns the (weighted) mean squared error,
//
//	MSE = sum_i w_i (y_i - ŷ_i)^2 / sum_i w_i
func MSE(y, yhat, w []float64) (float64, error) {
	if err := checkRegression(y, yhat, w); err != nil {
		return math.NaN(), err
	}
	a := make([]float64, len(y))
	for i := range y {
		d := y[i] - yhat[i]
		a[i] = d * d
	}
	return average(a, w, a), nil
}

// RMSE is the square root of MSE (scikit-learn's
// mean_squared_error(squared=False)).
func RMSE(y, yhat, w []float64) (float64, error) {
	m, err := MSE(y, yhat, w)
	return math.Sqrt(m), err
}

// mapeEps is scikit-learn's floor on |y| in MAPE: float64 machine epsilon.
const mapeEps = 0x1p-52

// MAPE returns the mean absolute percentage error as a fraction (not %), as
// scikit-learn's mean_absolute_percentage_error:
//
//	MAPE = sum_i w_i |y_i - ŷ_i| / max(|y_i|, ε) / sum_i w_i,  ε = 2^-52
//
// A zero y_i therefore gives a huge but finite value rather than Inf.
func MAPE(y, yhat, w []float64) (float64, error) {
	if err := checkRegression(y, yhat, w); err != nil {
		return math.NaN(), err
	}
	a := make([]float64, len(y))
	for i := range y {
		a[i] = math.Abs(yhat[i]-y[i]) / max(math.Abs(y[i]), mapeEps)
	}
	return average(a, w, a), nil
}

// R2 returns the coefficient of determination, as scikit-learn's r2_score:
//
//	R² = 1 - sum_i w_i (y_i - ŷ_i)^2 / sum_i w_i (y_i - ȳ_w)^2
//
// with ȳ_w the weighted mean of y. When y is constant (zero denominator) it
// is 1 for a perfect prediction and 0 otherwise (force_finite=True).
//
// References:
//
//	Kvålseth TO (1985). Cautionary note about R². The American
//	Statistician 39(4), 279-285.
func R2(y, yhat, w []float64) (float64, error) {
	if err := checkRegression(y, yhat, w); err != nil {
		return math.NaN(), err
	}
	n := len(y)
	a := make([]float64, n)
	for i := range y {
		d := y[i] - yhat[i]
		a[i] = weight(w, i) * (d * d)
	}
	num := pairwiseSum(a)
	ybar := average(y, w, a)
	for i := range y {
		d := y[i] - ybar
		a[i] = weight(w, i) * (d * d)
	}
	den := pairwiseSum(a)
	if den == 0 {
		if num == 0 {
			return 1, nil
		}
		return 0, nil
	}
	return 1 - num/den, nil
}

// MedianAE returns the median of |y_i - ŷ_i| (the mean of the two middle
// values when n is even), as scikit-learn's median_absolute_error.
func MedianAE(y, yhat []float64) (float64, error) {
	if err := checkRegression(y, yhat, nil); err != nil {
		return math.NaN(), err
	}
	a := make([]float64, len(y))
	for i := range y {
		a[i] = math.Abs(y[i] - yhat[i])
	}
	return median(a), nil
}

// median sorts x in place and returns its median (NumPy's: the mean of the
// two middle values for even n).
func median(x []float64) float64 {
	slices.Sort(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}

// Pinball returns the mean pinball (quantile) loss at level alpha in
// [0, 1], as scikit-learn's mean_pinball_loss:
//
//	L_α = sum_i w_i (α max(y_i - ŷ_i, 0) + (1-α) max(ŷ_i - y_i, 0)) / sum_i w_i
//
// α = 0.5 gives MAE/2.
//
// References:
//
//	Koenker R, Bassett G (1978). Regression quantiles. Econometrica 46(1),
//	33-50.
func Pinball(y, yhat, w []float64, alpha float64) (float64, error) {
	if !(alpha >= 0 && alpha <= 1) {
		return math.NaN(), valueErr("alpha", 0, alpha, ErrRange)
	}
	if err := checkRegression(y, yhat, w); err != nil {
		return math.NaN(), err
	}
	a := make([]float64, len(y))
	for i := range y {
		d := y[i] - yhat[i]
		if d >= 0 {
			a[i] = alpha * d
		} else {
			a[i] = -(1 - alpha) * d
		}
	}
	return average(a, w, a), nil
}

// SMAPE returns the symmetric mean absolute percentage error as a fraction
// in [0, 2]:
//
//	sMAPE = (1/n) sum_i 2|y_i - ŷ_i| / (|y_i| + |ŷ_i|)
//
// where a term with |y_i| + |ŷ_i| = 0 counts as 0.
//
// References:
//
//	Makridakis S (1993). Accuracy measures: theoretical and practical
//	concerns. International Journal of Forecasting 9(4), 527-529.
//	Hyndman RJ, Koehler AB (2006). Another look at measures of forecast
//	accuracy. International Journal of Forecasting 22(4), 679-688.
func SMAPE(y, yhat []float64) (float64, error) {
	if err := checkRegression(y, yhat, nil); err != nil {
		return math.NaN(), err
	}
	a := make([]float64, len(y))
	for i := range y {
		den := math.Abs(y[i]) + math.Abs(yhat[i])
		if den != 0 {
			a[i] = 2 * math.Abs(y[i]-yhat[i]) / den
		}
	}
	return mean(a), nil
}

// MASEScale returns the in-sample mean absolute seasonal-naive error that
// scales MASE, for seasonal period m (zero means 1):
//
//	scale = (1/(T-m)) sum_{t=m+1..T} |x_t - x_{t-m}|
//
// It returns ErrScale when T <= m or the scale is zero.
func MASEScale(insample []float64, m int) (float64, error) {
	if m == 0 {
		m = 1
	}
	if m < 0 {
		return math.NaN(), valueErr("m", 0, float64(m), ErrRange)
	}
	if err := checkFinite("insample", insample); err != nil {
		return math.NaN(), err
	}
	if len(insample) <= m {
		return math.NaN(), ErrScale
	}
	d := make([]float64, len(insample)-m)
	for t := range d {
		d[t] = math.Abs(insample[t+m] - insample[t])
	}
	s := mean(d)
	if s == 0 {
		return math.NaN(), ErrScale
	}
	return s, nil
}

// MASE returns the mean absolute scaled error of a forecast ŷ of y, scaled
// by the in-sample seasonal-naive error of the series before the forecast
// (period m; zero means 1):
//
//	MASE = MAE(y, ŷ) / MASEScale(insample, m)
//
// References:
//
//	Hyndman RJ, Koehler AB (2006). Another look at measures of forecast
//	accuracy. International Journal of Forecasting 22(4), 679-688.
func MASE(y, yhat, insample []float64, m int) (float64, error) {
	s, err := MASEScale(insample, m)
	if err != nil {
		return math.NaN(), err
	}
	mae, err := MAE(y, yhat, nil)
	if err != nil {
		return math.NaN(), err
	}
	return mae / s, nil
}
