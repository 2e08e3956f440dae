suppressMessages({library(survival); library(jsonlite)})
args <- commandArgs(TRUE); out <- if (length(args)) args[1] else "."; dir.create(out, showWarnings=FALSE)
cases <- list()
written <- list()
# wcsv writes d once: cases fitted on the same data share one file
wcsv <- function(d, name) {
  for (f in names(written)) if (identical(written[[f]], d)) return(f)
  f <- file.path(out, paste0(name, ".csv")); write.csv(d, f, row.names=FALSE, na="")
  written[[f]] <<- d
  f
}
kmcase <- function(name, d, group=NULL, conf.type="log", conf.int=0.95) {
  f <- wcsv(d, name)
  d <- read.csv(f, stringsAsFactors=FALSE)
  curve <- function(fit, label) {
    s <- summary(fit)$table
    list(group=label, time=fit$time, n_risk=fit$n.risk, n_event=fit$n.event, n_censor=fit$n.censor,
         n=fit$n, survival=fit$surv, std_err=fit$std.err, std_err_surv=fit$surv*fit$std.err, cumhaz=fit$cumhaz, lower=fit$lower, upper=fit$upper,
         median=unname(s["median"]), median_lower=unname(s[paste0(conf.int, "LCL")]), median_upper=unname(s[paste0(conf.int, "UCL")]))
  }
  fit <- survfit(Surv(time, event) ~ 1, data=d, conf.type=conf.type, conf.int=conf.int)
  groups <- list(curve(fit, "all"))
  args <- c("survival","km","--data",basename(f),"--time","time","--event","event","--conf-type",conf.type,"--conf-level",conf.int,"--json")
  res <- list(conf_type=conf.type, conf_int=conf.int)
  if (!is.null(group)) {
    d$g <- d[[group]]
    fg <- survfit(Surv(time, event) ~ g, data=d, conf.type=conf.type, conf.int=conf.int)
    labs <- sub("^g=", "", names(fg$strata))
    for (k in seq_along(labs)) {
      sk <- fg[k]
      s <- summary(fg)$table[k,]
      groups[[length(groups)+1]] <- list(group=labs[k], time=sk$time, n_risk=sk$n.risk, n_event=sk$n.event, n_censor=sk$n.censor,
         n=sk$n, survival=sk$surv, std_err=sk$std.err, std_err_surv=sk$surv*sk$std.err, cumhaz=sk$cumhaz, lower=sk$lower, upper=sk$upper,
         median=unname(s["median"]), median_lower=unname(s[paste0(conf.int, "LCL")]), median_upper=unname(s[paste0(conf.int, "UCL")]))
    }
    sd <- survdiff(Surv(time, event) ~ g, data=d)
    df <- sum(sd$n > 0) - 1
    res$logrank <- list(chisq=sd$chisq, df=df, p=pchisq(sd$chisq, df, lower.tail=FALSE), n=as.vector(sd$n), observed=as.vector(sd$obs), expected=as.vector(sd$exp), variance=unname(sd$var))
    args <- c(args, "--group", group)
  }
  res$groups <- groups
  cases[[name]] <<- list(args=args, expected=res)
}
coxcase <- function(name, d, covs, start=NULL, strata=NULL, weights=NULL, ties="efron", robust=FALSE, cluster=NULL, ridge=NULL) {
  f <- wcsv(d, name)
  d <- read.csv(f, stringsAsFactors=FALSE)
  lhs <- if (is.null(start)) "Surv(time, event)" else sprintf("Surv(%s, time, event)", start)
  rhs <- if (is.null(ridge)) paste(covs, collapse=" + ") else sprintf("ridge(%s, theta=%s, scale=FALSE)", paste(covs, collapse=", "), ridge)
  if (!is.null(strata)) rhs <- paste0(rhs, " + strata(", strata, ")")
  fo <- as.formula(paste(lhs, "~", rhs))
  argl <- list(fo, data=d, ties=ties)
  if (!is.null(weights)) argl$weights <- d[[weights]]
  if (robust) argl$robust <- TRUE
  if (!is.null(cluster)) argl$cluster <- d[[cluster]]
  fit <- do.call(coxph, argl)
  cn <- names(coef(fit))
  nm <- function(v) as.list(setNames(unname(v), cn))
  se <- sqrt(diag(if (is.null(fit$naive.var)) fit$var else fit$naive.var))
  rse <- if (is.null(fit$naive.var)) NULL else sqrt(diag(fit$var))
  z <- coef(fit) / sqrt(diag(fit$var))
  tst <- function(chisq, df) list(chisq=unname(chisq), df=unname(df), p=pchisq(unname(chisq), df, lower.tail=FALSE))
  p <- length(cn)
  cc <- fit$concordance
  bh <- basehaz(fit, centered=FALSE)
  res <- list(ties=ties, coef=nm(coef(fit)), se=nm(se), robust_se=if (is.null(rse)) NULL else nm(rse),
    z=nm(z), p=nm(2*pnorm(-abs(z))), loglik=fit$loglik, concordance=unname(cc["concordance"]), concordance_se=unname(cc["std"]),
    n=fit$n, n_event=fit$nevent, iterations=fit$iter, means=nm(fit$means),
    var=unname(fit$var),
    concordance_counts=list(concordant=unname(cc[1]), discordant=unname(cc[2]), tied_x=unname(cc[3]), tied_y=unname(cc[4]), tied_xy=unname(cc[5])),
    baseline_cumhaz=list(time=bh$time, cumhaz=bh$hazard))
  if (is.null(ridge)) {
    res$lr_test <- tst(2*diff(fit$loglik), p)
    res$wald_test <- tst(fit$wald.test, p)
    res$score_test <- tst(fit$score, p)
    if (!is.null(fit$rscore)) res$robust_score_test <- tst(fit$rscore, p)
    if (!is.null(fit$naive.var)) res$naive_var <- unname(fit$naive.var)
  } else {
    df <- sum(fit$df)
    res$lr_test <- tst(2*diff(fit$loglik), df)
    res$wald_test <- list(chisq=unname(fit$wald.test))
    res$df <- df
    res$penalty <- fit$penalty[2]
    res$se2 <- nm(sqrt(diag(fit$var2)))
    res$var2 <- unname(fit$var2)
    res$theta <- ridge
  }
  if (!is.null(strata)) res$baseline_cumhaz$strata <- as.character(bh$strata)  # R's labels: "s=1" for numeric, bare value for text
  args <- c("survival","cox","--data",basename(f),"--time","time","--event","event","--covariates",paste(covs,collapse=","),"--ties",ties,"--json")
  if (!is.null(start)) args <- c(args, "--start", start)
  if (!is.null(strata)) args <- c(args, "--strata", strata)
  if (!is.null(weights)) args <- c(args, "--weights", weights)
  if (robust) args <- c(args, "--robust")
  if (!is.null(cluster)) args <- c(args, "--cluster", cluster)
  if (!is.null(ridge)) args <- c(args, "--ridge", ridge)
  res$n_dropped <- nrow(d) - fit$n
  cases[[name]] <<- list(args=args, expected=res)
}
set.seed(42)
# ---- KM
v <- veteran; vd <- data.frame(time=v$time, event=v$status, cell=as.character(v$celltype))
kmcase("km_vet_plain90", vd, "cell", "plain", 0.9)
cl <- colon[colon$etype==2,]; cd <- data.frame(time=cl$time, event=cl$status, rx=as.character(cl$rx))
kmcase("km_colon_loglog", cd, "rx", "log-log")
n <- 300; hd <- data.frame(time=sample(1:8, n, TRUE), event=rbinom(n,1,0.7), g=sample(c(1,2,10), n, TRUE))
kmcase("km_ties_num3", hd, "g", "log")
kmcase("km_ties_num3_ll", hd, "g", "log-log", 0.99)
kmcase("km_flat_half", data.frame(time=c(1,2,3,4,5,6), event=c(1,1,1,1,1,1), g=c("a","a","a","b","b","b")), "g", "log")
kmcase("km_flat_half2", data.frame(time=c(1,2,2,3,4,4,5,7), event=c(1,1,0,1,0,1,1,1), g=c("x","y","x","y","x","y","x","y")), "g", "plain")
nd <- hd; nd$time[c(3,50)] <- NA; nd$event[7] <- NA; nd$g[9] <- NA
kmcase("km_na", nd, "g", "log")
pb <- pbc[!is.na(pbc$trt),]; pd <- data.frame(time=pb$time, event=as.integer(pb$status==2), stage=pb$stage)
kmcase("km_pbc_stage_na", pd, "stage", "log-log", 0.9)
kmcase("km_lastcensor", data.frame(time=c(1,1,2,3,3,3,4,5), event=c(1,0,1,1,1,0,0,0), g=c(1,1,1,1,2,2,2,2)), "g", "log")
# ---- Cox
cl <- colon[colon$etype==2,]
cd <- data.frame(time=cl$time, event=cl$status, lev=as.integer(cl$rx=="Lev"), lev5=as.integer(cl$rx=="Lev+5FU"), age=cl$age, nodes=cl$nodes, sex=cl$sex, differ=cl$differ)
coxcase("cox_colon_na", cd, c("lev","lev5","age","nodes","sex","differ"))
coxcase("cox_colon_breslow", cd, c("lev","lev5","age","nodes"), ties="breslow")
pb <- pbc[1:312,]; pd <- data.frame(time=pb$time, event=as.integer(pb$status==2), age=pb$age, lbili=log(pb$bili), albumin=pb$albumin, edema=pb$edema, lprot=log(pb$protime))
coxcase("cox_pbc_breslow", pd, c("age","lbili","albumin","edema","lprot"), ties="breslow")
coxcase("cox_pbc_efron", pd, c("age","lbili","albumin","edema","lprot"))
hd <- data.frame(start=heart$start, time=heart$stop, event=heart$event, age=heart$age, year=heart$year, surgery=heart$surgery, transplant=heart$transplant, id=heart$id)
coxcase("cox_heart", hd, c("age","year","surgery","transplant"), start="start")
coxcase("cox_heart_cluster", hd, c("age","year","surgery","transplant"), start="start", cluster="id")
coxcase("cox_heart_breslow_cl", hd, c("age","surgery","transplant"), start="start", ties="breslow", cluster="id")
rd <- data.frame(time=rats$time, event=rats$status, rx=rats$rx, litter=rats$litter, sex=rats$sex)
coxcase("cox_rats_cluster_strata", rd, c("rx"), strata="sex", cluster="litter")
cg <- data.frame(start=cgd$tstart, time=cgd$tstop, event=cgd$status, treat=as.integer(cgd$treat=="rIFN-g"), age=cgd$age, inherit=as.integer(cgd$inherit=="autosomal"), steroids=cgd$steroids, id=cgd$id, hos=as.character(cgd$hos.cat))
coxcase("cox_cgd", cg, c("treat","age","inherit","steroids"), start="start", cluster="id", strata="hos")
v <- veteran
vd <- data.frame(time=v$time, event=v$status, karno=v$karno, age=v$age, trt=v$trt, cell=as.character(v$celltype), w=round(runif(nrow(v), 0.5, 3), 2))
coxcase("cox_vet_strata_w_robust", vd, c("karno","age","trt"), strata="cell", weights="w", robust=TRUE)
vd$wi <- sample(1:3, nrow(vd), TRUE)
coxcase("cox_vet_intw", vd, c("karno","age","trt"), weights="wi", ties="breslow")
m2 <- mgus2; md <- data.frame(time=m2$futime, event=m2$death, age=m2$age, male=as.integer(m2$sex=="M"), hgb=m2$hgb, creat=m2$creat, mspike=m2$mspike)
coxcase("cox_mgus2_na", md, c("age","male","hgb","creat","mspike"))
lu <- na.omit(lung[,c("time","status","age","sex","ph.ecog","ph.karno","wt.loss")])
ld <- data.frame(time=lu$time, event=lu$status-1, age=lu$age, sex=lu$sex, ecog=lu$ph.ecog, karno=lu$ph.karno, wt=lu$wt.loss)
for (th in c(0.1, 10)) coxcase(paste0("cox_lung_ridge_", th), ld, c("age","sex","ecog","karno","wt"), ridge=th)
coxcase("cox_lung_ridge_breslow", ld, c("age","sex","ecog"), ridge=2, ties="breslow")
n <- 400; x1 <- rnorm(n); x2 <- rbinom(n,1,.4); x3 <- sample(-1:1, n, TRUE)
tt <- ceiling(rexp(n, exp(0.5*x1 - 0.3*x2)) * 3); ev <- rbinom(n,1,.8)
sd <- data.frame(time=pmin(tt, 6), event=ifelse(tt>6,0,ev), x1=round(x1,3), x2=x2, x3=x3)
coxcase("cox_ties_efron", sd, c("x1","x2","x3"))
coxcase("cox_ties_breslow", sd, c("x1","x2","x3"), ties="breslow")
st <- round(runif(n, 0, 2), 1); sd2 <- data.frame(start=st, time=st + round(rexp(n, exp(0.4*x1))*5, 1) + 0.1, event=rbinom(n,1,.7), x1=round(x1,3), x2=x2, s=sample(c("A","B","C"), n, TRUE), w=round(runif(n,0.2,2),3))
coxcase("cox_lefttrunc", sd2, c("x1","x2"), start="start")
sd2$id <- seq_len(n); coxcase("cox_lefttrunc_strata_w_cl", sd2, c("x1","x2"), start="start", strata="s", weights="w", cluster="id")
coxcase("cox_strata_w_robust", sd2, c("x1","x2"), strata="s", weights="w", robust=TRUE, ties="breslow")

