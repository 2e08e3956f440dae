# Fixed-order seasonal ARIMA fits (R's default CSS-ML) on the CSVs written by
# auto.R: writes r_fixed.txt. Then: python3 compare_fixed.py /path/to/sibyl
suppressPackageStartupMessages(library(forecast))
cases <- list(
 list("ldeaths", c(1,0,1), c(1,1,1)), list("nottem", c(2,0,1), c(2,1,1)), list("AirPassengers", c(1,1,1), c(1,1,1)),
 list("UKgas", c(1,1,1), c(1,1,1)), list("co2", c(2,1,1), c(2,1,1)), list("USAccDeaths", c(1,1,1), c(2,1,0)),
 list("mdeaths", c(2,0,0), c(2,1,1)), list("fdeaths", c(1,0,1), c(2,1,0)), list("JohnsonJohnson", c(2,1,1), c(1,1,1)),
 list("Seatbelts_drivers", c(1,0,1), c(2,1,1)), list("austres", c(1,2,1), c(2,0,0)))
out <- character()
for (cs in cases) {
  y <- read.csv(paste0(cs[[1]], ".csv"))$y
  fr <- c(ldeaths=12,nottem=12,AirPassengers=12,UKgas=4,co2=12,USAccDeaths=12,mdeaths=12,fdeaths=12,JohnsonJohnson=4,Seatbelts_drivers=12,austres=4)[cs[[1]]]
  f <- try(Arima(ts(y, frequency=fr), order=cs[[2]], seasonal=cs[[3]]), silent=TRUE)
  res <- if (inherits(f, "try-error")) "ERROR" else paste(paste(names(coef(f)), sprintf("%.10g", coef(f)), sep="=", collapse=";"), sprintf("%.10g", f$loglik), sep="|")
  out <- c(out, paste(cs[[1]], fr, paste(cs[[2]], collapse=","), paste(cs[[3]], collapse=","), res, sep="|"))
}
writeLines(out, "r_fixed.txt")
