"""sklearn MLPRegressor's exact training trajectory, to check Strata's MLP step by step.

Usage: /usr/bin/python3 mlp_trace.py IN.json OUT.json
IN: {"X": [[...]] (already standardized), "y": [...], "max_iter": 20, "seed": 0}
OUT: {"W": [...], "b": [...] (the initial weights sklearn draws, row-major fan_in x fan_out),
      "loss_curve": [...], "pred": [...] (on X, after training)}
Rows are not shuffled (shuffle=False) so that both sides see the same batches.
"""
import json
import sys
import warnings

import numpy as np
from sklearn.neural_network import MLPRegressor

warnings.filterwarnings("ignore")
with open(sys.argv[1]) as f:
    spec = json.load(f)
X = np.asarray(spec["X"], dtype=float)
y = np.asarray(spec["y"], dtype=float)
seed = spec.get("seed", 0)
hidden = (32, 64, 32)
m = MLPRegressor(hidden_layer_sizes=hidden, random_state=seed, shuffle=False, max_iter=spec["max_iter"])
m.fit(X, y)
# sklearn draws each layer's coef then intercept from RandomState(seed), uniform in +-sqrt(6/(in+out)).
rs = np.random.RandomState(seed)
sizes = [X.shape[1], *hidden, 1]
W, b = [], []
for i in range(len(sizes) - 1):
    bound = np.sqrt(6.0 / (sizes[i] + sizes[i + 1]))
    W.append(rs.uniform(-bound, bound, (sizes[i], sizes[i + 1])).ravel().tolist())
    b.append(rs.uniform(-bound, bound, sizes[i + 1]).tolist())
with open(sys.argv[2], "w") as f:
    json.dump({"W": W, "b": b, "loss_curve": list(m.loss_curve_), "pred": m.predict(X).tolist()}, f)
