# Times R on the survival benchmark file: read.csv, coxph (Efron), survfit.
#   Rscript bench.R /tmp/surv.csv 20
# Prints elapsed seconds (*_s) and CPU seconds, user + system (*_cpu).
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]; p <- as.integer(args[2])
cpu <- function(t) t[["user.self"]] + t[["sys.self"]]
t_read <- system.time(d <- read.csv(file))
f <- as.formula(paste("Surv(time, event) ~", paste0("x", 1:p, collapse = " + ")))
t_fit <- system.time(fit <- coxph(f, data = d, ties = "efron"))
t_km <- system.time(km <- survfit(Surv(time, event) ~ 1, data = d))
cat(sprintf(paste0('{"read_s": %.3f, "cox_fit_s": %.3f, "km_s": %.3f, "read_cpu": %.3f, "cox_fit_cpu": %.3f, ',
                   '"km_cpu": %.3f, "iterations": %d, "coef1": %.10g, "loglik": %.10g}\n'),
            t_read[["elapsed"]], t_fit[["elapsed"]], t_km[["elapsed"]], cpu(t_read), cpu(t_fit), cpu(t_km),
            fit$iter, coef(fit)[1], fit$loglik[2]))
