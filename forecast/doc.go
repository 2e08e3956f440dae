// Package forecast fits time-series models that agree with R's forecast
// package: ARIMA and seasonal ARIMA by exact maximum likelihood, auto-ARIMA,
// exponential smoothing (ETS) and auto-ETS, Holt-Winters, baselines, and a
// batch runner for many series at once.
//
// # ARIMA
//
// [ARIMA] specifies ARIMA(p,d,q)(P,D,Q)[m] with a mean (d = D = 0) or a
// drift (d + D = 1), regressors ([ARIMA.FitXreg]) and a Box-Cox transform;
// [ARIMA.Fit] estimates it as R's stats::arima called by forecast::Arima:
//
//   - the model in state-space form (Harvey's ARMA states plus the d + mD
//     states of the differencing polynomial) and the Kalman filter, with the
//     stationary covariance for the ARMA states computed as R's default
//     does (AS 154, SSinit = "Gardner1980", bit for bit: for long AR
//     polynomials with an MA term its rounding errors reach 1e-4 and
//     change with the last bit of the parameters, so there R's estimates
//     are themselves reproducible only to that noise; [ARIMA.ExactInit]
//     asks for the exact covariance instead, as R's SSinit =
//     "Rossignol2011" does, and a fit that AS 154 makes non-finite is
//     redone that way) and R's approximate diffuse prior κ = 1e6 (in
//     units of σ²) for the differencing states;
//     observations whose prediction variance is 1e4σ² or more are left out
//     of the likelihood, as R does, so the log-likelihood of an integrated
//     model is R's, not the exact likelihood of the differenced series;
//   - σ² concentrated out, AR parameters mapped through tanh and the
//     Durbin-Levinson recursion (transform.pars), R's BFGS (optim's vmmin,
//     central-difference gradients of step 1e-3, relative tolerance
//     1.5e-8, 100 iterations) from zero (ML) or from the CSS estimates
//     (CSS-ML, the default); standard errors from optim's numerical Hessian;
//   - the intercept is the series mean (y_t = μ + u_t), the drift the slope on
//     t = 1..n; σ² for intervals is forecast's Σe²/(n* - k), n* = n - d - mD,
//     and AICc and BIC use n*.
//
// Missing values (NaN) are skipped by the Kalman filter. [AutoARIMA] is
// forecast::auto.arima: KPSS tests for d ([NDiffs]), the STL seasonal
// strength for D ([NSDiffs], [SeasonalStrength]), and the stepwise (or
// exhaustive) search minimising the AICc. [ARIMAModel.Update] filters new
// observations without re-estimating.
//
// # Many series
//
// [Batch] runs any [Method] over many series on a pool of workers; results
// come back in input order and do not depend on the number of workers.
// [SeriesFromFrame] splits a long table (id, time, value) into series.
//
// # Invariants
//
// Inputs are never modified. Fitted models are immutable and safe for
// concurrent use; they round-trip through JSON exactly. Anything wrong with
// the data is an error wrapping one of the exported sentinels (ErrTooShort,
// ErrAllMissing, ErrNonPositive, ErrNotStationary, ErrFit, ErrBadConfig);
// no NaN forecast is ever returned as a success.
//
// References:
//
//	Hyndman, R.J. and Khandakar, Y. (2008). Automatic time series
//	forecasting: the forecast package for R. J. Stat. Softw. 27(3), 1-22.
//	Gardner, G., Harvey, A.C. and Phillips, G.D.A. (1980). Algorithm AS 154.
//	Applied Statistics 29(3), 311-322.
//	Durbin, J. and Koopman, S.J. (2012). Time Series Analysis by State Space
//	Methods, 2nd ed. Oxford University Press.
package forecast
