import type { V1Benchmark } from "../contracts/index.ts";

/** The archived Open LLM Leaderboard v1 per-model results (dataset repo). */
export const V1_RESULTS_REPO = "open-llm-leaderboard-old/results";

/** A results file path: `<org>/<model>/results_<YYYY-MM-DDTHH-MM-SS.ffffff>.json`. */
export const V1_RESULTS_FILE = /^(.+)\/results_(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?)\.json$/;

/**
 * Leaderboard v1 task -> (harness task name, metric). MMLU is the unweighted mean of the 57
 * hendrycksTest-* subjects' acc, scores are percentages (the leaderboard's own convention).
 */
const V1_TASKS: Record<Exclude<V1Benchmark, "mmlu">, { task: string; metric: string }> = {
  arc: { task: "arc:challenge", metric: "acc_norm" },
  hellaswag: { task: "hellaswag", metric: "acc_norm" },
  truthfulqa: { task: "truthfulqa:mc", metric: "mc2" },
  winogrande: { task: "winogrande", metric: "acc" },
  gsm8k: { task: "gsm8k", metric: "acc" },
};
export const MMLU_SUBJECTS = 57;

export type V1Scores = Partial<Record<V1Benchmark, number>>;

/** One parsed results file, as journaled in the cache. */
export interface V1ResultFile {
  path: string;
  /** Hub id of the evaluated model. */
  id: string;
  revision: string | null;
  precision: string | null;
  /** Evaluation time from the file name, ISO. */
  date: string | null;
  scores: V1Scores;
  /** MMLU subjects found (57 expected); fewer leaves mmlu out. */
  mmluSubjects: number;
}

/** The model id a results path belongs to, or null when the path is not a results file. */
export function v1ModelOfPath(path: string): string | null {
  return V1_RESULTS_FILE.exec(path)?.[1] ?? null;
}

/** Parses one results_*.json. Returns null when it has no `results` map. */
export function parseV1Results(json: unknown, path: string): V1ResultFile | null {
  if (!json || typeof json !== "object") return null;
  const doc = json as Record<string, unknown>;
  const results = doc.results;
  if (!results || typeof results !== "object") return null;
  const cfg = (doc.config_general ?? doc.config ?? {}) as Record<string, unknown>;
  const m = V1_RESULTS_FILE.exec(path);
  const id = typeof cfg.model_name === "string" && cfg.model_name ? cfg.model_name : (m?.[1] ?? path);
  const stamp = m?.[2];
  const date = stamp ? stamp.replace(/T(\d{2})-(\d{2})-(\d{2})/, "T$1:$2:$3") : null;
  const dtype = typeof cfg.model_dtype === "string" ? cfg.model_dtype.replace(/^torch\./, "") : null;
  const sha = typeof cfg.model_sha === "string" && cfg.model_sha ? cfg.model_sha : null;

  const scores: V1Scores = {};
  const mmlu: number[] = [];
  for (const [key, value] of Object.entries(results as Record<string, unknown>)) {
    if (!value || typeof value !== "object") continue;
    const metrics = value as Record<string, unknown>;
    // Keys look like "harness|arc:challenge|25"; the task is the middle part.
    const task = key.split("|")[1] ?? key;
    if (task.startsWith("hendrycksTest-")) {
      if (typeof metrics.acc === "number" && Number.isFinite(metrics.acc)) mmlu.push(metrics.acc);
      continue;
    }
    for (const [bench, spec] of Object.entries(V1_TASKS)) {
      const v = metrics[spec.metric];
      if (task === spec.task && typeof v === "number" && Number.isFinite(v)) {
        scores[bench as V1Benchmark] = v * 100;
      }
    }
  }
  if (mmlu.length === MMLU_SUBJECTS) scores.mmlu = (mmlu.reduce((a, b) => a + b, 0) / mmlu.length) * 100;
  return { path, id, revision: sha, precision: dtype, date, scores, mmluSubjects: mmlu.length };
}

export interface V1Joined {
  revision: string | null;
  precision: string | null;
  date: string | null;
  scores: V1Scores;
  files: number;
}

/**
 * Picks one score set for a model from its results files, as the leaderboard did: files of the same
 * precision (and revision) are merged in date order, later tasks overriding earlier ones. The set whose
 * revision matches the crawled revision wins; otherwise the one with most benchmarks, then the latest.
 */
export function joinV1(files: V1ResultFile[], revision: string | null): V1Joined | null {
  if (files.length === 0) return null;
  const groups = new Map<string, V1ResultFile[]>();
  for (const f of files) {
    const key = `${f.precision ?? ""}|${f.revision ?? ""}`;
    const g = groups.get(key) ?? [];
    g.push(f);
    groups.set(key, g);
  }
  const merged: V1Joined[] = [...groups.values()].map((g) => {
    g.sort((a, b) => (a.date ?? "").localeCompare(b.date ?? ""));
    const scores: V1Scores = {};
    for (const f of g) Object.assign(scores, f.scores);
    const last = g[g.length - 1] as V1ResultFile;
    return { revision: last.revision, precision: last.precision, date: last.date, scores, files: g.length };
  });
  const rank = (j: V1Joined): [number, number, string] => [
    revision !== null && j.revision === revision ? 1 : 0,
    Object.keys(j.scores).length,
    j.date ?? "",
  ];
  merged.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return rb[0] - ra[0] || rb[1] - ra[1] || rb[2].localeCompare(ra[2]);
  });
  return merged[0] ?? null;
}
