/**
 * The documents of the six Open LLM Leaderboard v1 tasks and the rules they share. Each task's prompt
 * and scoring live in its own file under tasks/ (lm-evaluation-harness b281b09, the leaderboard's pin:
 * lm_eval/tasks/{arc,hellaswag,hendrycks_test,truthfulqa,winogrande,gsm8k}.py).
 */

export type TaskName =
  | "arc_challenge"
  | "hellaswag"
  | "mmlu"
  | "truthfulqa_mc1"
  | "truthfulqa_mc2"
  | "winogrande"
  | "gsm8k";

export type Metric = "acc" | "acc_norm" | "mc1" | "mc2" | "exact_match";

/** Where a document came from, for error messages and per-item details. */
export interface DocSource {
  file: string;
  line: number;
}

export interface ArcDoc extends DocSource {
  question: string;
  choices: string[];
  gold: number;
}
export interface HellaswagDoc extends DocSource {
  /** Already preprocessed "{activity_label}: {ctx_a} {Ctx_b}". */
  query: string;
  /** Already preprocessed endings. */
  endings: string[];
  gold: number;
}
export interface MmluDoc extends DocSource {
  subject: string;
  question: string;
  choices: string[];
  gold: number;
}
export interface McTargets {
  choices: string[];
  labels: number[];
}
export interface TruthfulqaDoc extends DocSource {
  question: string;
  mc1: McTargets;
  /** null when the source has no mc2 targets (the bundled nutcracker sample is mc1 only). */
  mc2: McTargets | null;
}
export interface WinograndeDoc extends DocSource {
  /** The sentence with its "_" blank. */
  sentence: string;
  option1: string;
  option2: string;
  /** 0 for option1, 1 for option2. */
  gold: number;
}
export interface Gsm8kDoc extends DocSource {
  question: string;
  /** The worked solution ending in "#### N" (or only "#### N" when the source has the final answer only). */
  answer: string;
}

export const ANSWER_KEYS = ["A", "B", "C", "D", "E"] as const;

// --- HellaSwag: WikiHow artefacts removed; ctx_b capitalised the way Python's str.capitalize() does.
export function hellaswagPreprocess(text: string): string {
  let t = text.trim();
  t = t.replaceAll(" [title]", ". ");
  t = t.replace(/\[.*?\]/g, "");
  t = t.replaceAll("  ", " ");
  return t;
}

/** Python's str.capitalize(): first character upper-cased, the rest lower-cased. */
export function pyCapitalize(s: string): string {
  if (s === "") return s;
  const first = String.fromCodePoint(s.codePointAt(0) ?? 0);
  return first.toUpperCase() + s.slice(first.length).toLowerCase();
}

export function hellaswagQuery(activityLabel: string, ctxA: string, ctxB: string): string {
  return hellaswagPreprocess(`${activityLabel}: ${ctxA} ${pyCapitalize(ctxB)}`);
}

/** Cuts a generation at the first occurrence of each stop string in turn (the harness's split loop). */
export function cutAtStops(text: string, until: readonly string[]): string {
  let s = text;
  for (const term of until) {
    const at = s.indexOf(term);
    if (at >= 0) s = s.slice(0, at);
  }
  return s;
}

// --- shared
/** Index of the first maximum (numpy.argmax). */
export function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) > (xs[best] as number)) best = i;
  return best;
}
