# Fresh metrics cases of the public kinds (sklearn 1.2.1, scipy 1.10.1,
# numpy 1.24.2), computed with the same calls as shared/reference/metrics:
# zero weights, scores of exactly 0/1, no / all predicted positives, heavy
# ties, --threshold other than 0.5, tiny samples, MAPE with zero y_true,
# exact and asymptotic KS, discrete data with duplicate PSI edges.
# Run: /usr/bin/python3 make_hidden.py .   (writes the CSVs and cases.json)
import numpy as np, json, os, sys
from sklearn import metrics as M
from sklearn.calibration import calibration_curve
from scipy import stats
out = sys.argv[1] if len(sys.argv) > 1 else '.'; os.makedirs(out, exist_ok=True)
B = os.path.basename
cases = {}
EPS = np.finfo(float).eps
def fmt(x): return repr(float(x))
def wcsv(path, cols):
    names = list(cols)
    n = len(cols[names[0]])
    with open(path, 'w') as f:
        f.write(','.join(names) + '\n')
        for i in range(n):
            f.write(','.join(fmt(cols[k][i]) if not (k == 'y_true' and cols[k].dtype.kind == 'i') else str(int(cols[k][i])) for k in names) + '\n')
def cls_block(y, s, w, thr):
    yp = (s >= thr).astype(int)
    kw = {} if w is None else {'sample_weight': w}
    b = {}
    try: b['roc_auc'] = M.roc_auc_score(y, s, **kw)
    except ValueError: b['roc_auc'] = None
    b['average_precision'] = M.average_precision_score(y, s, **kw)
    b['log_loss'] = M.log_loss(y, s, labels=[0,1], **kw)
    b['brier_score_loss'] = M.brier_score_loss(y, s, **kw)
    b['accuracy'] = M.accuracy_score(y, yp, **kw)
    b['precision'] = M.precision_score(y, yp, zero_division=0, **kw)
    b['recall'] = M.recall_score(y, yp, zero_division=0, **kw)
    b['f1'] = M.f1_score(y, yp, zero_division=0, **kw)
    b['matthews_corrcoef'] = M.matthews_corrcoef(y, yp, **kw)
    b['balanced_accuracy'] = M.balanced_accuracy_score(y, yp, **kw)
    b['confusion_matrix'] = M.confusion_matrix(y, yp, labels=[0,1], **kw).tolist()
    return {k: (float(v) if isinstance(v, (float, np.floating)) else v) for k, v in b.items()}
def cls_case(name, y, s, w=None, thr=None):
    y = np.asarray(y, int); s = np.asarray(s, float)
    cols = {'y_true': y, 'y_score': s}
    if w is not None: cols['weight'] = np.asarray(w, float)
    path = f'{out}/{name}_cls.csv'; wcsv(path, cols)
    # re-read exactly
    exp = {'unweighted': cls_block(y, s, None, 0.5 if thr is None else thr)}
    if w is not None: exp['weighted'] = cls_block(y, s, np.asarray(w, float), 0.5 if thr is None else thr)
    pt, pp = calibration_curve(y, s, n_bins=10, strategy='uniform')
    exp['calibration_curve'] = {'prob_true': pt.tolist(), 'prob_pred': pp.tolist()}
    args = ['metrics', 'classification', '--data', B(path), '--truth', 'y_true', '--score', 'y_score', '--json']
    if w is not None: args += ['--weight', 'weight']
    if thr is not None: args += ['--threshold', repr(thr)]
    top = exp['weighted'] if w is not None else exp['unweighted']
    exp.update(top)
    cases[name] = {'args': args, 'expected': exp}
def reg_case(name, y, p, x):
    y = np.asarray(y, float); p = np.asarray(p, float); x = np.asarray(x, float)
    path = f'{out}/{name}_reg.csv'; wcsv(path, {'y_true': y, 'y_pred': p})
    ip = f'{out}/{name}_in.csv'; wcsv(ip, {'y': x})
    e = {'mae': M.mean_absolute_error(y, p), 'mse': M.mean_squared_error(y, p), 'rmse': M.mean_squared_error(y, p, squared=False),
         'mape': M.mean_absolute_percentage_error(y, p), 'r2': M.r2_score(y, p), 'median_absolute_error': M.median_absolute_error(y, p)}
    for a in (0.1, 0.5, 0.9): e[f'mean_pinball_loss_alpha_{a}'] = M.mean_pinball_loss(y, p, alpha=a)
    den = np.abs(y) + np.abs(p); t = np.where(den == 0, 0.0, 2*np.abs(y-p)/np.where(den == 0, 1, den)); e['smape'] = t.mean()
    sc = np.mean(np.abs(np.diff(x))); e['mase_scale'] = sc; e['mase'] = M.mean_absolute_error(y, p) / sc
    e = {k: float(v) for k, v in e.items()}
    cases[name] = {'args': ['metrics', 'regression', '--data', B(path), '--truth', 'y_true', '--pred', 'y_pred', '--insample', B(ip), '--insample-column', 'y', '--json'], 'expected': e}
