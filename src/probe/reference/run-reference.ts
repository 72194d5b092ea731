import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pythonCannotImport, REFERENCE_PYTHON } from "../../contracts/index.ts";

const SCRIPT = fileURLToPath(new URL("./model.py", import.meta.url));

/** null when torch is importable, else the reason it is not (tests skip with it). */
export function torchUnavailableReason(): string | null {
  return pythonCannotImport(["torch"]);
}

export interface ReferenceRequest {
  model: string;
  ids: number[];
  want?: ("logits" | "hidden" | "bi" | "loss" | "grad" | "raw_grad")[];
  response_start?: number;
  raw_grad_names?: string[];
  skip_layers?: number[];
  threads?: number;
  bench?: { reps: number; response_start: number };
}

/**
 * Runs a plain-PyTorch reference `script` on `request` (written as JSON to a temporary file, its path the
 * script's one argument) with `threads` torch threads, and returns the JSON the script prints.
 */
export function runPythonReference<T>(script: string, request: unknown, threads = 2): T {
  const dir = mkdtempSync(join(tmpdir(), "strata-ref-"));
  try {
    const file = join(dir, "req.json");
    writeFileSync(file, JSON.stringify(request));
    const r = spawnSync(REFERENCE_PYTHON, [script, file], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
      env: { ...process.env, OMP_NUM_THREADS: String(threads) },
    });
    if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs src/probe/reference/model.py on a request and returns its JSON answer. */
export function runReference<T>(req: ReferenceRequest): T {
  return runPythonReference<T>(SCRIPT, req, req.threads);
}
