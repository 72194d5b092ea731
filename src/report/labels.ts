import type { V1Benchmark, V2Benchmark } from "../contracts/index.ts";

/** Display names of the benchmarks, as the leaderboards write them. */
export const BENCHMARK_LABELS: Record<V1Benchmark | V2Benchmark, string> = {
  arc: "ARC-C",
  hellaswag: "HellaSwag",
  mmlu: "MMLU",
  truthfulqa: "TruthfulQA",
  winogrande: "WinoGrande",
  gsm8k: "GSM8K",
  ifeval: "IFEval",
  bbh: "BBH",
  math: "MATH Lvl 5",
  gpqa: "GPQA",
  musr: "MuSR",
  mmlu_pro: "MMLU-PRO",
};

/** A benchmark's display name (the key itself when unknown). */
export function benchmarkLabel(b: string): string {
  return BENCHMARK_LABELS[b as V1Benchmark] ?? b;
}

/** Benchmark display names in leaderboard order, for sorting axes. */
export const BENCHMARK_ORDER: readonly string[] = Object.values(BENCHMARK_LABELS);

/**
 * What a model's date is, in one sentence. created_at is the registry's release date of the base for
 * leaderboard rows whose base is known, a Hub upload date for crawled and v2 rows; the submission date
 * stands in when neither is known.
 */
export const DATE_RULE =
  "A model's date is its created_at when known (the registry's release date of its base model, or a Hub upload date), else its leaderboard submission date; date_source says which.";

/** Axis title for a date axis whose dates come from several sources. */
export const DATE_AXIS = "date (release, Hub upload or leaderboard submission)";
