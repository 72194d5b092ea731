/**
 * ml/: regressors over typed arrays (fit/predict), cross-validation under three protocols, R^2 tables,
 * importances, the reverse regression and score prediction for a new structure.
 */
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
export { featureImportances } from "./importances.ts";
export { matrix } from "./matrix.ts";
export { r2Score } from "./metrics.ts";
export { predictScores } from "./predict-scores.ts";
export { getRegressor, REGRESSOR_NAMES, REGRESSORS } from "./registry.ts";
export { PUBLISHED_RF_R2, runRegressionTable } from "./regression-table.ts";
export { reverseRegression } from "./reverse-regression.ts";
export type * from "./types.ts";
