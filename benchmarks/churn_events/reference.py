"""pandas reference for sibyl's event features (churn.FeatureSpec with
event_types = the six types and window_days = 7, 30, 90) at one cut-off.

    python3 reference.py events.csv [sibyl_features.csv]

Prints the seconds of the feature computation (after read and sort, as
sibyl's figure is after the event log is built), and, given sibyl's output,
the largest absolute difference over every cell.
"""
import sys
import time

import numpy as np
import pandas as pd

TYPES = ["cancel", "downgrade", "login", "payment", "purchase", "support"]
WINDOWS = [7, 30, 90]
CUTOFF = int(pd.Timestamp("2024-10-27").value // 10**9)
DAY = 86400.0


def features(df):
    c = CUTOFF
    past = df[df.time < c].copy()
    past["age"] = (c - past.time) / DAY
    g = past.groupby("customer", sort=True)
    f = pd.DataFrame(index=g.size().index)
    f["recency_days"] = (c - g.time.max()) / DAY
    f["tenure_days"] = (c - g.time.min()) / DAY
    f["events_total"] = g.size().astype(float)
    f["value_total"] = g.value.sum()
    f["value_mean"] = g.value.mean()
    same = past.customer.eq(past.customer.shift())
    past["gap"] = (past.time.diff() / DAY).where(same)
    gg = past.groupby("customer", sort=True).gap
    f["gap_mean_days"] = gg.mean()
    f["gap_sd_days"] = gg.std(ddof=1)
    f["gap_max_days"] = gg.max()
    last = past.groupby("customer", sort=True).tail(1).set_index("customer")
    f["gap_last_days"] = last.gap
    f["last_event"] = last.event.map({t: i for i, t in enumerate(TYPES)}).astype(float)
    for t in TYPES:
        f["days_since_" + t] = (c - past[past.event == t].groupby("customer").time.max()) / DAY
    past["v0"] = past.value.fillna(0.0)
    for w in WINDOWS:
        d = f"{w}d"
        inw = past[past.age <= w]
        prev = past[(past.age > w) & (past.age <= 2 * w)].groupby("customer").size()
        gi = inw.groupby("customer")
        f["events_" + d] = gi.size().reindex(f.index, fill_value=0).astype(float)
        f["value_" + d] = gi.v0.sum().reindex(f.index, fill_value=0.0)
        f["trend_" + d] = np.log((f["events_" + d] + 1) / (prev.reindex(f.index, fill_value=0) + 1))
        by = inw.groupby(["customer", "event"])
        cnt = by.size().unstack(fill_value=0).reindex(index=f.index, columns=TYPES, fill_value=0)
        val = by.v0.sum().unstack(fill_value=0.0).reindex(index=f.index, columns=TYPES, fill_value=0.0)
        for t in TYPES:
            f[f"events_{d}_{t}"] = cnt[t].astype(float)
            f[f"value_{d}_{t}"] = val[t]
    return f


def main():
    t0 = time.perf_counter()
    df = pd.read_csv(sys.argv[1], dtype={"customer": str, "event": str, "time": np.int64, "value": float})
    df = df.sort_values(["customer", "time"], kind="stable").reset_index(drop=True)
    t1 = time.perf_counter()
    f = features(df)
    t2 = time.perf_counter()
    print(f"read+sort {t1 - t0:.3f} s, features {t2 - t1:.3f} s ({len(df)} events, {len(f)} rows x {f.shape[1]} features)")
    print(f"seconds {t2 - t1:.4f}")
    if len(sys.argv) > 2:
        got = pd.read_csv(sys.argv[2], dtype={"customer": str}).set_index("customer").sort_index()
        f = f.sort_index()
        assert list(got.columns) == list(f.columns), (list(got.columns), list(f.columns))
        assert list(got.index) == list(f.index), "different customers"
        a, b = got.to_numpy(float), f.to_numpy(float)
        nan_mismatch = int((np.isnan(a) != np.isnan(b)).sum())
        diff = np.nanmax(np.abs(a - b))
        print(f"max |sibyl - pandas| over {a.size} cells: {diff:.3g}; NaN mismatches: {nan_mismatch}")


if __name__ == "__main__":
    main()
