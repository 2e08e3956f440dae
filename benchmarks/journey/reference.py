#!/usr/bin/env python3
"""Reference pipeline for the journey benchmark, written the way the
reference generator (numpy exact linear algebra) computes it, with pandas
for the event-log handling: read the CSV, validate timestamps and values,
drop duplicates, order each user's events, truncate at the first purchase,
count first-order transitions with (start)/(conversion)/(null), and solve
the absorbing chain for P(conversion) and every channel's removal effect.

    /usr/bin/python3 reference.py events.csv

Prints the elapsed seconds and P(conversion) and the removal effects so the
runner can check both tools agree. R ChannelAttribution / markovchain are not
installed on this machine (ChannelAttribution estimates removal effects by
simulation anyway), so this numpy pipeline is the side-by-side reference.
"""
import sys
import time

import numpy as np
import pandas as pd

TS = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$"
VAL = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"


def main(path):
    t0 = time.perf_counter()
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    ok = (df.user_id != "") & (df.event != "") & (df.timestamp != "")
    ok &= df.timestamp.str.match(TS)
    ts = pd.to_datetime(df.timestamp.where(ok, None), utc=True, errors="coerce")
    ok &= ts.notna()
    hasv = df.value != ""
    ok &= ~hasv | df.value.str.match(VAL)
    val = pd.to_numeric(df.value.where(hasv & ok, None), errors="coerce")
    ok &= ~hasv | np.isfinite(val)
    d = pd.DataFrame({"u": df.user_id, "t": ts, "e": df.event, "v": val})[ok]
    d = d.drop_duplicates(subset=["u", "t", "e", "v"])
    d = d.sort_values(["u", "t"], kind="mergesort")
    isconv = (d.e == "purchase").to_numpy()
    u = d.u.to_numpy()
    # Position of each row in its user's sequence; first purchase per user.
    newu = np.r_[True, u[1:] != u[:-1]]
    gid = np.cumsum(newu) - 1
    nconv_before = pd.Series(isconv).groupby(gid).cumsum().to_numpy() - isconv
    keep = nconv_before == 0  # rows up to and including the first purchase
    d, isconv, gid = d[keep], isconv[keep], gid[keep]
    chans = np.array(sorted(set(d.e[~isconv])))
    C = len(chans)
    code = np.full(len(d), C + 1)  # purchase -> (conversion)
    code[~isconv] = np.searchsorted(chans, d.e[~isconv].to_numpy()) + 1
    ng = gid.max() + 1
    first = np.r_[True, gid[1:] != gid[:-1]]
    last = np.r_[gid[1:] != gid[:-1], True]
    S = C + 3  # 0 start, 1..C channels, C+1 conversion, C+2 null
    counts = np.zeros((S, S))
    np.add.at(counts, (np.zeros(first.sum(), int), code[first]), 1)  # (start) -> first element
    inner = ~last
    np.add.at(counts, (code[:-1][inner[:-1]], code[1:][inner[:-1]]), 1)
    lastch = last & (code <= C)  # paths ending without a purchase -> (null)
    np.add.at(counts, (code[lastch], np.full(lastch.sum(), C + 2)), 1)
    P = counts[: C + 1] / counts[: C + 1].sum(axis=1, keepdims=True)
    Q, r = P[:, : C + 1], P[:, C + 1]
    I = np.eye(C + 1)
    b = np.linalg.solve(I - Q, r)
    pconv = b[0]
    re = {}
    for c in range(1, C + 1):
        Qc, rc = Q.copy(), r.copy()
        Qc[c], rc[c] = 0, 0
        re[chans[c - 1]] = 1 - np.linalg.solve(I - Qc, rc)[0] / pconv
    el = time.perf_counter() - t0
    print(f"seconds {el:.3f}")
    print(f"paths {ng} conversion_probability {pconv!r}")
    for k, v in re.items():
        print(f"removal_effect {k} {v!r}")


if __name__ == "__main__":
    main(sys.argv[1])
