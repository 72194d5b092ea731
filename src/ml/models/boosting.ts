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
 * columns are sorted once for all stages.
 */
export class GradientBoostingRegressor implements Regressor {
  private trees: Tree[] = [];
  private init = 0;
  private lr = 0.1;
  constructor(private readonly opts: GradientBoostingOptions = {}) {}

  fit(X: Matrix, y: Float64Array): this {
    const n = X.rows;
    const ps = presort(X);
    this.lr = this.opts.learningRate ?? 0.1;
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i] as number;
    this.init = s / n;
    const pred = new Float64Array(n).fill(this.init);
    const resid = new Float64Array(n);
    const ones = new Float64Array(n).fill(1);
    const sq = new Float64Array(n);
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
      for (let i = 0; i < n; i++) {
        const r = (y[i] as number) - (pred[i] as number);
        resid[i] = r;
        sq[i] = r * r;
      }
      const tree = growTree(ps, resid, ones, sq, null, params, null);
      addTreePrediction(tree, X, pred, this.lr);
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
    const ps = presort(X);
    this.eta = this.opts.eta ?? 0.3;
    this.base = this.opts.baseScore ?? 0.5;
    const pred = new Float64Array(n).fill(this.base);
    const negGrad = new Float64Array(n);
    const hess = new Float64Array(n).fill(1);
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
      for (let i = 0; i < n; i++) negGrad[i] = (y[i] as number) - (pred[i] as number);
      const tree = growTree(ps, negGrad, hess, null, null, params, null);
      addTreePrediction(tree, X, pred, this.eta);
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
