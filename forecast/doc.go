// Package forecast fits time-series models that agree with R's forecast
// package: ARIMA and seasonal ARIMA by exact maximum likelihood, auto-ARIMA,
// exponential smoothing (ETS) and auto-ETS, Holt-Winters, baselines, and a
// batch runner for many series at once.
package forecast
