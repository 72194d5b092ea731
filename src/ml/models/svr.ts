import { distinctRows } from "../distinct-rows.ts";
import { applyScaler, fitScaler, type Scaler } from "../matrix.ts";
import type { Matrix, Regressor } from "../types.ts";
import { RbfKernelRows } from "./rbf-kernel-rows.ts";
import { solveEpsilonSvr } from "./svr-solver.ts";

export interface SvrOptions {
  C?: number;
  epsilon?: number;
  /** RBF width; "scale" is 1 / (p * Var(X)) as sklearn. */
  gamma?: number | "scale";
  standardize?: boolean;
  tol?: number;
  shrinking?: boolean;
}

/**
 * Epsilon-SVR with an RBF kernel, solved as libsvm solves it (svr-solver.ts; what sklearn.svm.SVR
 * wraps): C 1, epsilon 0.1, gamma "scale", tolerance 1e-3, shrinking; inputs standardized by default.
 * Identical training rows share one kernel row, and the fitted model keeps one coefficient per distinct
 * support point (the sum of its rows' coefficients).
 */
export class SVR implements Regressor {
  private scaler: Scaler | null = null;
  private support: Matrix | null = null;
  private coef = new Float64Array(0);
  private rho = 0;
  gamma = 0;
  /** Solver iterations of the last fit (sklearn's n_iter_). */
  iterations = 0;
  constructor(private readonly opts: SvrOptions = {}) {}

  fit(X: Matrix, y: Float64Array): this {
    this.scaler = this.opts.standardize === false ? null : fitScaler(X);
    const Z = this.scaler ? applyScaler(X, this.scaler) : X;
    const g = this.opts.gamma ?? "scale";
    this.gamma = g === "scale" ? scaleGamma(Z) : g;
    const distinct = distinctRows(Z);
    const kernel = new RbfKernelRows(distinct.rows, this.gamma);
    const sol = solveEpsilonSvr(kernel, distinct.of, y, {
      C: this.opts.C ?? 1,
      epsilon: this.opts.epsilon ?? 0.1,
      tol: this.opts.tol ?? 1e-3,
      shrinking: this.opts.shrinking ?? true,
    });
    this.iterations = sol.iterations;
    this.rho = sol.rho;
    const d = distinct.rows.rows;
    const p = Z.cols;
    const byPoint = new Float64Array(d);
    for (let i = 0; i < y.length; i++) {
      const u = distinct.of[i] as number;
      byPoint[u] = (byPoint[u] as number) + (sol.coef[i] as number);
    }
    let m = 0;
    for (let u = 0; u < d; u++) if (byPoint[u] !== 0) m++;
    const sv = new Float64Array(m * p);
    this.coef = new Float64Array(m);
    for (let u = 0, k = 0; u < d; u++) {
      if (byPoint[u] === 0) continue;
      sv.set(distinct.rows.data.subarray(u * p, u * p + p), k * p);
      this.coef[k++] = byPoint[u] as number;
    }
    this.support = { data: sv, rows: m, cols: p };
    return this;
  }

  predict(X: Matrix): Float64Array {
    const sv = this.support;
    if (!sv) throw new Error("SVR: predict before fit");
    const Z = this.scaler ? applyScaler(X, this.scaler) : X;
    // Identical query rows get the same prediction: compute it once per distinct row.
    const q = distinctRows(Z);
    const { rows: m, cols: p, data } = q.rows;
    const byRow = new Float64Array(m);
    const g = this.gamma;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let k = 0; k < sv.rows; k++) {
        let d2 = 0;
        for (let j = 0; j < p; j++) {
          const t = (data[i * p + j] as number) - (sv.data[k * p + j] as number);
          d2 += t * t;
        }
        s += (this.coef[k] as number) * Math.exp(-g * d2);
      }
      byRow[i] = s - this.rho;
    }
    const out = new Float64Array(Z.rows);
    for (let i = 0; i < Z.rows; i++) out[i] = byRow[q.of[i] as number] as number;
    return out;
  }

  /** Support points kept after fitting (distinct rows with a nonzero coefficient). */
  get supportCount(): number {
    return this.support?.rows ?? 0;
  }
}

/** sklearn's gamma="scale": 1 / (features x variance of every value of X), 1 when X is constant. */
function scaleGamma(Z: Matrix): number {
  const v = Z.data;
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] as number;
  const m = s / v.length;
  let s2 = 0;
  for (let k = 0; k < v.length; k++) s2 += ((v[k] as number) - m) ** 2;
  const variance = s2 / v.length;
  return variance > 0 ? 1 / (Z.cols * variance) : 1;
}
