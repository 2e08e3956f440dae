"""Independent reference for the journey README rules (rows, dedup, paths, counts, P(conv), RE, heuristics)."""
import csv, re, sys, json, datetime, math
import numpy as np
from fractions import Fraction

TS = re.compile(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$', re.ASCII)
VAL = re.compile(r'^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$', re.ASCII)

def parse_ts(s):
    m = TS.fullmatch(s)
    if not m: return None
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    if h > 23 or mi > 59 or se > 59: return None
    try: day = datetime.date(y, mo, d)
    except ValueError: return None
    frac = m.group(7)
    ns = int((frac[1:] + '0' * 9)[:9]) if frac else 0
    z = m.group(8)
    off = 0
    if z != 'Z':
        oh, om = int(z[1:3]), int(z[4:6])
        if oh > 23: return None
        off = (oh * 60 + om) * 60 * (1 if z[0] == '+' else -1)
    secs = (day.toordinal() - 719163) * 86400 + h * 3600 + mi * 60 + se - off
    return secs * 10**9 + ns

def parse_val(s):
    if s == '': return (True, None)
    if not VAL.fullmatch(s): return (False, None)
    v = float(s)
    if not math.isfinite(v): return (False, None)
    return (True, v)

def fit(path, conv='purchase'):
    f = open(path, newline='', encoding='utf-8')
    rd = csv.reader(f)
    header = next(rd)
    hasv = 'value' in header
    iu, it, ie = header.index('user_id'), header.index('timestamp'), header.index('event')
    iv = header.index('value') if hasv else None
    rejected = []; valid = []; seen = set(); ndup = 0; n_rows = 0
    for row in rd:
        n_rows += 1
        line = rd.line_num
        if len(row) != len(header): rejected.append((line, 'wrong field count')); continue
        u, t, e = row[iu], row[it], row[ie]
        v = row[iv] if hasv else ''
        if u == '': rejected.append((line, 'blank user_id')); continue
        if e == '': rejected.append((line, 'blank event')); continue
        if t == '': rejected.append((line, 'blank timestamp')); continue
        inst = parse_ts(t)
        if inst is None: rejected.append((line, 'invalid timestamp')); continue
        ok, val = parse_val(v)
        if not ok: rejected.append((line, 'invalid value')); continue
        key = (u, inst, e, val)
        if key in seen: ndup += 1; continue
        seen.add(key)
        valid.append((u, inst, len(valid), e, val))
    users = {}
    for r in valid: users.setdefault(r[0], []).append(r)
    paths = {}; nafter = 0; nempty = 0; totval = 0.0; nconv = 0
    for u, rs in users.items():
        rs.sort(key=lambda r: (r[1], r[2]))
        p = []; term = '(null)'; cv = 0.0
        for i, r in enumerate(rs):
            if r[3] == conv:
                term = '(conversion)'; cv = r[4] if r[4] is not None else 0.0
                nafter += len(rs) - i - 1
                break
            p.append(r[3])
        if term == '(conversion)':
            nconv += 1; totval += cv
            if not p: nempty += 1
        paths[u] = (p, term, cv)
    chans = sorted({c for p, _, _ in paths.values() for c in p})
    states = ['(start)'] + chans + ['(conversion)', '(null)']
    idx = {s: i for i, s in enumerate(states)}
    n = len(states); T = len(chans) + 1
    C = np.zeros((n, n))
    for p, term, _ in paths.values():
        seq = ['(start)'] + p + [term]
        for a, b in zip(seq, seq[1:]): C[idx[a], idx[b]] += 1
    P = np.zeros((n, n))
    for i in range(T):
        s = C[i].sum()
        if s > 0: P[i] = C[i] / s
    def pconv(P):
        Q = P[:T, :T]; r = P[:T, T]
        return np.linalg.solve(np.eye(T) - Q, r)[0]
    pc = pconv(P) if paths else float('nan')
    re_ = {}
    for c in chans:
        P2 = P.copy(); k = idx[c]; P2[k] = 0; P2[k, idx['(null)']] = 1
        re_[c] = 1 - pconv(P2) / pc if pc > 0 else float('nan')
    sre = sum(re_.values())
    attr = {c: (re_[c] / sre * nconv if sre > 0 else 0.0) for c in chans}
    ft = {c: 0.0 for c in chans}; lt = dict(ft); lin = dict(ft)
    for p, term, _ in paths.values():
        if term != '(conversion)' or not p: continue
        ft[p[0]] += 1; lt[p[-1]] += 1
        for c in p: lin[c] += 1 / len(p)
    from collections import Counter
    cnt = Counter(tuple(p + [term]) for p, term, _ in paths.values())
    top = sorted(cnt.items(), key=lambda kv: (-kv[1], list(kv[0])))[:10]
    top_paths = [[list(k), v] for k, v in top]
    convp = [p for p, term, _ in paths.values() if term == '(conversion)']
    share = {c: (sum(1 for p in convp if c in p) / len(convp) if convp else float('nan')) for c in chans}
    Q = P[:T, :T]; N = np.linalg.inv(np.eye(T) - Q); b = N @ P[:T, T]; w = N @ b
    msc = w[0] / b[0] if paths and b[0] > 0 else float('nan')
    msa = (N @ np.ones(T))[0] if paths else float('nan')
    emsc = sum(len(p) + 1 for p in convp) / len(convp) if convp else float('nan')
    tc = {states[i]: {states[j]: int(C[i, j]) for j in range(n) if C[i, j]} for i in range(T)}
    tp = {states[i]: {states[j]: P[i, j] for j in range(n) if C[i, j]} for i in range(T)}
    tc = {k: v for k, v in tc.items() if v}; tp = {k: v for k, v in tp.items() if v}
    so, ll2, fp2 = second_order([(p, t) for p, t, _ in paths.values()], chans, nconv)
    ll1 = sum(C[i, j] * math.log(P[i, j]) for i in range(T) for j in range(n) if C[i, j])
    fp1 = sum(int((C[i] > 0).sum()) - 1 for i in range(T) if C[i].sum() > 0)
    return dict(second_order=so, log_likelihood=dict(order1=ll1, order1_free_params=fp1, order2=ll2, order2_free_params=fp2, lr_statistic=2*(ll2-ll1)), n_rows=n_rows, n_users=len(paths), n_paths=len(paths), n_conversions=nconv,
                n_rejected_rows=len(rejected), rejected_rows=[{'line': l, 'reason': r} for l, r in rejected],
                n_duplicate_rows_dropped=ndup, n_events_after_conversion_dropped=nafter, n_empty_paths=nempty,
                total_conversion_value=totval, states=states, transition_counts=tc, transition_probs=tp,
                conversion_probability=pc, removal_effect=re_, attribution=attr,
                first_touch=ft, last_touch=lt, linear=lin, top_paths=top_paths, empirical_touch_share_of_conversions=share, mean_steps_to_conversion=msc, mean_steps_to_absorption=msa, empirical_mean_steps_to_conversion=emsc, empirical_conversion_rate=nconv/len(paths) if paths else float('nan'))

if __name__ == '__main__':
    print(json.dumps(fit(sys.argv[1])))

def second_order(paths, chans, nconv):
    import math
    from collections import defaultdict
    cnt = defaultdict(lambda: defaultdict(int))
    for p, term in paths:
        seq = ['(start)'] + p + [term]
        if not p:
            cnt['(start)'][term] += 1; continue
        cnt['(start)'][('(start)', p[0])] += 1
        for i in range(1, len(seq) - 1):
            s = (seq[i-1], seq[i])
            nx = (seq[i], seq[i+1]) if i + 1 < len(seq) - 1 else seq[i+1]
            cnt[s][nx] += 1
    trans = ['(start)'] + sorted(k for k in cnt if k != '(start)')
    ix = {s: i for i, s in enumerate(trans)}; T = len(trans)
    P = np.zeros((T, T)); r = np.zeros(T)
    for s, row in cnt.items():
        tot = sum(row.values())
        for nx, c in row.items():
            if nx == '(conversion)': r[ix[s]] += c / tot
            elif nx == '(null)': pass
            else: P[ix[s], ix[nx]] += c / tot
    def pc(P, r): return np.linalg.solve(np.eye(T) - P, r)[0]
    p0 = pc(P, r)
    re_ = {}
    for c in chans:
        P2 = P.copy(); r2 = r.copy()
        for s in trans:
            if s != '(start)' and s[1] == c: P2[ix[s]] = 0; r2[ix[s]] = 0
        re_[c] = 1 - pc(P2, r2) / p0 if p0 > 0 else float('nan')
    sre = sum(re_.values())
    ll = sum(c * math.log(c / sum(row.values())) for row in cnt.values() for c in row.values())
    fp = sum(len(row) - 1 for row in cnt.values())
    return dict(n_pair_states=T - 1, conversion_probability=p0, removal_effect=re_,
                attribution={c: re_[c] / sre * nconv if sre > 0 else 0.0 for c in chans}), ll, fp
