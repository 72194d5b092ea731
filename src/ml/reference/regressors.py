"""scikit-learn / xgboost twins of Strata's regressors, for cross-checks in tests and the bench.

Usage: /usr/bin/python3 regressors.py IN.json OUT.json
IN: {"X": [[...]], "y": [...], "Xtest": [[...]], "regressors": ["rf", ...], "seed": 0}
OUT: {"rf": {"pred": [...], "fit_s": 0.1, "predict_s": 0.01}, ..., "svr": {..., "n_iter": 812}}
Hyperparameters are the study's (arXiv 2509.18136), as Strata's registry (src/ml/registry.ts).
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import Lasso, LinearRegression, Ridge
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR
from sklearn.tree import DecisionTreeRegressor


def make(name, seed=0, n_jobs=1):
    if name == "rf":
        return RandomForestRegressor(n_estimators=100, max_features=1.0, random_state=seed, n_jobs=n_jobs)
    if name == "linear":
        return LinearRegression()
    if name == "ridge":
        return Ridge(alpha=1.0)
    if name == "lasso":
        return Lasso(alpha=0.1)
    if name == "tree":
        return DecisionTreeRegressor(random_state=seed)
    if name == "svr":
        return make_pipeline(StandardScaler(), SVR(kernel="rbf", C=1.0, epsilon=0.1, gamma="scale"))
    if name == "knn":
        return make_pipeline(StandardScaler(), KNeighborsRegressor(n_neighbors=5))
    if name == "gb":
        return GradientBoostingRegressor(n_estimators=100, learning_rate=0.1, max_depth=3, random_state=seed)
    if name == "xgb":
        from xgboost import XGBRegressor

        return XGBRegressor(
            n_estimators=100, learning_rate=0.1, max_depth=6, reg_lambda=1.0, gamma=0.0,
            min_child_weight=1.0, base_score=0.5, tree_method="exact", n_jobs=n_jobs,
        )
    if name == "mlp":
        return make_pipeline(
            StandardScaler(),
            MLPRegressor(
                hidden_layer_sizes=(32, 64, 32), activation="relu", solver="adam", max_iter=100, random_state=seed
            ),
        )
    raise ValueError(f"unknown regressor {name}")


def main():
    import warnings

    warnings.filterwarnings("ignore")
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    X = np.asarray(spec["X"], dtype=float)
    y = np.asarray(spec["y"], dtype=float)
    Xt = np.asarray(spec["Xtest"], dtype=float)
    out = {}
    for name in spec["regressors"]:
        m = make(name, spec.get("seed", 0))
        t0 = time.perf_counter()
        m.fit(X, y)
        t1 = time.perf_counter()
        pred = m.predict(Xt)
        out[name] = {"pred": pred.tolist(), "fit_s": t1 - t0, "predict_s": time.perf_counter() - t1}
        last = m[-1] if hasattr(m, "steps") else m
        if name == "svr":
            # libsvm's solver iterations (an array of one in newer scikit-learn releases).
            out[name]["n_iter"] = int(np.ravel(last.n_iter_)[0])
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
