import { createRequire } from "node:module";
import { applyScaler, fitScaler, type Scaler } from "../matrix.ts";
import type { Matrix, Regressor } from "../types.ts";

/** The slice of libsvm-js (libsvm 3.x compiled to wasm) used here. */
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
 * libsvm-js is CommonJS and resolves a Promise once its wasm is compiled. Two side effects are undone:
 * its Emscripten loader prints a warning when streaming compilation of a file path fails (it falls back
 * to reading the file), so streaming is switched off while loading; and it installs a process-wide
 * unhandledRejection handler that exits the process, which is removed again.
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

const SVM = await loadLibsvm();

export interface SvrOptions {
  C?: number;
  epsilon?: number;
  /** RBF width; "scale" is 1 / (p * Var(X)) as sklearn. */
  gamma?: number | "scale";
  standardize?: boolean;
  tol?: number;
}

/**
 * Epsilon-SVR with an RBF kernel through libsvm (what sklearn.svm.SVR wraps): C 1, epsilon 0.1,
 * gamma "scale", tolerance 1e-3, shrinking, 200 MB kernel cache; inputs standardized by default.
 */
export class SVR implements Regressor {
  private model: LibsvmModel | null = null;
  private scaler: Scaler | null = null;
  gamma = 0;
  constructor(private readonly opts: SvrOptions = {}) {}

  fit(X: Matrix, y: Float64Array): this {
    this.scaler = this.opts.standardize === false ? null : fitScaler(X);
    const Z = this.scaler ? applyScaler(X, this.scaler) : X;
    const g = this.opts.gamma ?? "scale";
    if (g === "scale") {
      let s = 0;
      let s2 = 0;
      for (const v of Z.data) {
        s += v;
        s2 += v * v;
      }
      const m = s / Z.data.length;
      const variance = s2 / Z.data.length - m * m;
      this.gamma = variance > 0 ? 1 / (Z.cols * variance) : 1;
    } else this.gamma = g;
    this.model?.free();
    const model = new SVM({
      type: SVM.SVM_TYPES.EPSILON_SVR,
      kernel: SVM.KERNEL_TYPES.RBF,
      gamma: this.gamma,
      cost: this.opts.C ?? 1,
      epsilon: this.opts.epsilon ?? 0.1,
      tolerance: this.opts.tol ?? 1e-3,
      cacheSize: 200,
      shrinking: true,
      quiet: true,
    });
    model.train(toRows(Z), Array.from(y));
    this.model = model;
    return this;
  }

  predict(X: Matrix): Float64Array {
    const model = this.model;
    if (!model) throw new Error("SVR: predict before fit");
    const Z = this.scaler ? applyScaler(X, this.scaler) : X;
    const out = new Float64Array(Z.rows);
    const rows = toRows(Z);
    for (let i = 0; i < rows.length; i++) out[i] = model.predictOne(rows[i] as number[]);
    return out;
  }

  /** Releases the wasm heap memory of the fitted model (libsvm-js cannot be garbage collected). */
  dispose(): void {
    this.model?.free();
    this.model = null;
  }
}

function toRows(X: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < X.rows; i++) out.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  return out;
}
