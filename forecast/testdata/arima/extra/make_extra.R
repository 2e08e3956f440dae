# Extra ARIMA reference values for sibyl's forecast tests, computed with
# R 4.2.2 and forecast 8.20:  Rscript make_extra.R > extra.json
suppressPackageStartupMessages({library(forecast); library(jsonlite)})
out <- list()
nl <- function(v) if (length(v)) as.list(v) else setNames(list(), character(0))
add <- function(name, fit, h, xreg = NULL, data, period = 1) {
  fc <- if (is.null(xreg)) forecast(fit, h = h, level = c(80, 95)) else forecast(fit, xreg = xreg, level = c(80, 95))
  out[[name]] <<- list(
    data = as.numeric(data), period = period,
    coef = nl(coef(fit)), se = nl(sqrt(diag(fit$var.coef))),
    sigma2 = fit$sigma2, loglik = fit$loglik, aic = fit$aic, aicc = fit$aicc, bic = fit$bic,
    mean = as.numeric(fc$mean), lower80 = as.numeric(fc$lower[, 1]), lower95 = as.numeric(fc$lower[, 2]),
    upper80 = as.numeric(fc$upper[, 1]), upper95 = as.numeric(fc$upper[, 2]),
    fitted = as.numeric(fitted(fit)))
}
w <- as.numeric(WWWusage)
wna <- w; wna[c(5, 30, 31, 77)] <- NA
add("www_missing_111_ml", Arima(wna, order = c(1, 1, 1), method = "ML"), 10, data = wna)
add("www_missing_111_cssml", Arima(wna, order = c(1, 1, 1)), 10, data = wna)
add("www_css_210", Arima(w, order = c(2, 1, 0), method = "CSS"), 10, data = w)
nile <- as.numeric(Nile)
add("nile_drift_d0", Arima(nile, order = c(1, 0, 0), include.drift = TRUE, method = "ML"), 10, data = nile)
lh <- as.numeric(LakeHuron)
set.seed(3); x1 <- rnorm(length(lh)); x2 <- rnorm(length(lh))
xr <- cbind(a = x1, b = x2)
nx <- cbind(a = seq(-1, 1, length.out = 5), b = seq(1, -1, length.out = 5))
out[["lh_xreg"]] <- NULL
fitx <- Arima(lh, order = c(1, 0, 1), xreg = xr, method = "ML")
add("lh_xreg_101", fitx, 5, xreg = nx, data = lh)
out[["lh_xreg_101"]]$xreg <- list(a = x1, b = x2)
out[["lh_xreg_101"]]$newxreg <- list(a = nx[, 1], b = nx[, 2])
ap <- as.numeric(AirPassengers)
add("ap_boxcox_biasadj", Arima(ts(ap, frequency = 12), order = c(0, 1, 1), seasonal = c(0, 1, 1), lambda = 0.3, biasadj = TRUE, method = "ML"), 12, data = ap, period = 12)
add("ap_sar_100_100", Arima(ts(log(ap), frequency = 12), order = c(1, 1, 0), seasonal = c(1, 1, 0), method = "ML"), 12, data = log(ap), period = 12)
uk <- as.numeric(USAccDeaths)
f_auto <- auto.arima(ts(uk, frequency = 12))
add("usaccdeaths_auto", f_auto, 12, data = uk, period = 12)
out[["usaccdeaths_auto"]]$label <- forecast:::arima.string(f_auto)
f_auto2 <- auto.arima(w)
add("wwwusage_auto", f_auto2, 10, data = w)
out[["wwwusage_auto"]]$label <- forecast:::arima.string(f_auto2)
f_auto3 <- auto.arima(lh)
add("lakehuron_auto", f_auto3, 10, data = lh)
out[["lakehuron_auto"]]$label <- forecast:::arima.string(f_auto3)
# Series 6 of benchmarks/forecast (first 108 months): R's default Q0
# (Gardner 1980) makes ARIMA(2,0,1)(2,1,0)[12] with drift fail ("non-finite
# finite-difference value"), which steers the stepwise search.
s6 <- read.csv("bench_s0006.csv")$y
f_auto4 <- auto.arima(ts(s6, frequency = 12))
add("bench_s0006_auto", f_auto4, 24, data = s6, period = 12)
out[["bench_s0006_auto"]]$label <- forecast:::arima.string(f_auto4)
# Series 18 of benchmarks/forecast: with R's default start the fit of
# ARIMA(1,1,1)(2,1,0)[12] follows AS 154's rounding noise; sibyl's own
# default fit turns non-finite there and is redone from the exact start,
# which is R's fit with SSinit = "Rossignol2011".
s18 <- read.csv("bench_s0018.csv")$y
add("bench_s0018_111_210_exact", Arima(ts(s18, frequency = 12), order = c(1, 1, 1), seasonal = c(2, 1, 0), SSinit = "Rossignol2011"), 24, data = s18, period = 12)
# Seasonal AR with MA terms, where R's AS 154 start matters (checked with it).
for (nm in c("ldeaths", "nottem", "JohnsonJohnson")) {
  y <- get(nm)
  f <- auto.arima(y)
  add(paste0(nm, "_auto"), f, 2 * frequency(y), data = as.numeric(y), period = frequency(y))
  out[[paste0(nm, "_auto")]]$label <- forecast:::arima.string(f)
}
cat(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"))
