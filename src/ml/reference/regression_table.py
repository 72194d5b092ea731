"""The regression table in scikit-learn (+ xgboost) on arrays exported by bench/regress.bench.ts.

Usage: /usr/bin/python3 regression_table.py IN.json OUT.json [n_jobs]
IN: {"seed": 0, "regressors": [...], "targets": {name: {"X": [[...]], "y": [...], "folds": [[test idx], ...]}}}
OUT: {"seconds": total wall time, "cells": {"rf|mmlu": [fold R^2, ...], ...}}
Every (target, regressor, fold) fit is one joblib task over n_jobs processes (default 2, both cores).
"""
import json
import sys
import time
import warnings

import numpy as np
from joblib import Parallel, delayed
from sklearn.metrics import r2_score

from regressors import make


def one(name, seed, X, y, test):
    warnings.filterwarnings("ignore")
    mask = np.zeros(len(y), dtype=bool)
    mask[test] = True
    m = make(name, seed)
    m.fit(X[~mask], y[~mask])
    return r2_score(y[mask], m.predict(X[mask]))


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    n_jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    data = {t: (np.asarray(d["X"], float), np.asarray(d["y"], float), d["folds"]) for t, d in spec["targets"].items()}
    jobs, keys = [], []
    for t, (X, y, folds) in data.items():
        for name in spec["regressors"]:
            for k, test in enumerate(folds):
                jobs.append(delayed(one)(name, spec["seed"], X, y, np.asarray(test, dtype=int)))
                keys.append((f"{name}|{t}", k))
    t0 = time.perf_counter()
    scores = Parallel(n_jobs=n_jobs)(jobs)
    seconds = time.perf_counter() - t0
    cells = {}
    for (key, k), s in zip(keys, scores):
        cells.setdefault(key, {})[k] = s
    out = {key: [v[k] for k in sorted(v)] for key, v in cells.items()}
    with open(sys.argv[2], "w") as f:
        json.dump({"seconds": seconds, "cells": out}, f)


if __name__ == "__main__":
    main()
