import { MlError } from "./errors.ts";
import { GradientBoostingRegressor, XGBoostRegressor } from "./models/boosting.ts";
import { DecisionTreeRegressor } from "./models/decision-tree.ts";
import { KNeighborsRegressor } from "./models/knn.ts";
import { Lasso, LinearRegression, Ridge } from "./models/linear.ts";
import { MLPRegressor } from "./models/mlp.ts";
import { RandomForestRegressor } from "./models/random-forest.ts";
import { SVR } from "./models/svr.ts";
import type { MatrixRegressorName, RegressorInfo, RegressorName, RegressorSpec } from "./types.ts";

/**
 * The regressors fitted on the feature matrix, with the study's hyperparameters as defaults (arXiv
 * 2509.18136, Table 5), matched to the scikit-learn / xgboost arguments named in `params`: nine of the
 * study's Table 2 and XGBoost (in its Table 5). The study's tenth Table 2 regressor, a fine-tuned LLM,
 * is LLM_REGRESSOR below. The CLI and report read these lists.
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
    create: (o) => new RandomForestRegressor({ seed: o?.seed ?? 0 }),
  },
  {
    name: "linear",
    label: "Linear Regression",
    stochastic: false,
    params: { fit_intercept: true },
    create: () => new LinearRegression(),
  },
  { name: "ridge", label: "Ridge", stochastic: false, params: { alpha: 1 }, create: () => new Ridge(1) },
  {
    name: "lasso",
    label: "Lasso",
    stochastic: false,
    params: { alpha: 0.1, max_iter: 1000, tol: 1e-4 },
    create: () => new Lasso(0.1),
  },
  {
    name: "tree",
    label: "Decision Tree",
    stochastic: false,
    params: { criterion: "squared_error", min_samples_split: 2, max_depth: "none" },
    create: (o) => new DecisionTreeRegressor({ seed: o?.seed ?? 0 }),
  },
  {
    name: "svr",
    label: "SVR",
    stochastic: false,
    params: { kernel: "rbf", C: 1, epsilon: 0.1, gamma: "scale", standardize: true },
    create: () => new SVR(),
  },
  {
    name: "knn",
    label: "k-Nearest Neighbours",
    stochastic: false,
    params: { k: 5, weights: "uniform", standardize: true },
    create: () => new KNeighborsRegressor(5),
  },
  {
    name: "gb",
    label: "Gradient Boosting",
    stochastic: false,
    params: { n_estimators: 100, learning_rate: 0.1, max_depth: 3, loss: "squared_error" },
    create: () => new GradientBoostingRegressor(),
  },
  {
    name: "xgb",
    label: "XGBoost",
    stochastic: false,
    params: {
      objective: "reg:squarederror",
      n_estimators: 100,
      learning_rate: 0.1,
      max_depth: 6,
      lambda: 1,
      gamma: 0,
      min_child_weight: 1,
      base_score: 0.5,
      tree_method: "exact",
    },
    create: () => new XGBoostRegressor({ eta: 0.1 }),
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
      max_iter: 100,
      tol: 1e-4,
      standardize: true,
    },
    create: (o) => new MLPRegressor({ seed: o?.seed ?? 0, maxIter: 100 }),
  },
];

/**
 * The study's tenth regressor (Table 2 "LLM Fine-tune"; Table 5: LLaMA-2-7B, LoRA on all linear
 * layers, learning rate 1e-4, 3500 steps): LoRA adapters of a local causal LM trained on the structure
 * as text to write the six scores (ml/llm-cv.ts over probe/lora). Its defaults take about 40
 * minutes on the bundled stories260K on 2 cores; it runs only when named, being far costlier than the others.
 */
export const LLM_REGRESSOR: RegressorInfo = {
  name: "llm",
  label: "LLM fine-tune",
  stochastic: true,
  params: {
    base: "stories260K (bundled)",
    lora_target: "all-linear",
    lora_rank: 8,
    lora_alpha: 16,
    optimizer: "adamw",
    weight_decay: 0.01,
    warmup: "10% of steps",
    decoding: "greedy",
  },
};

/** The matrix regressors: what `--regressors all` and the default runs mean. */
export const REGRESSOR_NAMES: readonly MatrixRegressorName[] = REGRESSORS.map((r) => r.name);

/** Every regressor name, the LLM's included. */
export const ALL_REGRESSOR_NAMES: readonly RegressorName[] = [...REGRESSOR_NAMES, LLM_REGRESSOR.name];

/** Label and parameters of any regressor, the LLM's included. */
export function regressorInfo(name: string): RegressorInfo {
  if (name === LLM_REGRESSOR.name) return LLM_REGRESSOR;
  return getRegressor(name);
}

/** The matrix regressor `name`, or a clear error listing the known names. */
export function getRegressor(name: string): RegressorSpec {
  const spec = REGRESSORS.find((r) => r.name === name);
  if (!spec) {
    throw new MlError(
      name === LLM_REGRESSOR.name
        ? "the LLM regressor is not fitted on a feature matrix; runRegressionTable cross-validates it"
        : `unknown regressor '${name}'; one of: ${ALL_REGRESSOR_NAMES.join(", ")}`,
    );
  }
  return spec;
}
