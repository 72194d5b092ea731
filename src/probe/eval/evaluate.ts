import type { CausalLM, TextTokenizer } from "../lm.ts";
import type { TaskGroup } from "./data.ts";
import type { Metric, TaskName } from "./docs.ts";
import { docKey, LEADERBOARD_SEED, planFewshot } from "./fewshot.ts";
import { EvaluationError, greedyUntil, loglikelihoodBatch, type PairTokenization } from "./scoring.ts";
import type { AnyEvalTask, ItemResult, Scored, TaskLoadOptions, TaskRun } from "./task.ts";
import { isTaskName, TASK_NAMES, TASKS } from "./tasks/index.ts";

export type { ItemResult } from "./task.ts";

export interface EvalOptions extends TaskLoadOptions {
  task: TaskName;
  /** Few-shot count; defaults to the leaderboard's (25, 10, 5, 0, 5, 5). */
  shots?: number;
  /** Evaluate only the first N docs of the harness's shuffled order (per subject for MMLU). */
  limit?: number;
  /** Seed of the few-shot generator; the leaderboard used 42. */
  seed?: number;
  tokenization?: PairTokenization;
  /** Start every context with the tokenizer's BOS (default false: leaderboard v1 encoded without it). */
  bos?: boolean;
  /** Most tokens generated per GSM8K item (default 256, the harness's max_gen_toks). */
  maxGenTokens?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface GroupScore {
  name: string;
  score: number;
  stderr: number;
  n: number;
}

export interface EvalResult {
  task: TaskName;
  metric: Metric;
  score: number;
  stderr: number;
  n: number;
  shots: number;
  seed: number;
  tokenization: PairTokenization;
  /** Whether contexts started with BOS, and its id (null when the tokenizer has none). */
  bos: boolean;
  bosId: number | null;
  /** Every metric computed (ARC and HellaSwag: acc and acc_norm). */
  metrics: Record<string, number>;
  /** MMLU: one entry per subject; the score is their unweighted mean. */
  groups: GroupScore[];
  items: ItemResult[];
  notes: string[];
}

/** Mean and standard error of the mean with the sample standard deviation (the harness's mean_stderr). */
export function meanStderr(values: readonly number[]): { mean: number; stderr: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, stderr: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, stderr: Number.NaN };
  const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, stderr: Math.sqrt(v / n) };
}

/** The registered task of that name, or an EvaluationError listing them. */
export function getTask(name: string): AnyEvalTask {
  if (!isTaskName(name))
    throw new EvaluationError(`unknown task '${name}'; one of: ${TASK_NAMES.join(", ")}`);
  return TASKS[name];
}

/** Checks shots and limit against the task before any data or model time is spent. */
export function checkEvalOptions(
  task: AnyEvalTask,
  opts: Pick<EvalOptions, "shots" | "limit" | "maxGenTokens">,
): void {
  const shots = opts.shots ?? task.shots;
  if (!Number.isInteger(shots) || shots < 0)
    throw new EvaluationError(`shots must be a non-negative integer, got ${shots}`);
  if (opts.limit !== undefined && (!Number.isInteger(opts.limit) || opts.limit < 1)) {
    throw new EvaluationError(`limit must be a positive integer, got ${opts.limit}`);
  }
  if (opts.maxGenTokens !== undefined && (!Number.isInteger(opts.maxGenTokens) || opts.maxGenTokens < 1)) {
    throw new EvaluationError(`max generated tokens must be a positive integer, got ${opts.maxGenTokens}`);
  }
  if (task.zeroShotOnly && shots !== 0) {
    throw new EvaluationError(
      `${task.name} is 0-shot (the harness asserts it): its fixed 6-QA primer stands in for shots`,
    );
  }
}

/**
 * Evaluates `model` on one task with the Open LLM Leaderboard v1 settings (lm-evaluation-harness b281b09):
 * the same loop for every task of the registry. For each group (MMLU subject) the harness's seeded plan
 * gives each document and its shots; the context is the group's description, the shots' text + target
 * joined by blank lines, then the document's text; the task scores it.
 * Data: the bundled samples unless `dataFile` is given (see data.ts for the layouts read).
 */
export async function evaluate(
  model: CausalLM,
  tokenizer: TextTokenizer,
  opts: EvalOptions,
): Promise<EvalResult> {
  const task = getTask(opts.task);
  checkEvalOptions(task, opts);
  const shots = opts.shots ?? task.shots;
  const seed = opts.seed ?? LEADERBOARD_SEED;
  const mode = opts.tokenization ?? "joint";
  const bos = opts.bos ?? false;
  const run: TaskRun = {
    loglikelihoods: (requests) => loglikelihoodBatch(model, tokenizer, requests, mode, bos),
    greedyUntil: (context, until) =>
      greedyUntil(model, tokenizer, context, { until, maxTokens: opts.maxGenTokens, bos }),
  };
  const groups: TaskGroup<object>[] = task.load(opts);
  const plans = groups.map((g) => ({ g, plan: planFewshot(g, shots, seed, opts.limit, docKey) }));
  const total = plans.reduce((a, p) => a + p.plan.length, 0);
  let done = 0;
  const results: { group: string; scored: Scored[] }[] = [];
  for (const { g, plan } of plans) {
    const scored: Scored[] = [];
    for (const p of plan) {
      const doc = p.doc as Parameters<AnyEvalTask["score"]>[0];
      const examples = p.shots.map((s) => {
        const shot = s as typeof doc;
        return task.prompt.text(shot) + task.prompt.target(shot);
      });
      const ctx =
        task.prompt.description(g.name) +
        (examples.length > 0 ? `${examples.join("\n\n")}\n\n` : "") +
        task.prompt.text(doc);
      scored.push(await task.score(doc, ctx, g.name, run));
      done++;
      opts.onProgress?.(done, total);
    }
    results.push({ group: g.name, scored });
  }

  const items = results.flatMap((r) => r.scored.map((s) => s.item));
  const metrics: Record<string, number> = {};
  let score: number;
  let stderr: number;
  let groupScores: GroupScore[] = [];
  if (task.aggregate === "groups") {
    groupScores = results.map((r) => {
      const ms = meanStderr(r.scored.map((s) => s.item.value));
      return { name: r.group, score: ms.mean, stderr: ms.stderr, n: r.scored.length };
    });
    score = groupScores.reduce((a, g) => a + g.score, 0) / groupScores.length;
    stderr = Math.sqrt(groupScores.reduce((a, g) => a + g.stderr ** 2, 0)) / groupScores.length;
    metrics[task.metric] = score;
  } else {
    const ms = meanStderr(items.map((i) => i.value));
    score = ms.mean;
    stderr = ms.stderr;
    const all = results.flatMap((r) => r.scored);
    for (const name of Object.keys(all[0]?.extra ?? {})) {
      metrics[name] = meanStderr(all.map((s) => s.extra?.[name] ?? 0)).mean;
    }
    metrics[task.metric] = score;
  }
  return {
    task: task.name,
    metric: task.metric,
    score,
    stderr,
    n: items.length,
    shots,
    seed,
    tokenization: mode,
    bos,
    bosId: tokenizer.bosId ?? null,
    metrics,
    groups: groupScores,
    items,
    notes: task.notes?.(opts) ?? [],
  };
}
