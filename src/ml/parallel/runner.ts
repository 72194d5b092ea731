import type { FitCache } from "../fit-cache.ts";
import { defaultWorkers, runHere, type TaskDoneFn, WorkerPool } from "./pool.ts";
import { fitKey, taskKey } from "./task-key.ts";
import { type Task, type TaskResult, taskCost } from "./tasks.ts";

/** Below this total cost (estimated milliseconds), with the threads not started yet, the tasks run here. */
const SERIAL_BELOW_COST = 600;

export interface TaskRunnerOptions {
  /** Worker threads (default: available cores, capped at 2); 1 runs everything in this thread. */
  workers?: number;
  /** Where fitted results are kept between runs (null or absent: nowhere). */
  cache?: FitCache | null;
  /** Use the results `cache` holds (false: refit everything, and store the new results). Default true. */
  readCache?: boolean;
  /**
   * Called once per finished task with its estimated time (taskCost, milliseconds of one thread) and how
   * it was answered: for progress over a whole job.
   */
  onTask?: (ms: number, how: "computed" | "cached" | "shared") => void;
}

export interface RunnerStats {
  /** Tasks fitted. */
  computed: number;
  /** Tasks answered from the cache on disk. */
  cached: number;
  /** Tasks answered by an identical task of the same job (or one that fitted the same model). */
  shared: number;
  /** Cache entries that failed their checks and were refit. */
  corrupt: number;
}

/** Runs the tasks of a whole job: one set of worker threads, results shared within the job and cached. */
export interface TaskRunner {
  run(tasks: readonly Task[], onDone?: (done: number, total: number) => void): Promise<TaskResult[]>;
  /**
   * Counts work done outside the threads (the fine-tuned LLM runs in the calling thread) toward the
   * job's progress: `ms` in onTask's units, milliseconds of one thread.
   */
  credit(ms: number): void;
  /**
   * A result computed outside the threads (an LLM fold), answered from the cache under `key` when it
   * holds one that `valid` accepts, else computed, stored and returned.
   */
  cached(
    key: string,
    valid: (r: TaskResult) => boolean,
    compute: () => Promise<TaskResult>,
  ): Promise<TaskResult>;
  close(): Promise<void>;
  readonly stats: RunnerStats;
}

/**
 * A runner for a job of many steps (the report): worker threads started once, identical tasks fitted
 * once per job, and, with a cache, results kept on disk under their task key (task-key.ts) as soon as
 * each is fitted. A random-forest permutation task fits the forest a "fit-predict" task of the same rows
 * would, so its held-out predictions answer that task too. Close it when the job ends.
 */
export function createTaskRunner(opts: TaskRunnerOptions = {}): TaskRunner {
  const workers = Math.max(1, opts.workers ?? defaultWorkers());
  const pool = workers > 1 ? new WorkerPool(workers) : null;
  const cache = opts.cache ?? null;
  const readCache = opts.readCache !== false;
  const memo = new Map<string, TaskResult>();
  const stats: RunnerStats = { computed: 0, cached: 0, shared: 0, corrupt: 0 };

  const remember = (task: Task, key: string | null, result: TaskResult, store: boolean) => {
    if (key !== null) {
      memo.set(key, result);
      if (store) cache?.put(key, result);
    }
    if (task.kind === "permutation" && result.kind === "permutation") {
      const derived: TaskResult = { kind: "fit-predict", pred: result.pred, ms: result.ms };
      const k = fitKey("rf", task.seed, task.X, task.y, task.Xtest);
      memo.set(k, derived);
      if (store) cache?.put(k, derived);
    }
  };

  return {
    stats,
    async run(tasks, onDone) {
      const total = tasks.length;
      const results: (TaskResult | undefined)[] = new Array(total);
      const keys = tasks.map(taskKey);
      let done = 0;
      const finish = (i: number, result: TaskResult, how: "computed" | "cached" | "shared") => {
        results[i] = result;
        done++;
        opts.onTask?.(taskCost(tasks[i] as Task), how);
        onDone?.(done, total);
      };
      const todo: number[] = [];
      const waiting = new Map<string, number[]>();
      for (let i = 0; i < total; i++) {
        const task = tasks[i] as Task;
        const key = keys[i] ?? null;
        if (key === null) {
          todo.push(i);
          continue;
        }
        const known = memo.get(key);
        if (known) {
          stats.shared++;
          finish(i, structuredClone(known), "shared");
          continue;
        }
        const twins = waiting.get(key);
        if (twins) {
          twins.push(i);
          continue;
        }
        if (cache && readCache) {
          const found = cache.get(key);
          if (found.status === "hit" && fits(task, found.result)) {
            stats.cached++;
            remember(task, key, found.result, false);
            finish(i, structuredClone(found.result), "cached");
            continue;
          }
          if (found.status !== "miss") stats.corrupt++;
        }
        waiting.set(key, [i]);
        todo.push(i);
      }
      const pending = todo.map((i) => tasks[i] as Task);
      const onComputed: TaskDoneFn = (_d, _t, j, result) => {
        const i = todo[j] as number;
        const key = keys[i] ?? null;
        stats.computed++;
        remember(tasks[i] as Task, key, result, true);
        const twins = key === null ? [i] : (waiting.get(key) ?? [i]);
        for (const [t, twin] of twins.entries()) {
          if (t > 0) stats.shared++;
          finish(twin, t === 0 ? result : structuredClone(result), t === 0 ? "computed" : "shared");
        }
      };
      const cost = pending.reduce((s, t) => s + taskCost(t), 0);
      if (pending.length > 0) {
        if (pool && (pool.started || cost >= SERIAL_BELOW_COST)) await pool.run(pending, onComputed);
        else await runHere(pending, onComputed);
      }
      return results as TaskResult[];
    },
    credit(ms) {
      if (ms > 0) opts.onTask?.(ms, "computed");
    },
    async cached(key, valid, compute) {
      if (cache && readCache) {
        const found = cache.get(key);
        if (found.status === "hit" && valid(found.result)) {
          stats.cached++;
          return found.result;
        }
        if (found.status !== "miss") stats.corrupt++;
      }
      const result = await compute();
      stats.computed++;
      cache?.put(key, result);
      return result;
    },
    async close() {
      await pool?.close();
    },
  };
}

/** Whether a cached result has the shape the task's result must have (else it is refit). */
function fits(task: Task, r: TaskResult): boolean {
  const isArray = (a: unknown, n: number) => a instanceof Float64Array && a.length === n;
  switch (task.kind) {
    case "fit-predict":
      return r.kind === "fit-predict" && isArray(r.pred, task.Xtest.rows) && Number.isFinite(r.ms);
    case "permutation":
      return (
        r.kind === "permutation" &&
        isArray(r.drops, task.Xtest.cols * task.repeats) &&
        isArray(r.pred, task.Xtest.rows) &&
        typeof r.r2 === "number" &&
        Number.isFinite(r.ms)
      );
    case "impurity":
      return r.kind === "impurity" && isArray(r.importances, task.X.cols);
    default:
      return false;
  }
}
