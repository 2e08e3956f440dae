"""Time sklearn.metrics.roc_auc_score on the files metrics-bench wrote.

    /usr/bin/python3 auc_sklearn.py DIR REPEAT   -> one JSON line
"""
import json
import sys
import time

import numpy as np
from sklearn.metrics import roc_auc_score

d, repeat = sys.argv[1], int(sys.argv[2])
y = np.fromfile(d + "/y.f64", dtype="<f8")
s = np.fromfile(d + "/score.f64", dtype="<f8")
best_wall = best_cpu = float("inf")
auc = None
for _ in range(repeat):
    c0, t0 = time.process_time(), time.perf_counter()
    auc = roc_auc_score(y, s)
    best_wall = min(best_wall, time.perf_counter() - t0)
    best_cpu = min(best_cpu, time.process_time() - c0)
print(json.dumps({"auc": float(auc), "wall_seconds": best_wall, "cpu_seconds": best_cpu}))
