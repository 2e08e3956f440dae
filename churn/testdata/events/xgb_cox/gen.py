import json, sys
import numpy as np, pandas as pd, xgboost as xgb
d = pd.read_csv("/work/main/churn/testdata/events/lung/data.csv")
covs = ["age", "sex", "ph.ecog", "ph.karno", "wt.loss"]
# break ties: add row/1000 days (times are whole days)
t = d["time"].to_numpy(float) + np.arange(len(d)) / 1000.0
y = np.where(d["event"].to_numpy() == 1, t, -t)
X = d[covs].to_numpy(float)
out = {}
for name, params, rounds in [
    ("depth1_eta0.3_r1", dict(max_depth=1, eta=0.3), 1),
    ("depth3_eta0.3_r10", dict(max_depth=3, eta=0.3), 10),
]:
    p = dict(objective="survival:cox", tree_method="hist", max_bin=256, nthread=1, **params)
    dm = xgb.DMatrix(X, label=y)
    b = xgb.train(p, dm, rounds)
    m = b.predict(dm, output_margin=True)
    out[name] = dict(params=p, rounds=rounds, margin=[float(v) for v in m])
pd.DataFrame({"time": y, **{c: d[c] for c in covs}}).to_csv("untied.csv", index=False)
json.dump({"xgboost": xgb.__version__, "cases": out}, open("expected.json", "w"))
print(xgb.__version__, {k: v["margin"][:3] for k, v in out.items()})
