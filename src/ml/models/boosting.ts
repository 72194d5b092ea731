import { distinctRows } from "../distinct-rows.ts";
import type { Matrix, Regressor } from "../types.ts";
import { addTreePrediction, growTree, presort, type Tree, type TreeParams } from "./cart.ts";

export interface GradientBoostingOptions {
  nEstimators?: number;
  learningRate?: number;
  maxDepth?: number;
}

/**
 * Gradient boosting with squared error (sklearn GradientBoostingRegressor defaults: 100 stages, learning
 * rate 0.1, depth-3 trees, start from the mean). Each stage fits a CART tree to the residuals; the
 * columns are sorted once for all stages, and identical training rows are one row (cart.ts).
 */
export class GradientBoostingRegressor implements Regressor {
  private trees: Tree[] = [];
  private init = 0;
  private lr = 0.1;
  constructor(private readonly opts: GradientBoostingOptions = {}) {}

  fit(X: Matrix, y: Float64Array): this {
    const n = X.rows;
    const { rows, of, count } = distinctRows(X);
    const d = rows.rows;
    const ps = presort(rows);
    this.lr = this.opts.learningRate ?? 0.1;
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i] as number;
    this.init = s / n;
    // Identical rows always get the same prediction: one per distinct row; residuals summed over them.
    const pred = new Float64Array(d).fill(this.init);
    const resid = new Float64Array(d);
    const weight = Float64Array.from(count);
    const sq = new Float64Array(d);
    const params: TreeParams = {
      maxDepth: this.opts.maxDepth ?? 3,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      minChildWeight: 0,
      lambda: 0,
      minGain: Number.NEGATIVE_INFINITY,
      pureCheck: true,
    };
    this.trees = [];
    for (let t = 0; t < (this.opts.nEstimators ?? 100); t++) {
      resid.fill(0);
      sq.fill(0);
      for (let i = 0; i < n; i++) {
        const u = of[i] as number;
        const r = (y[i] as number) - (pred[u] as number);
        resid[u] = (resid[u] as number) + r;
        sq[u] = (sq[u] as number) + r * r;
      }
      const tree = growTree(ps, resid, weight, sq, null, params, null, count);
      addTreePrediction(tree, rows, pred, this.lr);
      this.trees.push(tree);
    }
    return this;
  }

  predict(X: Matrix): Float64Array {
    const out = new Float64Array(X.rows).fill(this.init);
    for (const tree of this.trees) addTreePrediction(tree, X, out, this.lr);
    return out;
  }
}

export interface XGBoostOptions {
  nRounds?: number;
  eta?: number;
  maxDepth?: number;
  lambda?: number;
  gamma?: number;
  minChildWeight?: number;
  baseScore?: number;
}

/** xgboost's rule: a split must gain more than this (kRtEps) besides gamma. */
const XGB_MIN_GAIN = 1e-6;

/**
 * Second-order boosting as xgboost 1.7's exact greedy tree method with reg:squarederror defaults:
 * 100 rounds, eta 0.3, max_depth 6, lambda 1, gamma 0, min_child_weight 1, base_score 0.5. Gradient
 * g = pred - y, hessian 1; leaf weight -G/(H+lambda) scaled by eta; gain GL^2/(HL+l) + GR^2/(HR+l) - G^2/(H+l).
 */
export class XGBoostRegressor implements Regressor {
  private trees: Tree[] = [];
  private base = 0.5;
  private eta = 0.3;
  constructor(private readonly opts: XGBoostOptions = {}) {}

  fit(X: Matrix, y: Float64Array): this {
    const n = X.rows;
    const { rows, of, count } = distinctRows(X);
    const d = rows.rows;
    const ps = presort(rows);
    this.eta = this.opts.eta ?? 0.3;
    this.base = this.opts.baseScore ?? 0.5;
    // Per distinct row: the prediction, and the gradient and hessian summed over its samples.
    const pred = new Float64Array(d).fill(this.base);
    const negGrad = new Float64Array(d);
    const hess = Float64Array.from(count);
    const params: TreeParams = {
      maxDepth: this.opts.maxDepth ?? 6,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      minChildWeight: this.opts.minChildWeight ?? 1,
      lambda: this.opts.lambda ?? 1,
      minGain: Math.max(this.opts.gamma ?? 0, XGB_MIN_GAIN),
      pureCheck: false,
    };
    this.trees = [];
    for (let t = 0; t < (this.opts.nRounds ?? 100); t++) {
      negGrad.fill(0);
      for (let i = 0; i < n; i++) {
        const u = of[i] as number;
        negGrad[u] = (negGrad[u] as number) + ((y[i] as number) - (pred[u] as number));
      }
      const tree = growTree(ps, negGrad, hess, null, null, params, null, count);
      addTreePrediction(tree, rows, pred, this.eta);
      this.trees.push(tree);
    }
    return this;
  }

  predict(X: Matrix): Float64Array {
    const out = new Float64Array(X.rows).fill(this.base);
    for (const tree of this.trees) addTreePrediction(tree, X, out, this.eta);
    return out;
  }
}
