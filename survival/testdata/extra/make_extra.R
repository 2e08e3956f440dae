# Extra reference values for sibyl's survival package, beyond ../<case>/ from
# the shared reference set. Run from this directory:
#   Rscript make_extra.R
# R 4.2.2, survival 3.5.3. Writes the CSV inputs and extra.json.
suppressMessages({library(survival); library(jsonlite)})
out <- list()
fitout <- function(fit, d) {
  s <- summary(fit)
  r <- list(coef = unname(coef(fit)), se = unname(sqrt(diag(if (is.null(fit$naive.var)) fit$var else fit$naive.var))),
            var = unname(c(fit$var)), loglik = fit$loglik, iter = fit$iter,
            concordance = unname(fit$concordance["concordance"]), concordance_se = unname(sqrt(fit$concordance["std"]^2)),
            score = fit$score, wald = unname(fit$wald.test), means = unname(fit$means))
  if (!is.null(fit$naive.var)) r$robust_se <- unname(sqrt(diag(fit$var)))
  bh <- basehaz(fit, centered = FALSE)
  r$base_time <- bh$time; r$base_cumhaz <- bh$hazard
  r$martingale <- unname(residuals(fit, type = "martingale"))
  r$deviance <- unname(residuals(fit, type = "deviance"))
  r$score_resid <- unname(c(residuals(fit, type = "score")))
  sch <- residuals(fit, type = "schoenfeld")
  r$schoenfeld <- unname(c(as.matrix(sch)))
  r$schoenfeld_time <- as.numeric(if (is.matrix(sch)) rownames(sch) else names(sch))
  r
}

# 1. monotone likelihood: x1 = 1 exactly for the earliest deaths
set.seed(1)
n <- 40
mono <- data.frame(time = 1:n, event = rep(c(1, 1, 0, 1), n / 4),
                   x1 = c(rep(1, 10), rep(0, n - 10)), x2 = round(rnorm(n), 3))
write.csv(mono, "monotone.csv", row.names = FALSE)
w <- NULL
fit <- withCallingHandlers(coxph(Surv(time, event) ~ x1 + x2, data = mono),
                           warning = function(m) { w <<- conditionMessage(m); invokeRestart("muffleWarning") })
out$monotone <- c(fitout(fit, mono), list(warning = w))

# 2. counting process (start, stop] with delayed entry and tied times, Efron and Breslow
lung2 <- na.omit(survival::lung[, c("time", "status", "age", "sex", "ph.ecog")])
lung2$event <- lung2$status - 1
lung2$start <- ifelse(seq_len(nrow(lung2)) %% 3 == 0, floor(lung2$time / 4), 0)
lung2$time <- as.numeric(lung2$time)
lung2 <- lung2[, c("start", "time", "event", "age", "sex", "ph.ecog")]
write.csv(lung2, "counting.csv", row.names = FALSE)
out$counting_efron <- fitout(coxph(Surv(start, time, event) ~ age + sex + ph.ecog, data = lung2), lung2)
out$counting_breslow <- fitout(coxph(Surv(start, time, event) ~ age + sex + ph.ecog, data = lung2, ties = "breslow"), lung2)

# 3. strata + non-integer weights (=> robust by default in R) + Breslow
vet <- survival::veteran
vet$w <- 0.5 + (seq_len(nrow(vet)) %% 4) / 4
vet$event <- vet$status
vet$celltype <- as.integer(vet$celltype)
vet <- vet[, c("time", "event", "karno", "age", "diagtime", "celltype", "w")]
write.csv(vet, "veteran_w.csv", row.names = FALSE)
out$strata_weights_robust <- fitout(coxph(Surv(time, event) ~ karno + age + diagtime + strata(celltype), data = vet,
                                          weights = w, ties = "breslow", robust = TRUE), vet)

# 4. cox.zph (transform km, the default) on the lung Efron case
lung3 <- read.csv("../lung_cox_efron/data.csv")
f3 <- coxph(Surv(time, event) ~ age + sex + ph.ecog + ph.karno + wt.loss, data = lung3)
z <- cox.zph(f3, transform = "km")
out$zph_lung <- list(table = unname(c(z$table)), rownames = rownames(z$table), x = unname(z$x),
                     y = unname(c(z$y)), time = unname(z$time))
out$lung_resid <- fitout(f3, lung3)

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "extra.json")
