import type { CausalLM, TextTokenizer } from "../lm.ts";
import { type LoadModelOptions, loadModel } from "../model/index.ts";
import { loadTokenizer } from "../tokenizer.ts";
import type { TaskName } from "./docs.ts";
import { checkEvalOptions, type EvalOptions, type EvalResult, evaluate, getTask } from "./evaluate.ts";
import { EvaluationError } from "./scoring.ts";
import { TASK_NAMES } from "./tasks/index.ts";

/** The six leaderboard v1 tasks as `--task all` runs them on the bundled samples (TruthfulQA there is mc1). */
export const LEADERBOARD_TASKS: readonly TaskName[] = [
  "arc_challenge",
  "hellaswag",
  "mmlu",
  "truthfulqa_mc2",
  "winogrande",
  "gsm8k",
];

/** Parses "arc_challenge,mmlu" or "all" into task names. */
export function parseTaskList(spec: string, hasMc2Data: boolean): TaskName[] {
  const names = spec
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const out: TaskName[] = [];
  for (const n of names) {
    if (n === "all") {
      for (const t of LEADERBOARD_TASKS)
        out.push(t === "truthfulqa_mc2" && !hasMc2Data ? "truthfulqa_mc1" : t);
      continue;
    }
    if (n === "truthfulqa") {
      out.push(hasMc2Data ? "truthfulqa_mc2" : "truthfulqa_mc1");
      continue;
    }
    if (!(TASK_NAMES as readonly string[]).includes(n)) {
      throw new EvaluationError(`unknown task '${n}'; one of: ${TASK_NAMES.join(", ")}, truthfulqa, all`);
    }
    out.push(n as TaskName);
  }
  if (out.length === 0) throw new EvaluationError("no task given");
  return [...new Set(out)];
}

export interface LoadedModel {
  label: string;
  model: CausalLM;
  tokenizer: TextTokenizer;
}

export interface ModelReport {
  label: string;
  results: EvalResult[];
  /** Mean score over the tasks run (the leaderboard's "average" when all six ran). */
  average: number;
}

export interface TaskDelta {
  task: TaskName;
  metric: string;
  n: number;
  before: number;
  after: number;
  delta: number;
}

export interface EvalReport {
  models: ModelReport[];
  /** With two models: per-task score of the second minus the first. */
  deltas: TaskDelta[] | null;
}

export type EvalTaskOptions = Omit<EvalOptions, "task" | "onProgress">;

/**
 * Evaluates one or more loaded models on the same tasks and items; with two models, also the per-task
 * deltas (second minus first), as in the study's before/after pruning figure.
 */
export async function evaluateModels(
  models: LoadedModel[],
  tasks: TaskName[],
  opts: EvalTaskOptions,
  onProgress?: (label: string, done: number, total: number) => void,
): Promise<EvalReport> {
  if (opts.dataFile && tasks.length > 1) {
    throw new EvaluationError("a data file holds one task's documents: give a single --task with --data");
  }
  // Fail before any model time is spent on a combination evaluate() would refuse later.
  for (const t of tasks) {
    const task = getTask(t);
    checkEvalOptions(task, {
      ...opts,
      shots: task.zeroShotOnly && tasks.length > 1 ? undefined : opts.shots,
    });
  }
  const reports: ModelReport[] = [];
  for (const m of models) {
    const results: EvalResult[] = [];
    for (const task of tasks) {
      // TruthfulQA is 0-shot by construction: a --shots meant for the other tasks of a list skips it.
      const skipShots =
        getTask(task).zeroShotOnly === true &&
        tasks.length > 1 &&
        opts.shots !== undefined &&
        opts.shots !== 0;
      const res = await evaluate(m.model, m.tokenizer, {
        ...opts,
        shots: skipShots ? undefined : opts.shots,
        task,
        onProgress: onProgress ? (d, t) => onProgress(`${m.label} ${task}`, d, t) : undefined,
      });
      if (skipShots)
        res.notes.push(`${task} is 0-shot (its 6-QA primer stands in for shots): --shots not applied`);
      results.push(res);
    }
    reports.push({
      label: m.label,
      results,
      average: results.reduce((a, r) => a + r.score, 0) / results.length,
    });
  }
  let deltas: TaskDelta[] | null = null;
  if (reports.length === 2) {
    const [a, b] = reports as [ModelReport, ModelReport];
    deltas = a.results.map((ra, i) => {
      const rb = b.results[i] as EvalResult;
      return {
        task: ra.task,
        metric: ra.metric,
        n: ra.n,
        before: ra.score,
        after: rb.score,
        delta: rb.score - ra.score,
      };
    });
  }
  return { models: reports, deltas };
}

/** Loads a checkpoint folder (config.json, safetensors, tokenizer.json) with the probe engine. */
export async function loadForEval(dir: string, load?: LoadModelOptions): Promise<LoadedModel> {
  return { label: dir, model: loadModel(dir, load), tokenizer: await loadTokenizer(dir) };
}

/** Loads MODEL (and the model to compare with) and evaluates them: what `strata probe eval` runs. */
export async function runEval(
  params: { model: string; compare?: string; tasks: TaskName[]; load?: LoadModelOptions } & EvalTaskOptions,
  onProgress?: (label: string, done: number, total: number) => void,
): Promise<EvalReport> {
  const { model, compare, tasks, load, ...opts } = params;
  const models = [await loadForEval(model, load)];
  if (compare !== undefined) models.push(await loadForEval(compare, load));
  return evaluateModels(models, tasks, opts, onProgress);
}
