// Package metrics scores models: classification (ROC AUC, average
// precision, log loss, Brier, thresholded metrics, calibration, lift),
// regression and forecast accuracy (MAE, MSE, RMSE, MAPE, R², median
// absolute error, pinball loss, sMAPE, MASE) and distribution drift (PSI,
// two-sample Kolmogorov-Smirnov). Results agree with scikit-learn 1.2 and
// scipy 1.10 to about 1e-12 relative on the reference cases in testdata/.
//
// A minimal use:
//
//	auc, err := metrics.ROCAUC(y, score, nil) // y in {0,1}, nil weights = all ones
//	cm, err := metrics.ConfusionAt(y, score, nil, 0.5)
//	fmt.Println(auc, cm.Precision(), cm.Recall())
//
// # Conventions
//
// Labels are float64 0 or 1 (class 1 is the positive class). Scores are any
// finite numbers for ranking metrics and probabilities in [0, 1] where the
// metric needs one (Brier, calibration). Sample weights are optional: nil
// means every weight is 1; weights must be finite and non-negative, zero
// weights are allowed (the row then takes no part), and a zero total is an
// error. A thresholded prediction is
//
//	ŷ_i = 1  iff  score_i >= threshold
//
// so a score equal to the threshold is predicted positive.
//
// # Ties
//
// Ranking metrics group equal scores. ROC AUC is the Mann-Whitney
// probability with ties counted one half,
//
//	AUC = sum_{i∈P, j∈N} w_i w_j ([s_i > s_j] + ½[s_i = s_j]) / (W_P W_N),
//
// which is the trapezoidal area under scikit-learn's ROC curve (one point per
// distinct score). Average precision is the step sum over distinct
// thresholds, sum_k (R_k - R_{k-1}) P_k, without interpolation. Neither
// depends on the order of tied rows. Both sort each class once: O(n log n),
// and an O(n) radix sort on the float bits for large inputs. Rank sorts
// once for several ranking metrics (ROC AUC, ROC curve, average precision,
// precision-recall curve, lift).
//
// # Clipping and floors
//
// Log loss clips probabilities to [ε, 1-ε] with ε = 2^-52, as scikit-learn
// 1.2's eps="auto". MAPE divides by max(|y|, 2^-52). PSI floors each bin's
// share at 1e-4. Zero divisions in thresholded metrics give 0.
//
// # Errors
//
// Bad data is an error, never a panic or a NaN reported as success: empty
// input (ErrEmpty), NaN or infinite values (ErrNaN), labels other than 0/1
// (ErrLabel), a single class for a ranking metric (ErrOneClass), negative
// weights (ErrNegativeWeight), weights summing to zero (ErrZeroWeight),
// probabilities or parameters out of range (ErrRange), and a zero MASE scale
// (ErrScale). Errors about an element are *ValueError values that name the
// argument, the index and the value. Slices of different lengths are a
// programming error and panic.
//
// # Drift
//
// PSI bins both samples on the type-7 quantiles of the expected sample
// (NumPy's default), left-closed bins, duplicate edges kept, shares floored
// at 1e-4. KS2 is scipy.stats.ks_2samp with method="auto": the exact
// lattice-path p-value when both samples have at most 10,000 values, the
// Kolmogorov distribution of round(n₁n₂/(n₁+n₂)) otherwise.
//
// # Invariants
//
// Inputs are never modified (ranking metrics sort copies). Results do not
// depend on the order of rows, except through floating-point summation.
//
// # Concurrency
//
// Every function is safe for concurrent use. ROCAUC and the other ranking
// metrics sort the two classes on two goroutines for large inputs; the
// result does not depend on scheduling, and the goroutines end before the
// call returns.
//
// References:
//
//	Pedregosa F et al. (2011). Scikit-learn: machine learning in Python.
//	JMLR 12, 2825-2830.
//	Virtanen P et al. (2020). SciPy 1.0: fundamental algorithms for scientific
//	computing in Python. Nature Methods 17, 261-272.
//	Hyndman RJ, Koehler AB (2006). Another look at measures of forecast
//	accuracy. International Journal of Forecasting 22(4), 679-688.
package metrics
