import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { MlError } from "../errors.ts";
import type { TaskRunner } from "./runner.ts";
import { runTask, type Task, type TaskResult, taskCost } from "./tasks.ts";

/** Below this total cost (estimated milliseconds, taskCost) threads are not worth their start-up (~0.3 s each). */
const SERIAL_BELOW_COST = 600;

/** Most worker threads used by default: the two cores this runs on. */
export const DEFAULT_MAX_WORKERS = 2;

export function defaultWorkers(): number {
  return Math.max(1, Math.min(DEFAULT_MAX_WORKERS, availableParallelism()));
}

/** Called as each task finishes: how many are done, of how many, and which one with what result. */
export type TaskDoneFn = (done: number, total: number, index: number, result: TaskResult) => void;

export interface RunTasksOptions {
  workers?: number;
  /** A runner shared by a whole job (persistent threads, results cache); `workers` is then ignored. */
  runner?: TaskRunner;
  onDone?: (done: number, total: number) => void;
  minCost?: number;
}

/**
 * Runs every task and returns the results in task order: through `runner` when given, else on a pool
 * of `workers` threads started for this call (or here, one after another, when the work is too small
 * to pay for starting threads). `onDone` is called after each task.
 */
export async function runTasks(tasks: readonly Task[], opts: RunTasksOptions = {}): Promise<TaskResult[]> {
  if (opts.runner) return opts.runner.run(tasks, opts.onDone);
  const workers = Math.min(opts.workers ?? defaultWorkers(), tasks.length);
  const cost = tasks.reduce((s, t) => s + taskCost(t), 0);
  if (workers <= 1 || cost < (opts.minCost ?? SERIAL_BELOW_COST)) return runHere(tasks, opts.onDone);
  const pool = new WorkerPool(workers);
  try {
    return await pool.run(tasks, opts.onDone);
  } finally {
    await pool.close();
  }
}

/** Runs the tasks in this thread, one after another, yielding between them so progress output runs. */
export async function runHere(tasks: readonly Task[], onDone?: TaskDoneFn): Promise<TaskResult[]> {
  const results: TaskResult[] = [];
  for (const [i, t] of tasks.entries()) {
    const result = runTask(t);
    results.push(result);
    onDone?.(results.length, tasks.length, i, result);
    await new Promise((r) => setImmediate(r));
  }
  return results;
}

/**
 * Worker threads that stay up between runs, so a job of many small steps (the report runs about thirty)
 * pays their start-up once. Each run hands its tasks out longest first, one at a time per thread; runs
 * are queued, one at a time. A task that throws fails its run, not the pool; a thread that dies is
 * replaced at the next run.
 */
export class WorkerPool {
  private threads: Worker[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new MlError(`worker pool size must be >= 1, got ${size}`);
  }

  /** True once the threads were started (by a first run). */
  get started(): boolean {
    return this.threads.length > 0;
  }

  run(tasks: readonly Task[], onDone?: TaskDoneFn): Promise<TaskResult[]> {
    const next = this.queue.then(() => this.runNow(tasks, onDone));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private start(): void {
    if (this.threads.length > 0) return;
    // From dist/ the compiled worker runs as is; from src/ (tests, tsx) a shim registers tsx in the thread.
    const url = import.meta.url.endsWith(".ts")
      ? new URL("./worker-entry.mjs", import.meta.url)
      : new URL("./worker.js", import.meta.url);
    this.threads = Array.from({ length: this.size }, () => new Worker(url));
  }

  private async runNow(tasks: readonly Task[], onDone?: TaskDoneFn): Promise<TaskResult[]> {
    const total = tasks.length;
    const results: (TaskResult | undefined)[] = new Array(total);
    if (total === 0) return [];
    this.start();
    // Threads keep the process alive only while they have work (a forgotten close must not hang it).
    for (const w of this.threads) w.ref();
    const order = tasks
      .map((_, i) => i)
      .sort((a, b) => taskCost(tasks[b] as Task) - taskCost(tasks[a] as Task));
    let next = 0;
    let done = 0;
    const cleanups: (() => void)[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const feed = (w: Worker) => {
          const i = order[next++];
          if (i === undefined) return;
          w.postMessage({ id: i, task: tasks[i] });
        };
        for (const w of this.threads) {
          const onMessage = (msg: { id: number; result?: TaskResult; error?: string }) => {
            if (msg.error !== undefined) {
              reject(new MlError(`worker task failed: ${msg.error}`));
              return;
            }
            const result = msg.result as TaskResult;
            results[msg.id] = result;
            done++;
            onDone?.(done, total, msg.id, result);
            if (done === total) resolve();
            else feed(w);
          };
          const onError = (err: Error) => {
            // A dead thread cannot be trusted with the next run: start fresh ones then.
            void this.close();
            reject(new MlError(`worker thread failed: ${err.message}`));
          };
          w.on("message", onMessage);
          w.on("error", onError);
          cleanups.push(() => {
            w.off("message", onMessage);
            w.off("error", onError);
          });
        }
        for (const w of this.threads) feed(w);
      });
    } catch (err) {
      // Tasks of the failed run may still be running; replies to them must not reach the next run.
      await this.close();
      throw err;
    } finally {
      for (const c of cleanups) c();
      for (const w of this.threads) w.unref();
    }
    return results as TaskResult[];
  }

  /** Stops the threads (a later run starts new ones). */
  async close(): Promise<void> {
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
