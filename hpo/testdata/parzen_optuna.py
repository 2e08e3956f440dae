import numpy as np, json
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights
from optuna import distributions as D
def pe(obs, space, mv=False):
    p = _ParzenEstimatorParameters(True, 1.0, True, False, default_weights, mv)
    return _ParzenEstimator({k: np.asarray(v, dtype=float) for k,v in obs.items()}, space, p)
cases = []
# univariate float
e = pe({"x":[1.0,2.5,7.0]}, {"x": D.FloatDistribution(0,10)})
pts = [0.0, 1.0, 3.3, 9.99]
cases.append(("float", e._mus["x"].tolist(), e._sigmas["x"].tolist(), e._weights.tolist(), pts, e.log_pdf({"x":np.asarray(pts)}).tolist()))
e = pe({"n":[2.0,3.0,9.0,9.0]}, {"n": D.IntDistribution(1,10)})
pts=[1.0,2.0,5.0,10.0]
cases.append(("int", e._mus["n"].tolist(), e._sigmas["n"].tolist(), e._weights.tolist(), pts, e.log_pdf({"n":np.asarray(pts)}).tolist()))
e = pe({"lr":[1e-4,1e-2]}, {"lr": D.FloatDistribution(1e-5,1,log=True)})
pts=[1e-5,3e-3,0.5]
cases.append(("log", e._mus["lr"].tolist(), e._sigmas["lr"].tolist(), e._weights.tolist(), pts, e.log_pdf({"lr":np.asarray(pts)}).tolist()))
e = pe({"o":[0.0,2.0,2.0]}, {"o": D.CategoricalDistribution(["a","b","c"])})
pts=[0.0,1.0,2.0]
cases.append(("cat", [], [], e._weights.tolist(), pts, e.log_pdf({"o":np.asarray(pts).astype(int)}).tolist(), e._categorical_weights["o"].tolist()))
# 30 obs for ramp
rng=np.random.RandomState(0); o=rng.uniform(-5,10,30).tolist()
e = pe({"x":o}, {"x": D.FloatDistribution(-5,10)})
pts=[-5.0,0.0,2.0,9.0]
cases.append(("ramp", o, e._sigmas["x"].tolist(), e._weights.tolist(), pts, e.log_pdf({"x":np.asarray(pts)}).tolist()))
# multivariate
e = pe({"x":[1.0,2.5,7.0], "o":[0.0,1.0,1.0]}, {"x": D.FloatDistribution(0,10), "o": D.CategoricalDistribution(["a","b"])}, mv=True)
cases.append(("mv", e._mus["x"].tolist(), e._sigmas["x"].tolist(), e._weights.tolist(), [[2.0,0.0],[6.0,1.0]], e.log_pdf({"x":np.asarray([2.0,6.0]),"o":np.asarray([0,1])}).tolist()))
print(json.dumps(cases, indent=None))
