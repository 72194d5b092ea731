import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { MlError } from "../errors.ts";
import { runTask, type Task, type TaskResult, taskCost } from "./tasks.ts";

/** Below this total cost (rows x regressor weight) threads are not worth their start-up (~0.3 s each). */
const SERIAL_BELOW_COST = 200_000;

/** Most worker threads used by default: the two cores this runs on. */
export const DEFAULT_MAX_WORKERS = 2;

export function defaultWorkers(): number {
  return Math.max(1, Math.min(DEFAULT_MAX_WORKERS, availableParallelism()));
}

/**
 * Runs every task and returns the results in task order. With `workers` > 1 (and enough work) the tasks
 * go to that many worker threads, longest first; otherwise they run here, one after another.
 * `onDone` is called after each task.
 */
export async function runTasks(
  tasks: readonly Task[],
  opts: { workers?: number; onDone?: (done: number, total: number) => void; minCost?: number } = {},
): Promise<TaskResult[]> {
  const workers = Math.min(opts.workers ?? defaultWorkers(), tasks.length);
  const total = tasks.length;
  const results: (TaskResult | undefined)[] = new Array(total);
  const cost = tasks.reduce((s, t) => s + taskCost(t), 0);
  if (workers <= 1 || cost < (opts.minCost ?? SERIAL_BELOW_COST)) {
    for (let i = 0; i < total; i++) {
      results[i] = runTask(tasks[i] as Task);
      opts.onDone?.(i + 1, total);
      // Let progress output and timers run between tasks.
      await new Promise((r) => setImmediate(r));
    }
    return results as TaskResult[];
  }
  const order = tasks
    .map((_, i) => i)
    .sort((a, b) => taskCost(tasks[b] as Task) - taskCost(tasks[a] as Task));
  // From dist/ the compiled worker runs as is; from src/ (tests, tsx) a shim registers tsx in the thread.
  const url = import.meta.url.endsWith(".ts")
    ? new URL("./worker-entry.mjs", import.meta.url)
    : new URL("./worker.js", import.meta.url);
  const threads = Array.from({ length: workers }, () => new Worker(url));
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        const i = order[next++];
        if (i === undefined) return;
        w.postMessage({ id: i, task: tasks[i] });
      };
      for (const w of threads) {
        w.on("message", (msg: { id: number; result?: TaskResult; error?: string }) => {
          if (msg.error !== undefined) {
            reject(new MlError(`worker task failed: ${msg.error}`));
            return;
          }
          results[msg.id] = msg.result;
          done++;
          opts.onDone?.(done, total);
          if (done === total) resolve();
          else feed(w);
        });
        w.on("error", (err) => reject(new MlError(`worker thread failed: ${err.message}`)));
        feed(w);
      }
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results as TaskResult[];
}
