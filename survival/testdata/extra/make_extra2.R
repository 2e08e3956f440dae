# More reference values: clustered, counting-process, weighted (fractional
# weights: R switches to the robust variance), stratified ridge fits and
# plain 90% Kaplan-Meier intervals with a stratified log-rank test, on
# simulated data (set.seed(7)). Run inside this directory: Rscript make_extra2.R
suppressMessages({library(survival); library(jsonlite)})
set.seed(7)
n <- 300
d <- data.frame(id = rep(1:100, each = 3), time = pmax(1, round(rexp(n, 1/100))), event = rbinom(n, 1, 0.7),
                x1 = round(rnorm(n), 2), x2 = rbinom(n, 1, 0.4), x3 = round(runif(n, 20, 80)), s = sample(1:3, n, TRUE),
                w = round(runif(n, 0.5, 2), 2), grp = sample(c("a", "b", "c"), n, TRUE))
d$start <- ifelse(seq_len(n) %% 4 == 0, pmax(0, d$time - 5 - round(runif(n, 0, 20))), 0)
d$start <- pmin(d$start, d$time - 1)
write.csv(d, "mixed.csv", row.names = FALSE)
o <- list()
f <- function(fit) list(coef = unname(coef(fit)), se = unname(sqrt(diag(if (is.null(fit$naive.var)) fit$var else fit$naive.var))),
  robust_se = if (!is.null(fit$naive.var)) unname(sqrt(diag(fit$var))) else NULL, loglik = fit$loglik,
  conc = unname(fit$concordance["concordance"]), conc_se = unname(fit$concordance["std"]), wald = unname(fit$wald.test), score = fit$score,
  iter = fit$iter, base = basehaz(fit, centered = FALSE)$hazard)
o$a <- f(coxph(Surv(time, event) ~ x1 + x2 + x3 + strata(s), data = d, cluster = id))
o$b <- f(coxph(Surv(start, time, event) ~ x1 + x2 + x3, data = d, cluster = id, ties = "breslow"))
o$c <- f(coxph(Surv(time, event) ~ x1 + x2 + x3, data = d, weights = w))
o$d <- f(coxph(Surv(start, time, event) ~ x1 + x3 + strata(s), data = d, weights = w, robust = TRUE, cluster = id))
o$e <- f(coxph(Surv(time, event) ~ ridge(x1, x2, x3, theta = 2, scale = FALSE) + strata(s), data = d))
km <- survfit(Surv(time, event) ~ grp, data = d, conf.type = "plain", conf.int = 0.9)
sk <- summary(km, censored = TRUE)
o$km <- list(surv = sk$surv, lower = sk$lower, upper = sk$upper, std = sk$std.err, med = unname(summary(km)$table[, "median"]),
             mlo = unname(summary(km)$table[, "0.9LCL"]), mhi = unname(summary(km)$table[, "0.9UCL"]))
sd <- survdiff(Surv(time, event) ~ grp + strata(s), data = d)
o$lr <- list(chisq = sd$chisq)
writeLines(toJSON(o, digits = NA, auto_unbox = TRUE, na = "null"), "extra2.json")