# ---- batch 2
set.seed(7)
vd2 <- data.frame(time=veteran$time, event=veteran$status, karno=veteran$karno, age=veteran$age, trt=veteran$trt, w=round(runif(137, 0.5, 3), 2))
coxcase("cox_fracw_norobust", vd2, c("karno","age","trt"), weights="w")
n <- 250; s3 <- sample(c(1,2,10), n, TRUE); x1 <- round(rnorm(n), 2); x2 <- sample(c(0,2), n, TRUE); x3 <- sample(-1:1, n, TRUE)
tt <- ceiling(rexp(n, exp(0.3*x1))*4)
nd3 <- data.frame(time=tt, event=rbinom(n,1,.75), x1=x1, x2=x2, x3=x3, s=s3, w=round(runif(n,0.3,2.5),2))
nd3$event[nd3$s==10] <- 0
coxcase("cox_strata_num_noevents", nd3, c("x1","x2","x3"), strata="s")
nd3$event <- rbinom(n,1,.75)
coxcase("cox_strata_num", nd3, c("x1","x2","x3"), strata="s", ties="breslow")
coxcase("cox_efron_fracw_ties", nd3, c("x1","x2","x3"), weights="w", robust=TRUE)
coxcase("cox_single", nd3, c("x1"))
kd <- data.frame(time=c(0, 0, 0.5, 1.25, 1.25, 2, 3.5, 3.5, 4, 6.75, 8, 9), event=c(1,0,1,1,0,1,1,1,0,1,0,1), g=c("b","a","b","a","b","a","b","a","b","a","b","c"))
kd$g[kd$g=="c"] <- "a"
kmcase("km_time0_ll", kd, "g", "log-log")
kmcase("km_time0_plain80", kd, "g", "plain", 0.8)
kd2 <- data.frame(time=c(3,5,7,2,4,6,8,9), event=c(0,0,0,1,1,0,1,1), g=c("cens","cens","cens","x","x","x","x","x"))
kmcase("km_allcensored_group", kd2, "g", "log")
pd2 <- data.frame(start=heart$start, time=heart$stop, event=heart$event, age=heart$age, surgery=heart$surgery, transplant=heart$transplant, s=ifelse(heart$year < 3, 1, ifelse(heart$year < 5, 2, 10)))
coxcase("cox_heart_strata_breslow", pd2, c("age","surgery","transplant"), start="start", strata="s", ties="breslow")
# ---- batch 3
set.seed(11)
coxcase("cox_ridge_w", vd2, c("karno","age","trt"), weights="w", ridge=0.5)
n <- 300; x1 <- round(rnorm(n), 2); x2 <- rbinom(n, 1, .5)
st <- round(runif(n, -5, 3), 1); dur <- ceiling(rexp(n, exp(0.4*x1))*3)
nd4 <- data.frame(start=st, time=st+dur, event=rbinom(n,1,.7), x1=x1, x2=x2, s=sample(c(3,1,2), n, TRUE), w=round(runif(n,0.5,2),1), id=rep(1:100, 3))
coxcase("cox_negstart_efron_w", nd4, c("x1","x2"), start="start", weights="w", cluster="id")
coxcase("cox_ridge_strata_start", nd4, c("x1","x2"), start="start", strata="s", ridge=3)
coxcase("cox_alltied", data.frame(time=rep(5, 40), event=rep(c(1,0), 20), x=round(rnorm(40),2)), c("x"))
# ---- batch 4
coxcase("cox_lung_ridge_1000", ld, c("age","sex","ecog","karno","wt"), ridge=1000)
coxcase("cox_lung_ridge_1e-4", ld, c("age","sex","ecog","karno","wt"), ridge=1e-4)
coxcase("cox_colon_many", cd, c("lev","lev5","age","nodes","sex","differ"), ties="breslow", robust=TRUE)
coxcase("cox_mgus2_strata", md, c("age","hgb","creat"), strata="male", ties="breslow")
kmcase("km_mgus2_99", data.frame(time=md$time, event=md$event, g=md$male), "g", "log-log", 0.99)
# ---- batch 5: logical group and strata columns (R labels them TRUE / FALSE)
vb <- data.frame(time=veteran$time, event=veteran$status, prior=veteran$prior == 10, karno=veteran$karno, age=veteran$age)
kmcase("km_bool_group", vb, "prior", "log")
coxcase("cox_bool_strata", vb, c("karno","age"), strata="prior")
write(toJSON(cases, auto_unbox=TRUE, digits=NA, null="null", na="null"), file.path(out, "cases.json"))
cat(length(cases), "cases\n")
