/**
 * ml/: regressors over typed arrays (fit/predict), cross-validation under three protocols, R^2 tables,
 * importances, the reverse regression and score prediction for a new structure.
 */

export { gemmBackend } from "./blas.ts";
export { CALIBRATION_FRACTION, conformalQuantile } from "./conformal.ts";
export { type CvCell, type CvDataset, crossValidate } from "./cross-validate.ts";
export { type Fold, makeFolds } from "./cv.ts";
export { MlError } from "./errors.ts";
export {
  ALL_FEATURES,
  DEFAULT_FEATURES,
  featureMatrix,
  featureValue,
  monthsSince2023,
  recordMonths,
} from "./features.ts";
export { type CacheLookup, FIT_CACHE_SUBDIR, FitCache } from "./fit-cache.ts";
export { featureImportances } from "./importances.ts";
export {
  crossValidateLlm,
  estimatedLlmFoldMs,
  groupLlmDatasets,
  LLM_DEFAULTS,
  type LlmCvDataset,
} from "./llm-cv.ts";
export { type LlmScorePrediction, predictScoresLlm } from "./llm-predict.ts";
export { fitScaler, matrix, take, takeRows } from "./matrix.ts";
export { r2Score } from "./metrics.ts";
export { GradientBoostingRegressor, XGBoostRegressor } from "./models/boosting.ts";
export { DecisionTreeRegressor } from "./models/decision-tree.ts";
export { KNeighborsRegressor } from "./models/knn.ts";
export { Lasso, LinearRegression, Ridge } from "./models/linear.ts";
export { MLPRegressor } from "./models/mlp.ts";
export { RandomForestRegressor } from "./models/random-forest.ts";
export { SVR } from "./models/svr.ts";
export { DEFAULT_MAX_WORKERS, defaultWorkers, WorkerPool } from "./parallel/pool.ts";
export {
  createTaskRunner,
  type RunnerStats,
  type TaskRunner,
  type TaskRunnerOptions,
} from "./parallel/runner.ts";
export { estimatedTaskMs, FIT_MS_PER_1K_ROWS } from "./parallel/tasks.ts";
export { fitScorePredictor, predictScores, type ScorePredictor } from "./predict-scores.ts";
export {
  ALL_REGRESSOR_NAMES,
  getRegressor,
  LLM_REGRESSOR,
  REGRESSOR_NAMES,
  REGRESSORS,
  regressorInfo,
} from "./registry.ts";
export {
  checkTarget,
  DEFAULT_SEED,
  PROTOCOLS,
  runRegressionTable,
  runRegressionTables,
  TARGET_GROUPS,
  TARGETS,
} from "./regression-table.ts";
export { REVERSE_TARGETS, reverseRegression } from "./reverse-regression.ts";
export type * from "./types.ts";
