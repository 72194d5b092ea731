import type { ModelRecord } from "../dataset/record.ts";
import { MlError } from "./errors.ts";
import type { FeatureImportanceOptions, FeatureImportances } from "./types.ts";

/** Random Forest impurity importances (all rows) and permutation importances on held-out folds with 95% CIs. */
export async function featureImportances(
  _records: readonly ModelRecord[],
  _opts: FeatureImportanceOptions,
): Promise<FeatureImportances> {
  throw new MlError("featureImportances is not implemented yet");
}
