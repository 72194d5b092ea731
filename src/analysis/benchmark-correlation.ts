import { type ModelRecord, V1_BENCHMARKS } from "../contracts/index.ts";
import { numericColumn } from "./columns.ts";
import { type CorrelationMatrix, spearmanMatrix } from "./spearman.ts";

/** Spearman correlation between the six leaderboard v1 benchmarks, pairwise-complete. */
export function benchmarkSpearman(records: readonly ModelRecord[]): CorrelationMatrix {
  const cols: Record<string, Float64Array> = {};
  for (const b of V1_BENCHMARKS) cols[b] = numericColumn(records, b);
  return spearmanMatrix(cols);
}
