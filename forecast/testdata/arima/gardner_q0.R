# Writes gardner_q0.txt: R getQ0 (SSinit = "Gardner1980") on ARMA models, one per line:
# p|q|phi|theta|Q0 (column-major), 17 significant digits. Run from this directory
# with R 4.2.2: Rscript gardner_q0.R
sar <- function(p, P, m=12){ ph <- c(1, -p); sp <- rep(0, m*length(P)+1); sp[1]<-1; for(i in seq_along(P)) sp[i*m+1] <- -P[i]; r <- convolve(ph, rev(sp), type="o"); -r[-1] }
cases <- list(
 list(c(0.5), c(0.3)), list(c(0.5,0.2), c(0.3)), list(c(0.5,-0.3), numeric(0)),
 list(numeric(0), c(0.4, 0.2)), list(numeric(0), c(rep(0,11), -0.7)),
 list(sar(0.3, c(-0.6,-0.2)), numeric(0)), list(sar(0.3, c(-0.6,-0.2)), c(-0.8)),
 list(sar(-0.0701167250634, c(-0.6232120484570,-0.1790219311791)), c(-0.8889165444803)),
 list(sar(c(0.9,-0.1), c(-0.79,-0.48)), c(-0.6)),
 list(sar(numeric(0), c(0.5)), c(rep(0,11), -0.6)), list(c(0.9), c(0.5, 0.2)), list(c(1.2,-0.5,0.1), c(0.3,0.1,-0.2,0.05)))
out <- character()
for (cs in cases) {
  q0 <- .Call(stats:::C_getQ0, cs[[1]], cs[[2]])
  out <- c(out, paste(length(cs[[1]]), length(cs[[2]]), paste(sprintf("%.17g", cs[[1]]), collapse=" "), paste(sprintf("%.17g", cs[[2]]), collapse=" "), paste(sprintf("%.17g", as.vector(q0)), collapse=" "), sep="|"))
}
writeLines(out, "gardner_q0.txt")
