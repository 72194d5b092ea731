import { loadOpenBlas } from "../../native/index.ts";
import type { Backend, BackendInfo } from "./backend.ts";
import { BackendError } from "./backend-error.ts";
import { createBlasBackend } from "./blas-backend.ts";
import { createTsBackend } from "./ts-backend.ts";

export type { Backend, BackendInfo, SymEig } from "./backend.ts";
export { BackendError } from "./backend-error.ts";
export { createBlasBackend } from "./blas-backend.ts";
export * from "./ops.ts";
export { createTsBackend } from "./ts-backend.ts";

export type BackendChoice = "auto" | "openblas" | "typescript";

/** OpenBLAS when it loads ("auto"), else the TS backend; "openblas" fails when it does not load. */
export function createBackend(choice: BackendChoice = "auto"): Backend {
  if (choice === "typescript") return createTsBackend();
  const blas = loadOpenBlas();
  if (blas) return createBlasBackend(blas);
  if (choice === "openblas") {
    throw new BackendError("OpenBLAS not found (set STRATA_BLAS=/path/to/libopenblas.so.0)");
  }
  return createTsBackend();
}

/** What `strata probe info` shows. */
export function backendInfo(backend: Backend): BackendInfo {
  const blas = backend.name === "openblas" ? loadOpenBlas() : null;
  return {
    backend: backend.name,
    libraryPath: backend.libraryPath,
    threads: backend.threads,
    config: blas ? blas.openblas_get_config().trim() : null,
  };
}
