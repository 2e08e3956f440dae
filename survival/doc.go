// Package survival estimates time-to-event models that agree with R's
// survival package: Kaplan-Meier curves with Greenwood errors and R's
// confidence intervals and medians, Nelson-Aalen cumulative hazards, the
// log-rank test, and Cox proportional hazards regression (Efron and Breslow
// ties, strata, case weights, counting-process (start, stop] data, robust
// sandwich errors, ridge penalties), with predictions, residuals and the
// proportional-hazards test.
//
// A minimal Kaplan-Meier fit:
//
//	res, err := survival.KaplanMeier{}.Fit(ctx, time, event, group)
//	for _, c := range res.Curves {
//		fmt.Println(c.Group, c.Median)
//	}
//
// # Conventions (as R's survival 3.5)
//
// Kaplan-Meier StdErr is the standard error of the cumulative hazard (of
// log S), Greenwood's formula, as R's survfit $std.err; log intervals are
// S·exp(±z·se) capped at 1, log-log S^exp(±z·se/log S), undefined where S
// is 0 (and 1 for log-log). The median is the first time S <= 0.5, or the
// midpoint of a flat stretch exactly at 0.5, and its interval comes from the
// bands the same way.
//
// Cox models centre each covariate at its (weighted) mean unless all its
// values are in {-1, 0, 1}; centred linear predictors subtract those means
// (or, for stratified models, each stratum's means: R's reference =
// "strata"). Baseline hazards are uncentred (x = 0); after an Efron fit they
// use Efron-corrected increments, as R's survfit on a coxph fit. With a
// cluster column or fractional weights the robust variance is used, as R.
// Rows with missing values are not accepted: drop them first (the sibyl
// command line does, and counts them).
//
// # Invariants
//
// Inputs are never modified. Times must be finite and non-negative (for
// (start, stop] data any finite start < stop, as R's Surv allows), events 0
// or 1; anything else is an error wrapping a sentinel (ErrTime, ErrEvent...)
// with the offending row. A fit never reports NaN coefficients as a success.
//
// As R (timefix = TRUE, its aeqSurv), Kaplan-Meier, the log-rank test and
// Cox fits first merge times that differ only by floating-point noise: with
// y the sorted distinct times, a gap y[i+1] - y[i] <= sqrt(eps) or
// (y[i+1] - y[i]) / mean|y| <= sqrt(eps) ties y[i+1] to y[i], every value of
// a tied run becoming the run's smallest (so 0.1+0.2 and 0.3 are one time).
//
// # Concurrency
//
// Fitted models are immutable and safe for concurrent use. Cox fits split the
// risk-set sums across Workers goroutines over fixed chunks combined in a
// fixed order, so results do not depend on the number of workers.
package survival
