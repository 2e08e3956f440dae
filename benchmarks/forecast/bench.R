# Times R's forecast::auto.arima on the series written by `go run ./benchmarks/forecast`
# (series.csv: id,t,y; monthly, length 120) and scores a 12-month holdout by MASE
# (in-sample seasonal-naive scaling, m = 12), as the Go side does.
#
# Usage: Rscript bench.R series.csv r_results.csv [max_series [first_series]]
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
out <- args[2]
maxn <- if (length(args) >= 3) as.integer(args[3]) else Inf
ids <- unique(d$id)
first <- if (length(args) >= 4) as.integer(args[4]) else 1
ids <- ids[first:length(ids)]
ids <- ids[seq_len(min(length(ids), maxn))]
h <- 12
res <- data.frame(id = character(), cpu = numeric(), mase = numeric(), model = character())
for (id in ids) {
  y <- d$y[d$id == id]
  n <- length(y)
  train <- ts(y[1:(n - h)], frequency = 12)
  test <- y[(n - h + 1):n]
  t0 <- proc.time()
  fit <- auto.arima(train)
  fc <- forecast(fit, h = h)
  t1 <- proc.time()
  scale <- mean(abs(diff(as.numeric(train), lag = 12)))
  mase <- mean(abs(test - as.numeric(fc$mean))) / scale
  res <- rbind(res, data.frame(id = id, cpu = (t1 - t0)[["user.self"]] + (t1 - t0)[["sys.self"]],
                               mase = mase, model = forecast:::arima.string(fit)))
  write.csv(res, out, row.names = FALSE)
}
