import type { ModelRecord } from "../dataset/record.ts";
import { MlError } from "./errors.ts";
import type { ReverseRegressionOptions, ReverseRegressionResult } from "./types.ts";

/** Structure from scores: predict layers, d_model, d_ffn, heads from the six benchmark scores. */
export async function reverseRegression(
  _records: readonly ModelRecord[],
  _opts: ReverseRegressionOptions = {},
): Promise<ReverseRegressionResult> {
  throw new MlError("reverseRegression is not implemented yet");
}
