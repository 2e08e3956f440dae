"""Generate edge-case reference values for the metrics tests.

Run with Debian's python3 (scikit-learn 1.2.1, scipy 1.10.1, numpy 1.24.2):

    /usr/bin/python3 gen_edge.py > edge_cases.json

The Go tests read edge_cases.json only; they never need Python.
"""
import json
import warnings

import numpy as np
import scipy
import sklearn
from scipy.stats import ks_2samp
from sklearn import metrics as M
from sklearn.calibration import calibration_curve

warnings.simplefilter("ignore")
rng = np.random.default_rng(20261129)


def fl(a):
    return [float(v) for v in a]


def cls_case(name, y, s, w=None, threshold=0.5):
    y = np.asarray(y, dtype=float)
    s = np.asarray(s, dtype=float)
    pred = (s >= threshold).astype(float)
    out = {}
    out["roc_auc"] = M.roc_auc_score(y, s, sample_weight=w)
    out["average_precision"] = M.average_precision_score(y, s, sample_weight=w)
    p, r, _ = M.precision_recall_curve(y, s, sample_weight=w)
    out["pr_auc_trapezoid"] = M.auc(r, p)
    out["log_loss"] = M.log_loss(y, s, sample_weight=w)
    out["log_loss_eps_1e-15"] = M.log_loss(y, s, eps=1e-15, sample_weight=w)
    out["brier_score_loss"] = M.brier_score_loss(y, s, sample_weight=w)
    out["accuracy"] = M.accuracy_score(y, pred, sample_weight=w)
    out["precision"] = M.precision_score(y, pred, sample_weight=w, zero_division=0)
    out["recall"] = M.recall_score(y, pred, sample_weight=w, zero_division=0)
    out["f1"] = M.f1_score(y, pred, sample_weight=w, zero_division=0)
    out["matthews_corrcoef"] = M.matthews_corrcoef(y, pred, sample_weight=w)
    out["balanced_accuracy"] = M.balanced_accuracy_score(y, pred, sample_weight=w)
    out["confusion_matrix"] = M.confusion_matrix(y, pred, labels=[0, 1], sample_weight=w).astype(float).tolist()
    if len(s) <= 400:
        fpr, tpr, thr = M.roc_curve(y, s, sample_weight=w)
        out["roc_fpr"], out["roc_tpr"], out["roc_thresholds"] = fl(fpr), fl(tpr), fl(thr)
    if w is None:
        pt, pp = calibration_curve(y, s, n_bins=10, strategy="uniform")
        out["prob_true"], out["prob_pred"] = fl(pt), fl(pp)
    return {"name": name, "kind": "classification", "y": fl(y), "score": fl(s),
            "weight": None if w is None else fl(w), "threshold": threshold,
            "expected": {k: (float(v) if np.isscalar(v) else v) for k, v in out.items()}}


def reg_case(name, y, p, w=None):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    out = {
        "mae": M.mean_absolute_error(y, p, sample_weight=w),
        "mse": M.mean_squared_error(y, p, sample_weight=w),
        "rmse": M.mean_squared_error(y, p, sample_weight=w, squared=False),
        "mape": M.mean_absolute_percentage_error(y, p, sample_weight=w),
        "r2": M.r2_score(y, p, sample_weight=w),
        "mean_pinball_loss_alpha_0.1": M.mean_pinball_loss(y, p, alpha=0.1, sample_weight=w),
        "mean_pinball_loss_alpha_0.9": M.mean_pinball_loss(y, p, alpha=0.9, sample_weight=w),
    }
    if w is None:
        out["median_absolute_error"] = M.median_absolute_error(y, p)
    return {"name": name, "kind": "regression", "y": fl(y), "y_pred": fl(p),
            "weight": None if w is None else fl(w), "expected": {k: float(v) for k, v in out.items()}}


def ks_case(name, a, b):
    a = np.round(np.asarray(a, dtype=float), 4)
    b = np.round(np.asarray(b, dtype=float), 4)
    r = ks_2samp(a, b)  # method="auto"
    n1, n2 = len(a), len(b)
    return {"name": name, "kind": "ks", "a": fl(a), "b": fl(b),
            "expected": {"statistic": float(r.statistic), "pvalue": float(r.pvalue),
                         "method": "exact" if max(n1, n2) <= 10000 else "asymp"}}


def psi_case(name, e, a, bins=10):
    e = np.round(np.asarray(e, dtype=float), 4)
    a = np.round(np.asarray(a, dtype=float), 4)
    edges = np.quantile(e, np.arange(1, bins) / bins)
    ce = np.bincount(np.searchsorted(edges, e, side="right"), minlength=bins)
    ca = np.bincount(np.searchsorted(edges, a, side="right"), minlength=bins)
    pe = np.maximum(ce / len(e), 1e-4)
    pa = np.maximum(ca / len(a), 1e-4)
    terms = (pa - pe) * np.log(pa / pe)
    return {"name": name, "kind": "psi", "expected_sample": fl(e), "actual_sample": fl(a), "bins": bins,
            "expected": {"psi": float(np.sum(terms)), "edges": fl(edges), "expected_counts": ce.tolist(),
                         "actual_counts": ca.tolist(), "terms": fl(terms),
                         "duplicate_edges": int(np.sum(np.diff(edges) == 0))}}


cases = []

