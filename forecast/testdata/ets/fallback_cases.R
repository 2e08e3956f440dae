# Short-series ETS reference values: forecast::ets falls back to
# forecast:::HoltWintersZZ when n <= #parameters + 4. Run from this folder:
# Rscript fallback_cases.R > fallback_cases.json  (R 4.2.2, forecast 8.20)
suppressMessages(library(forecast)); library(jsonlite)
set.seed(42)
q3 <- ts(round(50 + 0.5*(1:12) + c(5,-3,2,-4) + rnorm(12),3), frequency=4)
set.seed(42)
short10 <- ts(round(100 + 10*sin(2*pi*(1:10)/4) + rnorm(10,0,2),2), frequency=4)
s8 <- ts(c(12.1, 13.4, 14.2, 15.9, 16.3, 18.0, 18.4, 20.1), frequency=1)
s6 <- ts(c(5.2, 4.8, 5.9, 6.1, 5.5, 6.4), frequency=1)
q8 <- ts(c(30.2, 22.1, 25.3, 40.4, 32.0, 23.9, 27.1, 43.2), frequency=4)
www8 <- ts(WWWusage[1:8])
cases <- list(
 list("q3", q3, "AAA", FALSE), list("q3", q3, "MAM", FALSE), list("short10", short10, "ANA", FALSE),
 list("s8", s8, "AAN", FALSE), list("s8", s8, "AAN", TRUE), list("s8", s8, "MAN", FALSE),
 list("s6", s6, "ANN", FALSE), list("s6", s6, "MNN", FALSE), list("s6", s6, "AAN", FALSE), list("s6", s6, "ZZZ", NULL),
 list("q8", q8, "AAA", FALSE), list("q8", q8, "MAM", FALSE), list("q8", q8, "MNM", FALSE), list("q8", q8, "ANA", FALSE),
 list("www8", www8, "AAN", TRUE))
out <- list()
for (cc in cases) {
  y <- cc[[2]]; h <- 2*max(frequency(y),5)
  fit <- suppressWarnings(ets(y, model=cc[[3]], damped=cc[[4]]))
  fc <- forecast(fit, h=h, level=c(80,95)); comps <- fit$components; p <- fit$par
  out[[length(out)+1]] <- list(series=cc[[1]], y=as.numeric(y), period=frequency(y), model_arg=cc[[3]],
    damped_arg=if(is.null(cc[[4]])) "auto" else tolower(cc[[4]]), horizon=h,
    model=paste0(comps[1],comps[2],comps[3]), damped=as.logical(comps[4]),
    params=list(alpha=unname(p["alpha"]), beta=if("beta"%in%names(p)) unname(p["beta"]) else NA,
      gamma=if("gamma"%in%names(p)) unname(p["gamma"]) else NA),
    sigma2=fit$sigma2, mean=as.numeric(fc$mean),
    lower80=as.numeric(fc$lower[,1]), lower95=as.numeric(fc$lower[,2]),
    upper80=as.numeric(fc$upper[,1]), upper95=as.numeric(fc$upper[,2]))
}
cat(toJSON(out, auto_unbox=TRUE, digits=NA, na="null", pretty=TRUE), "\n")
