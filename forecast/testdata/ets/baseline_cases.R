# Baseline, Theta and tsCV reference values (R 4.2.2, forecast 8.20).
# Run: Rscript baseline_cases.R > baseline_cases.json
suppressMessages(library(forecast))
library(jsonlite)
series <- list(airpassengers = AirPassengers, wwwusage = WWWusage, usaccdeaths = USAccDeaths, nile = Nile)
fcs <- function(fc) list(mean = as.numeric(fc$mean),
  lower80 = as.numeric(fc$lower[, 1]), lower95 = as.numeric(fc$lower[, 2]),
  upper80 = as.numeric(fc$upper[, 1]), upper95 = as.numeric(fc$upper[, 2]))
out <- list()
for (nm in names(series)) {
  y <- series[[nm]]
  m <- frequency(y)
  h <- if (m > 1) 2 * m else 10
  th <- thetaf(y, h = h)
  out[[nm]] <- list(y = as.numeric(y), period = m, horizon = h,
    naive = fcs(naive(y, h = h)),
    snaive = if (m > 1) fcs(snaive(y, h = h)) else NULL,
    drift = fcs(rwf(y, h = h, drift = TRUE)),
    mean = fcs(meanf(y, h = h)),
    theta = c(fcs(th), list(alpha = unname(th$model$alpha), drift = unname(th$model$drift),
      sigma2 = unname(th$model$sigma))))
}
# tsCV: errors by horizon (origin rows, horizon columns); NA as null.
y <- window(USAccDeaths, end = c(1975, 12))
e1 <- tsCV(y, naive, h = 3)
e2 <- tsCV(y, function(x, h) forecast(ets(x, model = "ANN"), h = h), h = 2, initial = 24)
e3 <- tsCV(y, snaive, h = 3, window = 24)
out$tscv <- list(y = as.numeric(y), period = 12,
  naive_h3 = unname(as.matrix(e1)), ann_h2_initial24 = unname(as.matrix(e2)),
  snaive_h3_window24 = unname(as.matrix(e3)))
cat(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"))
