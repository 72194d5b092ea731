import { parentPort } from "node:worker_threads";
import { runTask, type Task } from "./tasks.ts";

// One task per message; errors travel back as text so the pool can rethrow them in the caller.
parentPort?.on("message", (msg: { id: number; task: Task }) => {
  try {
    const result = runTask(msg.task);
    parentPort?.postMessage({ id: msg.id, result });
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
