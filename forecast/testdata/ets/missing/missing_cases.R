# Series with missing values: forecast::ets keeps the longest contiguous
# stretch (stats::na.contiguous). Run from this folder:
# Rscript missing_cases.R   (R 4.2.2, forecast 8.20; writes <case>/data.csv, expected.json)
suppressMessages(library(forecast)); library(jsonlite)
ld <- ldeaths; ld[c(5, 40)] <- NA
nl <- Nile; nl[c(3, 70)] <- NA
cases <- list(list("ldeaths_na_mnm", ld, "MNM", FALSE), list("nile_na_ann", nl, "ANN", FALSE))
for (cc in cases) {
  y <- cc[[2]]; h <- 2*max(frequency(y), 5); dir.create(cc[[1]], showWarnings=FALSE)
  write.csv(data.frame(t=seq_along(y), y=as.numeric(y)), file.path(cc[[1]], "data.csv"), row.names=FALSE, na="")
  fit <- suppressWarnings(ets(y, model=cc[[3]], damped=cc[[4]]))
  fc <- forecast(fit, h=h, level=c(80,95)); comps <- fit$components; p <- fit$par
  res <- list(model=paste0(comps[1],comps[2],comps[3]), damped=as.logical(comps[4]), period=frequency(y), horizon=h,
    n=length(fit$x), params=list(alpha=unname(p["alpha"]), beta=if("beta"%in%names(p)) unname(p["beta"]) else NA,
      gamma=if("gamma"%in%names(p)) unname(p["gamma"]) else NA, phi=if("phi"%in%names(p)) unname(p["phi"]) else NA),
    loglik=fit$loglik, aic=fit$aic, aicc=fit$aicc, bic=fit$bic, sigma2=fit$sigma2,
    forecast=list(mean=as.numeric(fc$mean), lower=list("80"=as.numeric(fc$lower[,1]),"95"=as.numeric(fc$lower[,2])),
      upper=list("80"=as.numeric(fc$upper[,1]),"95"=as.numeric(fc$upper[,2]))))
  writeLines(toJSON(res, auto_unbox=TRUE, digits=NA, na="null", pretty=TRUE), file.path(cc[[1]], "expected.json"))
}
