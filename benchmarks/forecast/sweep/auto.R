# auto.arima on 26 of R's datasets: writes <name>.csv (column y) and r_auto.txt
# (name|period|model|coefficients|loglik) in the current directory.
# Then: python3 compare_auto.py /path/to/sibyl   (see README.md)
suppressPackageStartupMessages(library(forecast))
sets <- list(ldeaths=ldeaths, mdeaths=mdeaths, nottem=nottem, UKgas=UKgas, austres=austres, BJsales=BJsales, lynx=lynx, Nile=Nile, LakeHuron=LakeHuron, WWWusage=WWWusage, USAccDeaths=USAccDeaths, JohnsonJohnson=JohnsonJohnson, sunspot.year=sunspot.year, discoveries=discoveries, treering=window(treering, 1800), airmiles=airmiles, fdeaths=fdeaths, Seatbelts_drivers=Seatbelts[,"drivers"], UKDriverDeaths=UKDriverDeaths, co2=window(co2, 1985), AirPassengers=AirPassengers, nhtemp=nhtemp, LakeHuronLog=log(LakeHuron), BJsalesLead=BJsales.lead, EuStockDAX=ts(EuStockMarkets[1:300,1], frequency=1), Mauna=window(co2, 1990))
out <- character()
for (nm in names(sets)) {
  y <- sets[[nm]]
  write.csv(data.frame(y=as.numeric(y)), paste0(nm, ".csv"), row.names=FALSE)
  f <- auto.arima(y)
  cf <- coef(f)
  out <- c(out, paste(nm, frequency(y), forecast:::arima.string(f), paste(names(cf), sprintf("%.10g", cf), sep="=", collapse=";"), sprintf("%.10g", f$loglik), sep="|"))
}
writeLines(out, "r_auto.txt")
