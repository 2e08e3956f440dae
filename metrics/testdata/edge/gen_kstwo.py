"""kstwo.sf and smirnov reference values (scipy 1.10.1): /usr/bin/python3 gen_kstwo.py > kstwo.json"""
import json, numpy as np
from scipy.stats import kstwo
from scipy.special import smirnov
out=[]
for n in [1,2,5,10,37,100,140,141,500,3000,20000,150000]:
    for x in [0.3/n, 0.7/n, 1.0/n, 1.5/n, 0.5/np.sqrt(n), 0.8/np.sqrt(n), 1.0/np.sqrt(n), 1.3/np.sqrt(n), 1.8/np.sqrt(n), 2.5/np.sqrt(n), 4/np.sqrt(n), 0.45, 0.6, 0.95]:
        if x >= 1: continue
        out.append({"n": n, "x": float(x), "sf": float(kstwo.sf(x, n)), "smirnov": float(smirnov(n, x))})
print(json.dumps(out))
