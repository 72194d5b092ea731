import { createRng, randInt } from "../random.ts";
import type { Matrix, Regressor } from "../types.ts";
import { addTreePrediction, CART_DEFAULTS, growTree, presort, type Tree, treeGainByFeature } from "./cart.ts";
import { normalize } from "./decision-tree.ts";

export interface RandomForestOptions {
  nEstimators?: number;
  bootstrap?: boolean;
  maxDepth?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  seed?: number;
}

/**
 * Random forest of CART trees (sklearn RandomForestRegressor defaults: 100 trees, bootstrap of n rows
 * as integer sample weights, every feature tried at every split, squared error, grown until pure).
 */
export class RandomForestRegressor implements Regressor {
  trees: Tree[] = [];
  private p = 0;
  constructor(private readonly opts: RandomForestOptions = {}) {}

  fit(X: Matrix, y: Float64Array): this {
    const n = X.rows;
    const ps = presort(X);
    const rng = createRng(this.opts.seed ?? 0);
    const nTrees = this.opts.nEstimators ?? 100;
    const params = {
      ...CART_DEFAULTS,
      maxDepth: this.opts.maxDepth ?? Number.POSITIVE_INFINITY,
      minSamplesSplit: this.opts.minSamplesSplit ?? 2,
      minSamplesLeaf: this.opts.minSamplesLeaf ?? 1,
    };
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const c = new Float64Array(n);
    const include = new Uint8Array(n);
    this.trees = [];
    for (let t = 0; t < nTrees; t++) {
      b.fill(0);
      if (this.opts.bootstrap === false) b.fill(1);
      else
        for (let k = 0; k < n; k++) {
          const j = randInt(rng, n);
          b[j] = (b[j] as number) + 1;
        }
      for (let i = 0; i < n; i++) {
        const w = b[i] as number;
        const yi = y[i] as number;
        include[i] = w > 0 ? 1 : 0;
        a[i] = w * yi;
        c[i] = w * yi * yi;
      }
      this.trees.push(growTree(ps, a, b, c, include, params, rng));
    }
    this.p = X.cols;
    return this;
  }

  predict(X: Matrix): Float64Array {
    if (this.trees.length === 0) throw new Error("RandomForestRegressor: predict before fit");
    const out = new Float64Array(X.rows);
    for (const tree of this.trees) addTreePrediction(tree, X, out, 1 / this.trees.length);
    return out;
  }

  /** Mean over trees of each tree's normalized impurity decrease, normalized (sklearn feature_importances_). */
  featureImportances(): Float64Array {
    const out = new Float64Array(this.p);
    for (const tree of this.trees) {
      const g = normalize(treeGainByFeature(tree, this.p));
      for (let j = 0; j < this.p; j++) out[j] = (out[j] as number) + (g[j] as number);
    }
    return normalize(out);
  }
}
