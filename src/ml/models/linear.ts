import { jacobiEig } from "../../linalg/index.ts";
import type { Matrix, Regressor } from "../types.ts";

/** Column means of X and the mean of y; linear models fit on centred data, as sklearn with fit_intercept. */
function centre(
  X: Matrix,
  y: Float64Array,
): { xm: Float64Array; ym: number; Xc: Float64Array; yc: Float64Array } {
  const { rows: n, cols: p, data } = X;
  const xm = new Float64Array(p);
  let ym = 0;
  for (let i = 0; i < n; i++) {
    ym += y[i] as number;
    for (let j = 0; j < p; j++) xm[j] = (xm[j] as number) + (data[i * p + j] as number);
  }
  ym /= n;
  for (let j = 0; j < p; j++) xm[j] = (xm[j] as number) / n;
  const Xc = new Float64Array(n * p);
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    yc[i] = (y[i] as number) - ym;
    for (let j = 0; j < p; j++) Xc[i * p + j] = (data[i * p + j] as number) - (xm[j] as number);
  }
  return { xm, ym, Xc, yc };
}

/**
 * Solves (Z^T Z + diag(pen)) w = Z^T y for centred, column-scaled Z via the eigen-decomposition of the
 * Gram matrix; eigenvalues below rcond^2 * max are treated as zero (least-squares minimum-norm solution,
 * rcond = eps * max(n, p) as numpy.linalg.lstsq).
 */
function solveScaled(Xc: Float64Array, yc: Float64Array, n: number, p: number, alpha: number): Float64Array {
  const scale = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) scale[j] = (scale[j] as number) + (Xc[i * p + j] as number) ** 2;
  for (let j = 0; j < p; j++) scale[j] = Math.sqrt(scale[j] as number) || 1;
  const G = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const yi = yc[i] as number;
    for (let j = 0; j < p; j++) {
      const zij = (Xc[i * p + j] as number) / (scale[j] as number);
      b[j] = (b[j] as number) + zij * yi;
      for (let k = j; k < p; k++)
        G[j * p + k] = (G[j * p + k] as number) + zij * ((Xc[i * p + k] as number) / (scale[k] as number));
    }
  }
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) G[j * p + k] = G[k * p + j] as number;
    // Ridge penalty alpha * ||w||^2 on the raw coefficients is alpha / scale^2 on the scaled ones.
    G[j * p + j] = (G[j * p + j] as number) + alpha / (scale[j] as number) ** 2;
  }
  const { values, vectors } = jacobiEig(G, p, true);
  let vmax = 0;
  for (const x of values) vmax = Math.max(vmax, x);
  const rcond = Number.EPSILON * Math.max(n, p);
  const cutoff = alpha > 0 ? 0 : rcond * rcond * vmax;
  const w = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const lam = values[k] as number;
    if (lam <= cutoff) continue;
    let proj = 0;
    for (let j = 0; j < p; j++) proj += (vectors[j * p + k] as number) * (b[j] as number);
    proj /= lam;
    for (let j = 0; j < p; j++) w[j] = (w[j] as number) + proj * (vectors[j * p + k] as number);
  }
  for (let j = 0; j < p; j++) w[j] = (w[j] as number) / (scale[j] as number);
  return w;
}

abstract class LinearModel implements Regressor {
  coef: Float64Array = new Float64Array(0);
  intercept = 0;
  abstract fit(X: Matrix, y: Float64Array): this;

  protected setFromCentred(w: Float64Array, xm: Float64Array, ym: number): void {
    this.coef = w;
    let b = ym;
    for (let j = 0; j < w.length; j++) b -= (w[j] as number) * (xm[j] as number);
    this.intercept = b;
  }

  predict(X: Matrix): Float64Array {
    const { rows: n, cols: p, data } = X;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = this.intercept;
      for (let j = 0; j < p; j++) s += (this.coef[j] as number) * (data[i * p + j] as number);
      out[i] = s;
    }
    return out;
  }
}

/** Ordinary least squares with intercept (sklearn LinearRegression). */
export class LinearRegression extends LinearModel {
  fit(X: Matrix, y: Float64Array): this {
    const { xm, ym, Xc, yc } = centre(X, y);
    this.setFromCentred(solveScaled(Xc, yc, X.rows, X.cols, 0), xm, ym);
    return this;
  }
}