# Zero weights, including on the highest and lowest scores and on a whole tie group.
n = 300
y = (rng.random(n) < 0.35).astype(float)
s = np.round(np.clip(0.3 * y + rng.normal(0.35, 0.2, n), 0, 1), 2)
w = rng.lognormal(0, 0.7, n).round(4)
w[rng.random(n) < 0.15] = 0.0
w[np.argmax(s)] = 0.0
w[np.argmin(s)] = 0.0
w[s == np.median(s)] = 0.0
cases.append(cls_case("zero_weights", y, s, w))
cases.append(cls_case("zero_weights_unweighted", y, s))

# Scores exactly 0 and 1, some confidently wrong, with and without weights.
y = (rng.random(200) < 0.5).astype(float)
s = np.round(rng.random(200), 3)
s[:10] = 1.0 - y[:10]          # confidently wrong
s[10:20] = y[10:20]            # confidently right
s[20:25] = 0.5
cases.append(cls_case("scores_0_1", y, s))
cases.append(cls_case("scores_0_1_weighted", y, s, rng.lognormal(0, 1, 200).round(3)))

# No predicted positives (every score below the threshold).
y = (rng.random(80) < 0.3).astype(float)
s = np.round(rng.random(80) * 0.45, 3)
cases.append(cls_case("no_predicted_positives", y, s))
# Everything predicted positive.
cases.append(cls_case("all_predicted_positive", y, s, threshold=0.0))

# All scores tied.
y = (rng.random(50) < 0.4).astype(float)
cases.append(cls_case("all_tied", y, np.full(50, 0.37)))
cases.append(cls_case("all_tied_weighted", y, np.full(50, 0.5), rng.lognormal(0, 1, 50).round(3)))

# Heavy ties: five distinct scores over 2000 rows, weighted and not.
y = (rng.random(2000) < 0.25).astype(float)
s = rng.choice([0.1, 0.3, 0.5, 0.6, 0.7], 2000)
cases.append(cls_case("heavy_ties", y, s))
cases.append(cls_case("heavy_ties_weighted", y, s, rng.lognormal(0, 0.5, 2000).round(3)))

# Calibration bin edges: scores exactly on 0.1*k.
y = (rng.random(220) < 0.5).astype(float)
s = np.repeat(np.arange(11) / 10, 20)
s[s == 0.3] = 0.3
s[s == 0.6] = 0.6
s[s == 0.7] = 0.7
cases.append(cls_case("calibration_edges", y, s))

# Large n with a radix sort path (n > 4096), continuous scores.
y = (rng.random(4500) < 0.2).astype(float)
s = np.round(1 / (1 + np.exp(-(rng.normal(0, 1, 4500) + 1.2 * y))), 5)
cases.append(cls_case("large_continuous", y, s))
cases.append(cls_case("large_continuous_weighted", y, s, rng.lognormal(0, 1, 4500).round(3)))

# Regression: zeros in y_true (MAPE ~1e15), constant y_true (R2 forced finite), weights.
yt = np.round(rng.normal(0, 3, 40), 2)
yt[[3, 17]] = 0.0
yp = np.round(yt + rng.normal(0.5, 1, 40), 2)
cases.append(reg_case("zeros_in_y", yt, yp))
cases.append(reg_case("zeros_in_y_weighted", yt, yp, rng.lognormal(0, 1, 40).round(3)))
cases.append(reg_case("constant_y_imperfect", np.full(10, 2.5), np.linspace(2, 3, 10)))
cases.append(reg_case("constant_y_perfect", np.full(10, 2.5), np.full(10, 2.5)))
cases.append(reg_case("odd_n", [1.0, 2.0, 4.0, 8.0, 16.0], [1.5, 1.0, 4.0, 10.0, 15.0]))

# KS: ties (discrete data), equal and unequal n, tiny samples, identical samples.
cases.append(ks_case("ties_unequal", rng.integers(0, 6, 300), rng.integers(0, 7, 450)))
cases.append(ks_case("ties_equal", rng.integers(0, 5, 400), rng.integers(1, 6, 400)))
cases.append(ks_case("tiny", [0.1, 0.5, 0.9, 1.3, 1.7], [1.1, 1.5, 1.9, 2.3, 2.7, 3.1]))
cases.append(ks_case("identical", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]))
cases.append(ks_case("disjoint", rng.normal(0, 1, 30), rng.normal(10, 1, 40)))
cases.append(ks_case("coprime", rng.normal(0, 1, 997), rng.normal(0.1, 1, 1009)))
cases.append(ks_case("equal_n_shift", rng.normal(0, 1, 2000), rng.normal(0.05, 1, 2000)))
# Asymptotic p-values (max(n1, n2) > 10000): integer data keeps the file small.
cases.append(ks_case("asymp_small_en", rng.integers(0, 100, 10001), rng.integers(0, 100, 60) + 8))
cases.append(ks_case("asymp_mid_en", rng.integers(0, 100, 10001), rng.integers(0, 100, 1500) + 3))
cases.append(ks_case("asymp_large_en", rng.integers(0, 100, 10400), rng.integers(0, 100, 10500)))
cases.append(ks_case("ratio", rng.normal(0, 1, 10000), rng.normal(0.02, 1, 2500)))

# PSI: discrete data with duplicate edges, and fewer bins.
cases.append(psi_case("duplicate_edges", rng.integers(0, 4, 1000), rng.integers(0, 5, 800)))
cases.append(psi_case("constant_expected", np.full(100, 3.0), rng.integers(2, 5, 100)))
cases.append(psi_case("five_bins", rng.normal(0, 1, 500), rng.normal(0.3, 1, 700), bins=5))

print(json.dumps({"generator": "gen_edge.py", "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                                                          "sklearn": sklearn.__version__},
                  "cases": cases}))
