import { V1_BENCHMARKS, type V1Benchmark } from "../../contracts/index.ts";

/**
 * The study's text format for its fine-tuned LLM regressor (its Figure 11): the structure as
 * "name: value" pairs ending in " ->", and the six scores after it. Strata writes
 *   layers: 32, d_model: 4096, d_ffn: 11008, heads: 32, kv_heads: 32, vocab_size: 32000, pos: 4096,
 *   params_b: 6.74, moe: no, date: 2023-07 ->
 * followed by
 *    ARC: 53.1, HellaSwag: 78.6, MMLU: 46.9, TruthfulQA: 38.8, WinoGrande: 74.0, GSM8K: 14.5
 */
export const PROMPT_END = " ->";

/** How each score is named in the answer, in answer order. */
export const ANSWER_LABELS: Record<V1Benchmark, string> = {
  arc: "ARC",
  hellaswag: "HellaSwag",
  mmlu: "MMLU",
  truthfulqa: "TruthfulQA",
  winogrande: "WinoGrande",
  gsm8k: "GSM8K",
};

export type Scores = Record<V1Benchmark, number>;

/** One structure feature as the prompt writes it. */
export interface PromptField {
  name: string;
  value: number;
}

/** Months since 2023-01 (ml's date feature) as YYYY-MM. */
export function monthLabel(months: number): string {
  const m = Math.floor(months + 1e-9);
  const year = 2023 + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  return `${year}-${String(month).padStart(2, "0")}`;
}

function fieldText(f: PromptField): string {
  if (!Number.isFinite(f.value)) return "unknown";
  switch (f.name) {
    case "moe":
      return f.value ? "yes" : "no";
    case "date":
      return monthLabel(f.value);
    case "params_b":
      return f.value.toFixed(2);
    default:
      return Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2);
  }
}

export function formatPrompt(fields: readonly PromptField[]): string {
  return `${fields.map((f) => `${f.name}: ${fieldText(f)}`).join(", ")}${PROMPT_END}`;
}

/** The answer text, scores with one decimal, starting with a space (it follows the prompt). */
export function formatAnswer(scores: Scores): string {
  return ` ${V1_BENCHMARKS.map((b) => `${ANSWER_LABELS[b]}: ${scores[b].toFixed(1)}`).join(", ")}`;
}

/** What a generated answer says: each score it names with a readable number, null for the others. */
export interface ParsedAnswer {
  scores: Record<V1Benchmark, number | null>;
  /** Benchmarks whose value could not be read. */
  missing: V1Benchmark[];
}

/**
 * A whole number: not followed by another digit or a dot ("74.0.5" and "5.x" are unreadable). A letter
 * may follow: a model that has not learned to stop runs on into more text ("GSM8K: 66.8B: ...").
 */
const NUMBER = String.raw`(-?\d+(?:\.\d+)?)(?![\d.])`;

/** Reads "LABEL: number" for each benchmark anywhere in the text (the first readable occurrence counts). */
export function parseAnswer(text: string): ParsedAnswer {
  const scores = {} as Record<V1Benchmark, number | null>;
  const missing: V1Benchmark[] = [];
  for (const b of V1_BENCHMARKS) {
    const m = new RegExp(`(?:^|[^A-Za-z])${ANSWER_LABELS[b]}\\s*:\\s*${NUMBER}`).exec(text);
    const v = m ? Number(m[1]) : Number.NaN;
    if (Number.isFinite(v)) scores[b] = v;
    else {
      scores[b] = null;
      missing.push(b);
    }
  }
  return { scores, missing };
}
