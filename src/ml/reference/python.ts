import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pythonCannotImport, REFERENCE_PYTHON } from "../../contracts/index.ts";
import type { Matrix, RegressorName } from "../types.ts";

export { REFERENCE_PYTHON };

/** Why the reference cannot run here, or null when REFERENCE_PYTHON imports sklearn, xgboost and numpy. */
export function referenceUnavailable(): string | null {
  return pythonCannotImport(["sklearn", "xgboost", "numpy"]);
}

function rows(X: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < X.rows; i++) out.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  return out;
}

export interface ReferenceResult {
  pred: Float64Array;
  fitSeconds: number;
  /** Solver iterations, where the estimator reports them (SVR's n_iter_). */
  iterations?: number;
}

/** Fits scikit-learn/xgboost twins of `regressors` (regressors.py) on the same arrays and predicts Xtest. */
export function runReference(
  X: Matrix,
  y: Float64Array,
  Xtest: Matrix,
  regressors: readonly RegressorName[],
  seed = 0,
): Record<string, ReferenceResult> {
  const dir = mkdtempSync(join(tmpdir(), "strata-ref-"));
  try {
    const input = join(dir, "in.json");
    const output = join(dir, "out.json");
    writeFileSync(
      input,
      JSON.stringify({ X: rows(X), y: Array.from(y), Xtest: rows(Xtest), regressors, seed }),
    );
    const script = fileURLToPath(new URL("./regressors.py", import.meta.url));
    const r = spawnSync(REFERENCE_PYTHON, [script, input, output], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`reference failed: ${r.stderr || r.error?.message}`);
    const parsed = JSON.parse(readFileSync(output, "utf8")) as Record<
      string,
      { pred: number[]; fit_s: number; n_iter?: number }
    >;
    const out: Record<string, ReferenceResult> = {};
    for (const [k, v] of Object.entries(parsed))
      out[k] = {
        pred: Float64Array.from(v.pred),
        fitSeconds: v.fit_s,
        ...(v.n_iter === undefined ? {} : { iterations: v.n_iter }),
      };
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface MlpTrace {
  W: Float64Array[];
  b: Float64Array[];
  lossCurve: number[];
  pred: Float64Array;
}

/** sklearn's MLPRegressor trajectory on standardized X without shuffling (mlp_trace.py). */
export function runMlpTrace(X: Matrix, y: Float64Array, maxIter: number, seed = 0): MlpTrace {
  const dir = mkdtempSync(join(tmpdir(), "strata-ref-"));
  try {
    const input = join(dir, "in.json");
    const output = join(dir, "out.json");
    writeFileSync(input, JSON.stringify({ X: rows(X), y: Array.from(y), max_iter: maxIter, seed }));
    const script = fileURLToPath(new URL("./mlp_trace.py", import.meta.url));
    const r = spawnSync(REFERENCE_PYTHON, [script, input, output], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`reference failed: ${r.stderr || r.error?.message}`);
    const o = JSON.parse(readFileSync(output, "utf8")) as {
      W: number[][];
      b: number[][];
      loss_curve: number[];
      pred: number[];
    };
    return {
      W: o.W.map((w) => Float64Array.from(w)),
      b: o.b.map((w) => Float64Array.from(w)),
      lossCurve: o.loss_curve,
      pred: Float64Array.from(o.pred),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