/** L2-penalized least squares, ||y - Xw||^2 + alpha ||w||^2, intercept unpenalized (sklearn Ridge). */
export class Ridge extends LinearModel {
  constructor(private readonly alpha = 1) {
    super();
  }
  fit(X: Matrix, y: Float64Array): this {
    const { xm, ym, Xc, yc } = centre(X, y);
    this.setFromCentred(solveScaled(Xc, yc, X.rows, X.cols, this.alpha), xm, ym);
    return this;
  }
}

/**
 * L1-penalized least squares, (1/2n)||y - Xw||^2 + alpha ||w||_1, by cyclic coordinate descent on the
 * centred, unscaled data with sklearn's stopping rule: after a sweep whose largest coefficient change is
 * below tol * max|w|, stop when the duality gap is below tol * ||y||^2 (at most maxIter sweeps).
 * The sweeps run on the Gram matrix X'X and X'y (sklearn's precompute=True): with n rows and p
 * columns a sweep costs p^2 instead of n p, and the residual's norms follow from the same p x p products.
 */
export class Lasso extends LinearModel {
  nIter = 0;
  constructor(
    private readonly alpha = 0.1,
    private readonly maxIter = 1000,
    private readonly tol = 1e-4,
  ) {
    super();
  }

  fit(X: Matrix, y: Float64Array): this {
    const { rows: n, cols: p } = X;
    const { xm, ym, Xc, yc } = centre(X, y);
    const G = new Float64Array(p * p);
    const q = new Float64Array(p);
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const yi = yc[i] as number;
      yy += yi * yi;
      for (let j = 0; j < p; j++) {
        const xij = Xc[i * p + j] as number;
        q[j] = (q[j] as number) + xij * yi;
        for (let k = j; k < p; k++) G[j * p + k] = (G[j * p + k] as number) + xij * (Xc[i * p + k] as number);
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) G[j * p + k] = G[k * p + j] as number;
    const l1 = this.alpha * n;
    const tol = this.tol * yy;
    const w = new Float64Array(p);
    // H = G w, kept up to date: X' r = q - H for the residual r = y - X w.
    const H = new Float64Array(p);
    let iter = 0;
    for (; iter < this.maxIter; iter++) {
      let wMax = 0;
      let dMax = 0;
      for (let j = 0; j < p; j++) {
        const gjj = G[j * p + j] as number;
        if (gjj === 0) continue;
        const wOld = w[j] as number;
        // x_j' (r + wOld x_j): the correlation with the residual left without coordinate j.
        const tmp = (q[j] as number) - (H[j] as number) + wOld * gjj;
        const wNew = Math.abs(tmp) <= l1 ? 0 : (Math.sign(tmp) * (Math.abs(tmp) - l1)) / gjj;
        w[j] = wNew;
        const delta = wNew - wOld;
        if (delta !== 0)
          for (let k = 0; k < p; k++) H[k] = (H[k] as number) + delta * (G[k * p + j] as number);
        dMax = Math.max(dMax, Math.abs(delta));
        wMax = Math.max(wMax, Math.abs(wNew));
      }
      if (wMax === 0 || dMax / wMax < this.tol || iter === this.maxIter - 1) {
        if (dualityGap(q, H, w, yy, l1) < tol) {
          iter++;
          break;
        }
      }
    }
    this.nIter = iter;
    this.setFromCentred(w, xm, ym);
    return this;
  }
}

/** The Lasso duality gap (sklearn's) from p x p quantities: X'r = q - H, |r|^2 = y'y - 2 w'q + w'H, r'y = y'y - w'q. */
function dualityGap(q: Float64Array, H: Float64Array, w: Float64Array, yy: number, l1: number): number {
  const p = w.length;
  let dualNorm = 0;
  let wq = 0;
  let wH = 0;
  let wl1 = 0;
  for (let j = 0; j < p; j++) {
    dualNorm = Math.max(dualNorm, Math.abs((q[j] as number) - (H[j] as number)));
    wq += (w[j] as number) * (q[j] as number);
    wH += (w[j] as number) * (H[j] as number);
    wl1 += Math.abs(w[j] as number);
  }
  const rNorm2 = Math.max(0, yy - 2 * wq + wH);
  const ry = yy - wq;
  let gap: number;
  let cst = 1;
  if (dualNorm > l1) {
    cst = l1 / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * cst * cst);
  } else gap = rNorm2;
  return gap + l1 * wl1 - cst * ry;
}
