"""Time pandas.read_csv on a file: best wall time of N reads and its CPU time.

usage: python3 pandas_read.py FILE [N]   -> prints {"wall": s, "cpu": s, "version": v}
"""
import json
import sys
import time

import pandas as pd

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 3
best = None
for _ in range(n):
    c0, w0 = time.process_time(), time.perf_counter()
    df = pd.read_csv(path)
    t = (time.perf_counter() - w0, time.process_time() - c0)
    del df
    if best is None or t[0] < best[0]:
        best = t
print(json.dumps({"wall": best[0], "cpu": best[1], "version": pd.__version__}))
