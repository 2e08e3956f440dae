#!/usr/bin/env python3
"""Time XGBoost hist on the data churn-bench wrote; print one JSON object.

Same parameters as the sibyl run: max_depth=6, eta=0.1, max_bin=256,
binary:logistic, nthread=threads, base_score=0.5. train_seconds includes the
DMatrix construction (its quantile sketch), as sibyl's includes binning.
"""
import argparse, json, os, sys, time
import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score, log_loss

ap = argparse.ArgumentParser()
ap.add_argument("--dir", required=True)
ap.add_argument("--features", type=int, default=50)
ap.add_argument("--rounds", type=int, default=200)
ap.add_argument("--threads", type=int, default=2)
a = ap.parse_args()
nf = a.features
X = np.fromfile(os.path.join(a.dir, "x_train.f64"), dtype="<f8").reshape(-1, nf)
y = np.fromfile(os.path.join(a.dir, "y_train.f64"), dtype="<f8")
Xt = np.fromfile(os.path.join(a.dir, "x_test.f64"), dtype="<f8").reshape(-1, nf)
yt = np.fromfile(os.path.join(a.dir, "y_test.f64"), dtype="<f8")
params = dict(tree_method="hist", max_depth=6, eta=0.1, max_bin=256, objective="binary:logistic",
              nthread=a.threads, seed=0, base_score=0.5)
c0 = time.process_time()
t0 = time.perf_counter()
d = xgb.DMatrix(X, label=y, nthread=a.threads)
bst = xgb.train(params, d, num_boost_round=a.rounds)
train_s = time.perf_counter() - t0
train_cpu = time.process_time() - c0
times = []
for _ in range(3):
    t0 = time.perf_counter()
    p = bst.inplace_predict(Xt)
    times.append(time.perf_counter() - t0)
times.sort()
n = min(2000, len(Xt))
t0 = time.perf_counter()
for r in range(n):
    bst.inplace_predict(Xt[r:r + 1])
row_us = (time.perf_counter() - t0) / n * 1e6
json.dump(dict(train_seconds=train_s, train_cpu_seconds=train_cpu, predict_seconds=times[1], predict_row_us=row_us,
               test_auc=roc_auc_score(yt, p), test_logloss=log_loss(yt, p), xgboost=xgb.__version__), sys.stdout)