def drift_case(name, E, A):
    E = np.asarray(E, float); A = np.asarray(A, float)
    pe = f'{out}/{name}_E.csv'; pa = f'{out}/{name}_A.csv'; wcsv(pe, {'value': E}); wcsv(pa, {'value': A})
    edges = np.quantile(E, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    ce = np.bincount(np.searchsorted(edges, E, side='right'), minlength=10)
    ca = np.bincount(np.searchsorted(edges, A, side='right'), minlength=10)
    e = np.maximum(ce/len(E), 1e-4); a = np.maximum(ca/len(A), 1e-4)
    terms = (a - e) * np.log(a / e)
    ks = stats.ks_2samp(E, A)
    exp = {'psi': float(terms.sum()), 'psi_edges': edges.tolist(), 'psi_expected_counts': ce.tolist(), 'psi_actual_counts': ca.tolist(),
           'psi_terms': terms.tolist(), 'psi_duplicate_edges': int(len(edges) - len(np.unique(edges))), 'ks_statistic': float(ks.statistic), 'ks_pvalue': float(ks.pvalue)}
    cases[name] = {'args': ['metrics', 'drift', '--reference', B(pe), '--current', B(pa), '--column', 'value', '--json'], 'expected': exp}
rng = np.random.default_rng(7)
def scores(n, prev, dec):
    y = (rng.random(n) < prev).astype(int)
    s = 1/(1+np.exp(-(rng.normal(0, 1.3, n) + 1.5*(y - 0.5))))
    return y, np.round(s, dec)
# classification
y, s = scores(500, 0.35, 2); w = np.round(rng.lognormal(0, 0.7, 500), 4); w[rng.random(500) < 0.2] = 0.0
cls_case('zero_weights', y, s, w)
y, s = scores(400, 0.4, 2); idx = rng.choice(400, 30, replace=False); s[idx] = rng.integers(0, 2, 30).astype(float)
cls_case('zeros_ones', y, s)
cls_case('zeros_ones_w', y, s, np.round(rng.uniform(0.1, 3, 400), 3))
y, s = scores(200, 0.3, 3); s = s * 0.49
cls_case('no_pred_pos', y, s)
cls_case('no_pred_pos_w', y, s, np.round(rng.uniform(0.5, 2, 200), 2))
y, s = scores(200, 0.6, 3); s = 0.5 + s * 0.5
cls_case('all_pred_pos', y, s)
y, s = scores(1000, 0.25, 1)
cls_case('heavy_ties_1dec', y, s)
cls_case('thr_03', y, s, thr=0.3)
cls_case('thr_07_w', y, s, np.round(rng.uniform(0, 2, 1000), 1), thr=0.7)
cls_case('tiny', [0, 1, 1, 0, 1], [0.2, 0.6, 0.6, 0.6, 1.0])
cls_case('tiny2', [1, 0, 0], [0.3, 0.7, 0.0])
y, s = scores(300, 0.05, 3); cls_case('rare', y, s)
y = np.zeros(50, int); y[0] = 1; s = np.round(rng.random(50), 2); s[0] = 0.1; cls_case('one_pos', y, s)
y, s = scores(300, 0.5, 2); s[:40] = rng.choice([0.3, 0.6, 0.7, 0.1, 0.2, 0.8, 0.9], 40); cls_case('cal_edges', y, s)
y, s = scores(100, 0.5, 2); w = rng.integers(0, 4, 100).astype(float); cls_case('int_weights', y, s, w)
# regression
x = np.cumsum(rng.normal(0, 1, 80)) + 5; yy = np.round(rng.normal(0, 2, 24), 2); yy[[3, 7, 11]] = 0; pp = np.round(yy + rng.normal(0, 1, 24), 2); pp[5] = 0; yy[5] = 0
reg_case('zero_ytrue', yy, pp, x)
reg_case('odd_n', np.round(rng.normal(10, 3, 13), 3), np.round(rng.normal(10, 3, 13), 3), np.round(rng.normal(0, 1, 9), 3))
reg_case('tiny_reg', [1.0, 2.0], [1.5, 1.0], [1.0, 3.0])
reg_case('perfect', [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 4.0])
reg_case('const_y', [2.0, 2.0, 2.0, 2.0], [1.0, 2.5, 2.0, 3.0], [1.0, 2.0, 1.0])
reg_case('big', rng.normal(1e6, 1e3, 500), rng.normal(1e6, 1e3, 500), rng.normal(1e6, 1e3, 100))
# drift
drift_case('ks_tiny', np.round(rng.normal(0, 1, 7), 2), np.round(rng.normal(0.5, 1, 9), 2))
drift_case('ks_tiny_ties', rng.integers(0, 5, 12), rng.integers(1, 6, 15))
drift_case('ks_equal_n', np.round(rng.normal(0, 1, 40), 1), np.round(rng.normal(0.3, 1, 40), 1))
drift_case('ks_large_asym', np.round(rng.normal(0, 1, 12000), 1), np.round(rng.normal(0.02, 1, 800), 1))
drift_case('ks_large_asym2', np.round(rng.normal(0, 1, 10001), 2), np.round(rng.normal(0, 1, 50), 2))
drift_case('ks_exact_10000', np.round(rng.normal(0, 1, 10000), 1), np.round(rng.normal(0.01, 1, 300), 1))
drift_case('discrete_psi', rng.poisson(1.2, 3000), rng.poisson(1.5, 2500))
drift_case('discrete_psi2', rng.choice([0, 0, 0, 0, 1, 2, 5], 800), rng.choice([0, 1, 1, 2, 5, 7], 900))
drift_case('identical', np.round(rng.normal(0, 1, 300), 2), np.round(rng.normal(0, 1, 300), 2))
drift_case('shifted_far', rng.normal(0, 1, 200), rng.normal(5, 1, 300))
drift_case('ks_mid', np.round(rng.exponential(1, 3000), 2), np.round(rng.exponential(1.05, 700), 2))
json.dump(cases, open(f'{out}/cases.json', 'w'), indent=0)
print(len(cases))
