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
// # Invariants
//
// Inputs are never modified. Times must be finite and non-negative, events 0
// or 1; anything else is an error wrapping a sentinel (ErrTime, ErrEvent...)
// with the offending row. A fit never reports NaN coefficients as a success.
//
// # Concurrency
//
// Fitted models are immutable and safe for concurrent use. Cox fits split the
// risk-set sums across Workers goroutines over fixed chunks combined in a
// fixed order, so results do not depend on the number of workers.
package survival
