// Worker threads start here: register the TypeScript loader in this thread, then load the worker.
// (Passing `--import tsx` in execArgv does not reach the worker's entry module on Node 20.)
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
