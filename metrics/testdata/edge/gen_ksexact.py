"""Exact two-sample KS tail probabilities from scipy 1.10.1's own kernels,
over random sample sizes and lattice distances:

    /usr/bin/python3 gen_ksexact.py > ksexact.json
"""
import json
from math import gcd

import numpy as np
from scipy.stats._stats_py import _compute_prob_outside_square
from scipy.stats._stats_pythran import _compute_outer_prob_inside_method

rng = np.random.default_rng(7)
out = []
for _ in range(400):
    n1 = int(rng.integers(1, 400))
    n2 = n1 if rng.random() < 0.25 else int(rng.integers(1, 400))
    g = gcd(n1, n2)
    lcm = (n1 // g) * n2
    h = int(rng.integers(1, lcm + 1))
    if n1 == n2:
        p = _compute_prob_outside_square(n1, h)
    else:
        p = _compute_outer_prob_inside_method(n1, n2, g, h)
    out.append({"n1": n1, "n2": n2, "h": h, "p": float(p)})
print(json.dumps(out))
