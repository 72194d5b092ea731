/**
 * The report's Vega-Lite spec builders: one function per kind of figure, each a pure function of
 * numbers the analyze stage computed. Every builder here has a golden spec (specs.test.ts).
 */
export {
  importanceSpec,
  pretrainedOnlySpec,
  regressionSpec,
  regressorGridSpec,
  reverseSpec,
  structureComparisonSpec,
} from "./models.ts";
export { columnOriginSpec, confidenceSpec, evidenceSpec } from "./quality.ts";
export { missingRateSpec, scoreVsSizeSpec, sizeText, spearmanSpec } from "./scores.ts";
export {
  MONTHLY_SERIES,
  type MonthlySeries,
  monthlySpec,
  pretrainedOverTimeSpec,
  topArchitecturesSpec,
  topLikesSpec,
} from "./trends.ts";
