import type { V1Benchmark } from "../dataset/record.ts";

/**
 * What the study (arXiv 2509.18136) published, shown beside our numbers. R^2 of its Random Forest per
 * benchmark (Table 2) and its reading of the importances (Section 4): depth matters most for ARC,
 * HellaSwag and WinoGrande; d_ffn for MMLU, GSM8K and TruthfulQA; size and date dominate overall.
 */
export const STUDY_RF_R2: Record<V1Benchmark, number> = {
  arc: 0.75,
  hellaswag: 0.66,
  mmlu: 0.81,
  truthfulqa: 0.58,
  winogrande: 0.73,
  gsm8k: 0.7,
};

/** The structural feature the study found most important per benchmark (among structure, not size/date). */
export const STUDY_TOP_STRUCTURE: Record<V1Benchmark, "layers" | "d_ffn"> = {
  arc: "layers",
  hellaswag: "layers",
  winogrande: "layers",
  mmlu: "d_ffn",
  gsm8k: "d_ffn",
  truthfulqa: "d_ffn",
};

export const STUDY_CITATION = "arXiv 2509.18136 (From Parameters to Performance)";

export const BENCHMARK_LABELS: Record<V1Benchmark, string> = {
  arc: "ARC-C",
  hellaswag: "HellaSwag",
  mmlu: "MMLU",
  truthfulqa: "TruthfulQA",
  winogrande: "WinoGrande",
  gsm8k: "GSM8K",
};
