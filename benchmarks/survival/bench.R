# Times R on the survival benchmark file: read.csv, coxph (Efron), survfit.
#   Rscript bench.R /tmp/surv.csv 20
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]; p <- as.integer(args[2])
t_read <- system.time(d <- read.csv(file))[["elapsed"]]
f <- as.formula(paste("Surv(time, event) ~", paste0("x", 1:p, collapse = " + ")))
t_fit <- system.time(fit <- coxph(f, data = d, ties = "efron"))[["elapsed"]]
t_km <- system.time(km <- survfit(Surv(time, event) ~ 1, data = d))[["elapsed"]]
cat(sprintf('{"read_s": %.3f, "cox_fit_s": %.3f, "km_s": %.3f, "iterations": %d, "coef1": %.10g, "loglik": %.10g}\n',
            t_read, t_fit, t_km, fit$iter, coef(fit)[1], fit$loglik[2]))
