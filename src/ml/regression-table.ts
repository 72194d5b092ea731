import type { ModelRecord } from "../dataset/record.ts";
import { MlError } from "./errors.ts";
import type { RegressionTable, RegressionTableOptions } from "./types.ts";

/** The study's Random Forest R^2 per benchmark (arXiv 2509.18136, Table 6). */
export const PUBLISHED_RF_R2 = {
  arc: 0.75,
  hellaswag: 0.66,
  mmlu: 0.81,
  truthfulqa: 0.58,
  winogrande: 0.73,
  gsm8k: 0.7,
} as const;

/** Cross-validated R^2 of every regressor on every target under one protocol. */
export async function runRegressionTable(
  _records: readonly ModelRecord[],
  _opts: RegressionTableOptions,
): Promise<RegressionTable> {
  throw new MlError("runRegressionTable is not implemented yet");
}
