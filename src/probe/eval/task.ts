import type { LoadOptions, TaskGroup } from "./data.ts";
import type { DocSource, Metric, TaskName } from "./docs.ts";
import type { Generation, Loglikelihood, LoglikelihoodRequest } from "./scoring.ts";

/** One scored document. */
export interface ItemResult {
  /** Group (MMLU subject, otherwise the task). */
  group: string;
  file: string;
  line: number;
  gold: number | string;
  pred: number | string;
  /** The item's contribution to the score: 1/0, or the mc2 probability mass. */
  value: number;
  /** Log-likelihood per choice (per option for WinoGrande). */
  logprobs?: number[];
  /** GSM8K: the generated text (cut at the stop strings). */
  generation?: string;
}

export interface Scored {
  item: ItemResult;
  /** Further per-item metrics averaged into the result (ARC and HellaSwag: acc and acc_norm). */
  extra?: Record<string, number>;
}

/** What a task's scorer may ask of the model, with the run's settings (tokenization, BOS) applied. */
export interface TaskRun {
  /** Log-likelihoods of one item's requests; their shared prefix runs once. */
  loglikelihoods(requests: readonly LoglikelihoodRequest[]): Promise<Loglikelihood[]>;
  /** Greedy generation after `context` until a stop string, EOS or the run's token limit. */
  greedyUntil(context: string, until: readonly string[]): Promise<Generation>;
}

export interface TaskLoadOptions extends LoadOptions {
  /** MMLU subjects to run (underscore names); all when omitted. */
  subjects?: string[];
}

/**
 * One leaderboard-v1 task: its name, default shots and metric, how its documents load, its prompt
 * (a group's description, a document's text, a shot's target) and how one item is scored. The
 * evaluation loop is the same for all of them (evaluate.ts).
 */
export interface EvalTask<D extends DocSource> {
  readonly name: TaskName;
  /** The leaderboard's shots. */
  readonly shots: number;
  readonly metric: Metric;
  /** "items": mean over items; "groups": unweighted mean of the groups' means (MMLU's subjects). */
  readonly aggregate: "items" | "groups";
  /** The harness asserts 0 shots (TruthfulQA: its fixed primer stands in for them). */
  readonly zeroShotOnly?: boolean;
  load(opts: TaskLoadOptions): TaskGroup<D>[];
  prompt: {
    /** Text before the shots (MMLU's subject line). */
    description(group: string): string;
    /** A document's question text, without its answer. */
    text(doc: D): string;
    /** What follows `text` in a few-shot example (the answer). */
    target(doc: D): string;
  };
  /** Scores one document whose full prompt (description, shots, its own text) is `context`. */
  score(doc: D, context: string, group: string, run: TaskRun): Promise<Scored>;
  /** Notes about the data actually used (bundled samples that differ from the leaderboard's). */
  notes?(opts: TaskLoadOptions): string[];
}

/** A task with its document type erased, as the registry holds it. */
export type AnyEvalTask = EvalTask<DocSource>;

/** Registers a task: its documents only ever reach its own functions, so the erasure is safe. */
export function defineTask<D extends DocSource>(task: EvalTask<D>): AnyEvalTask {
  return task as unknown as AnyEvalTask;
}
