"""XGBoost survival:cox on the data `main.go cox` writes, same parameters
(100 rounds, depth 6, eta 0.1, hist, max_bin 256, 2 threads).

    python3 xgb_cox.py DIR     # reads DIR/cox.csv, writes DIR/xgb_margins.txt
"""
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb

d = sys.argv[1]
df = pd.read_csv(f"{d}/cox.csv")
y = df.pop("label").to_numpy()
dm = xgb.DMatrix(df.to_numpy(), label=y)
p = dict(objective="survival:cox", tree_method="hist", max_depth=6, eta=0.1, max_bin=256, nthread=2)
t0 = time.perf_counter()
b = xgb.train(p, dm, 100)
sec = time.perf_counter() - t0
np.savetxt(f"{d}/xgb_margins.txt", b.predict(dm, output_margin=True))
print(f"xgboost {xgb.__version__} survival:cox: {len(y)} rows, 100 rounds depth 6: {sec:.3f} s")
print(f"seconds {sec:.4f}")
