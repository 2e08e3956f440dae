# R side of the auto-ETS benchmark: forecast::ets(y, model = "ZZZ") on the
# first 108 months of each series, 12-month forecasts, MASE on the holdout
# (scaled by the in-sample seasonal-naive MAE, as metrics.MASE).
# Usage: Rscript bench.R series.csv r.csv [limit]
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
limit <- if (length(args) >= 3) as.integer(args[3]) else Inf
ids <- unique(d$id)
ids <- ids[seq_len(min(length(ids), limit))]
res <- data.frame(id = ids, model = NA_character_, mase = NA_real_, seconds = NA_real_)
cpu0 <- proc.time()
for (k in seq_along(ids)) {
  y <- d$y[d$id == ids[k]]
  train <- ts(head(y, -12), frequency = 12)
  test <- tail(y, 12)
  t0 <- proc.time()
  fit <- ets(train)
  fc <- forecast(fit, h = 12, PI = FALSE)
  el <- proc.time() - t0
  scale <- mean(abs(diff(as.numeric(train), lag = 12)))
  res$model[k] <- fit$method
  res$mase[k] <- mean(abs(test - as.numeric(fc$mean))) / scale
  res$seconds[k] <- el[["user.self"]] + el[["sys.self"]]
}
cpu <- proc.time() - cpu0
write.csv(res, args[2], row.names = FALSE)
cat(sprintf("R ets: %d series, cpu %.2f s, %.4f cpu-s/series, mean MASE %.4f\n",
  length(ids), cpu[["user.self"]] + cpu[["sys.self"]],
  (cpu[["user.self"]] + cpu[["sys.self"]]) / length(ids), mean(res$mase)))
