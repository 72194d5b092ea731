import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { distinctRows } from "../distinct-rows.ts";
import { applyScaler, fitScaler } from "../matrix.ts";
import { repeatedRows } from "../synthetic.ts";
import type { Matrix } from "../types.ts";
import { RbfKernelRows } from "./rbf-kernel-rows.ts";
import { SVR } from "./svr.ts";
import { solveEpsilonSvr } from "./svr-solver.ts";

/** The slice of libsvm-js (libsvm 3.x compiled to wasm) the comparison uses. */
interface LibsvmModel {
  train(samples: number[][], labels: number[]): void;
  predictOne(sample: number[]): number;
  free(): void;
}
interface LibsvmModule {
  new (options: Record<string, string | number | boolean>): LibsvmModel;
  SVM_TYPES: { EPSILON_SVR: string };
  KERNEL_TYPES: { RBF: string };
}

/**
 * libsvm-js resolves once its wasm is compiled. Its loader warns when streaming compilation of a file
 * path fails (so streaming is off while loading) and installs an unhandledRejection handler that exits
 * the process (removed again).
 */
async function loadLibsvm(): Promise<LibsvmModule> {
  const require = createRequire(import.meta.url);
  const listeners = new Set(process.listeners("unhandledRejection"));
  const wasm = (globalThis as unknown as { WebAssembly: { instantiateStreaming?: unknown } }).WebAssembly;
  const saved = wasm.instantiateStreaming;
  wasm.instantiateStreaming = undefined;
  try {
    return (await require("libsvm-js/wasm.js")) as LibsvmModule;
  } finally {
    wasm.instantiateStreaming = saved;
    for (const l of process.listeners("unhandledRejection"))
      if (!listeners.has(l)) process.off("unhandledRejection", l);
  }
}

function rowsOf(X: Matrix): number[][] {
  return Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
}

const libsvm = await loadLibsvm();

describe("SVR solver", () => {
  const data = repeatedRows(2400, 300, 3);
  const test = repeatedRows(300, 300, 4);
  const Z = applyScaler(data.X, fitScaler(data.X));
  const Zt = applyScaler(test.X, fitScaler(data.X));

  for (const shrinking of [true, false]) {
    it(`predicts what libsvm itself (compiled to wasm) predicts on repeated rows (shrinking ${shrinking})`, () => {
      expect(distinctRows(Z).rows.rows).toBeLessThan(400);
      const gamma = 0.2;
      const ours = new SVR({ standardize: false, gamma, shrinking }).fit(Z, data.y).predict(Zt);
      const ref = new libsvm({
        type: libsvm.SVM_TYPES.EPSILON_SVR,
        kernel: libsvm.KERNEL_TYPES.RBF,
        gamma,
        cost: 1,
        epsilon: 0.1,
        tolerance: 1e-3,
        cacheSize: 200,
        shrinking,
        quiet: true,
      });
      try {
        ref.train(rowsOf(Z), Array.from(data.y));
        const rows = rowsOf(Zt);
        let worst = 0;
        for (let i = 0; i < rows.length; i++) {
          const t = ref.predictOne(rows[i] as number[]);
          worst = Math.max(worst, Math.abs((ours[i] as number) - t) / Math.max(1, Math.abs(t)));
        }
        expect(worst).toBeLessThan(1e-9);
      } finally {
        ref.free();
      }
    });
  }

  it("gives the same solution when the kernel rows do not all fit and are recomputed", () => {
    const { rows, of } = distinctRows(Z);
    const opts = { C: 1, epsilon: 0.1, tol: 1e-3, shrinking: true };
    const full = new RbfKernelRows(rows, 0.2);
    const tight = new RbfKernelRows(rows, 0.2, 4 * rows.rows * 3);
    const a = solveEpsilonSvr(full, of, data.y, opts);
    const b = solveEpsilonSvr(tight, of, data.y, opts);
    expect(b.iterations).toBe(a.iterations);
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    expect(b.rho).toBe(a.rho);
    expect(full.computed).toBeLessThanOrEqual(rows.rows);
    expect(tight.computed).toBeGreaterThan(rows.rows);
  });

  it("satisfies the dual's constraints: sum of coefficients 0, each within [-C, C]", () => {
    const { rows, of } = distinctRows(Z);
    const sol = solveEpsilonSvr(new RbfKernelRows(rows, 0.2), of, data.y, {
      C: 1,
      epsilon: 0.1,
      tol: 1e-3,
      shrinking: true,
    });
    let sum = 0;
    for (const c of sol.coef) {
      expect(Math.abs(c)).toBeLessThanOrEqual(1);
      sum += c;
    }
    expect(Math.abs(sum)).toBeLessThan(1e-9);
  });
});
