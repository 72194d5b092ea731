import { MlError } from "./errors.ts";
import type { Regressor, RegressorName, RegressorSpec } from "./types.ts";

function notYet(name: string): () => Regressor {
  return () => {
    throw new MlError(`regressor ${name} is not implemented yet`);
  };
}

/**
 * The ten regressors of the study with its hyperparameters as defaults (arXiv 2509.18136, Table 5),
 * matched to the scikit-learn / xgboost defaults named in `params`. The CLI and report read this list.
 */
export const REGRESSORS: readonly RegressorSpec[] = [
  {
    name: "rf",
    label: "Random Forest",
    stochastic: true,
    params: {
      n_estimators: 100,
      bootstrap: true,
      max_features: 1.0,
      criterion: "squared_error",
      min_samples_split: 2,
    },
    create: notYet("rf"),
  },
  {
    name: "linear",
    label: "Linear Regression",
    stochastic: false,
    params: { fit_intercept: true },
    create: notYet("linear"),
  },
  { name: "ridge", label: "Ridge", stochastic: false, params: { alpha: 1 }, create: notYet("ridge") },
  {
    name: "lasso",
    label: "Lasso",
    stochastic: false,
    params: { alpha: 0.1, max_iter: 1000, tol: 1e-4 },
    create: notYet("lasso"),
  },
  {
    name: "tree",
    label: "Decision Tree",
    stochastic: false,
    params: { criterion: "squared_error", min_samples_split: 2, max_depth: "none" },
    create: notYet("tree"),
  },
  {
    name: "svr",
    label: "SVR",
    stochastic: false,
    params: { kernel: "rbf", C: 1, epsilon: 0.1, gamma: "scale", standardize: true },
    create: notYet("svr"),
  },
  {
    name: "knn",
    label: "k-Nearest Neighbours",
    stochastic: false,
    params: { k: 5, weights: "uniform", standardize: true },
    create: notYet("knn"),
  },
  {
    name: "gb",
    label: "Gradient Boosting",
    stochastic: false,
    params: { n_estimators: 100, learning_rate: 0.1, max_depth: 3, loss: "squared_error" },
    create: notYet("gb"),
  },
  {
    name: "xgb",
    label: "XGBoost",
    stochastic: false,
    params: {
      n_estimators: 100,
      eta: 0.3,
      max_depth: 6,
      lambda: 1,
      gamma: 0,
      min_child_weight: 1,
      base_score: 0.5,
      tree_method: "exact",
    },
    create: notYet("xgb"),
  },
  {
    name: "mlp",
    label: "MLP",
    stochastic: true,
    params: {
      hidden: "32-64-32",
      activation: "relu",
      solver: "adam",
      alpha: 1e-4,
      learning_rate_init: 1e-3,
      batch_size: 200,
      max_iter: 200,
      tol: 1e-4,
      standardize: true,
    },
    create: notYet("mlp"),
  },
];

export const REGRESSOR_NAMES: readonly RegressorName[] = REGRESSORS.map((r) => r.name);

/** The registry entry for `name`, or a clear error listing the known names. */
export function getRegressor(name: string): RegressorSpec {
  const spec = REGRESSORS.find((r) => r.name === name);
  if (!spec) throw new MlError(`unknown regressor '${name}'; one of: ${REGRESSOR_NAMES.join(", ")}`);
  return spec;
}
