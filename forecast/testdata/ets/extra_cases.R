# Extra ETS reference values: R forecast::ets on datasets series, every
# model class. Run: Rscript extra_cases.R > extra_cases.json
# (R 4.2.2, forecast 8.20 on the project machine.)
suppressMessages(library(forecast))
library(jsonlite)
series <- list(
  airpassengers = AirPassengers,
  usaccdeaths = USAccDeaths,
  wwwusage = WWWusage,
  nile = Nile,
  ukgas = UKgas,
  co2_1990s = window(co2, start = c(1985, 1)),
  short_seasonal = window(USAccDeaths, end = c(1974, 12)),
  # Two series of the ARIMA benchmark set (first 108 months) whose
  # admissibility checks sit on the unit root (see bench_series.csv).
  bench_s0012 = ts(subset(read.csv("bench_series.csv"), id == "s0012")$y, frequency = 12),
  bench_s0050 = ts(subset(read.csv("bench_series.csv"), id == "s0050")$y, frequency = 12)
)
models <- list(
  list(s = "wwwusage", model = "ANN", damped = FALSE),
  list(s = "wwwusage", model = "AAN", damped = FALSE),
  list(s = "wwwusage", model = "AAN", damped = TRUE),
  list(s = "wwwusage", model = "MAN", damped = TRUE),
  list(s = "wwwusage", model = "MMN", damped = FALSE),
  list(s = "wwwusage", model = "ZZZ", damped = NULL),
  list(s = "nile", model = "MNN", damped = FALSE),
  list(s = "nile", model = "ZZZ", damped = NULL),
  list(s = "airpassengers", model = "MMM", damped = FALSE),
  list(s = "airpassengers", model = "MAM", damped = TRUE),
  list(s = "airpassengers", model = "MNM", damped = FALSE),
  list(s = "airpassengers", model = "ZZZ", damped = NULL),
  list(s = "usaccdeaths", model = "AAA", damped = TRUE),
  list(s = "usaccdeaths", model = "MNA", damped = FALSE),
  list(s = "usaccdeaths", model = "MAA", damped = FALSE),
  list(s = "ukgas", model = "ZZZ", damped = NULL),
  list(s = "ukgas", model = "MAM", damped = FALSE),
  list(s = "co2_1990s", model = "ZZZ", damped = NULL),
  list(s = "short_seasonal", model = "ANA", damped = FALSE),
  list(s = "short_seasonal", model = "MNM", damped = FALSE),
  list(s = "bench_s0012", model = "ZZZ", damped = NULL),
  list(s = "bench_s0050", model = "ZZZ", damped = NULL),
  list(s = "bench_s0050", model = "MAM", damped = TRUE)
)
out <- list()
for (mm in models) {
  y <- series[[mm$s]]
  fit <- ets(y, model = mm$model, damped = mm$damped)
  h <- 2 * max(frequency(y), 5)
  fc <- forecast(fit, h = h, level = c(80, 95))
  set.seed(1); pf <- as.numeric(forecast(fit, h = h, simulate = TRUE, npaths = 2)$mean)
  analytic <- !(fit$components[2] == "M" ||
    (fit$components[1] == "A" && fit$components[3] == "M"))
  key <- paste(mm$s, mm$model, ifelse(is.null(mm$damped), "auto", mm$damped), sep = "_")
  out[[key]] <- list(
    series = mm$s, y = as.numeric(y), period = frequency(y), model = mm$model,
    damped = if (is.null(mm$damped)) "auto" else mm$damped,
    label = fit$method, components = fit$components,
    par = as.list(fit$par), loglik = fit$loglik, aic = fit$aic, aicc = fit$aicc,
    bic = fit$bic, sigma2 = fit$sigma2, mse = fit$mse,
    horizon = h, point_forecast = pf, analytic = analytic,
    mean = as.numeric(fc$mean),
    lower80 = as.numeric(fc$lower[, 1]), lower95 = as.numeric(fc$lower[, 2]),
    upper80 = as.numeric(fc$upper[, 1]), upper95 = as.numeric(fc$upper[, 2])
  )
}
cat(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = FALSE))
