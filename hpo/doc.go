// Package hpo optimises hyperparameters: define-by-run studies with random,
// quasi-random and TPE samplers, median and successive-halving pruners,
// parallel trials, and in-memory or durable storage (package hpo/sqlite).
//
// An objective suggests its parameters through the trial it is given, so the
// search space is whatever the code asks for (conditional parameters are
// plain if statements):
//
//	study, _ := hpo.NewStudy(ctx, hpo.Config{Sampler: &hpo.TPE{Seed: 1}})
//	err := study.Optimize(ctx, func(ctx context.Context, t *hpo.Trial) (float64, error) {
//		x, err := t.Float("x", -5, 5)
//		if err != nil {
//			return 0, err
//		}
//		return x * x, nil
//	}, 100)
//	best, _ := study.Best(ctx)
//
// Callers that run trials themselves use Ask and Tell (AskSpace with a fixed
// space).
//
// # Samplers
//
// Random is Optuna's RandomSampler. TPE implements Optuna 3.1's TPESampler
// (Parzen estimators checked against Optuna's own on the same observations),
// univariate, multivariate or grouped. Its zero value is multivariate TPE
// with γ = 0.2 and scrambled-Halton startup trials, which beats Optuna's
// default TPE on the reference functions more often than not; OptunaTPE
// gives Optuna's exact defaults. Every parameter of every trial draws from
// its own random stream (seed, trial number, name), so a seeded study run
// with one worker is reproducible.
//
// # Failures
//
// A malformed parameter (empty or inverted range, log scale with a
// non-positive bound, no choices) is an error wrapping ErrSpace; suggesting a
// name again with another distribution wraps ErrRedefined. An objective that
// returns an error, panics, returns NaN or overruns Config.TrialTimeout makes
// its trial Failed, with the error text recorded; the study carries on.
//
// # Concurrency
//
// A Study is safe for concurrent use; Optimize runs Config.Workers trials at
// once and returns after all of them have finished.
package hpo
