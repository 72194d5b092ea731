import { distinctRows } from "../distinct-rows.ts";
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
 * Identical training rows are grown as one row carrying their summed weights (cart.ts).
 */
export class RandomForestRegressor implements Regressor {
  trees: Tree[] = [];
  private p = 0;
  constructor(private readonly opts: RandomForestOptions = {}) {}

  fit(X: Matrix, y: Float64Array): this {
    const n = X.rows;
    // Trees grow on the distinct rows, each carrying the bootstrap weights of the samples equal to it.
    const distinct = distinctRows(X);
    const d = distinct.rows.rows;
    const of = distinct.of;
    const ps = presort(distinct.rows);
    const rng = createRng(this.opts.seed ?? 0);
    const nTrees = this.opts.nEstimators ?? 100;
    const params = {
      ...CART_DEFAULTS,
      maxDepth: this.opts.maxDepth ?? Number.POSITIVE_INFINITY,
      minSamplesSplit: this.opts.minSamplesSplit ?? 2,
      minSamplesLeaf: this.opts.minSamplesLeaf ?? 1,
    };
    const w = new Float64Array(n);
    const a = new Float64Array(d);
    const b = new Float64Array(d);
    const c = new Float64Array(d);
    const count = new Int32Array(d);
    const include = new Uint8Array(d);
    this.trees = [];
    for (let t = 0; t < nTrees; t++) {
      w.fill(0);
      if (this.opts.bootstrap === false) w.fill(1);
      else
        for (let k = 0; k < n; k++) {
          const j = randInt(rng, n);
          w[j] = (w[j] as number) + 1;
        }
      a.fill(0);
      b.fill(0);
      c.fill(0);
      count.fill(0);
      for (let i = 0; i < n; i++) {
        const wi = w[i] as number;
        if (wi === 0) continue;
        const u = of[i] as number;
        const yi = y[i] as number;
        a[u] = (a[u] as number) + wi * yi;
        b[u] = (b[u] as number) + wi;
        c[u] = (c[u] as number) + wi * yi * yi;
        count[u] = (count[u] as number) + 1;
      }
      for (let u = 0; u < d; u++) include[u] = (b[u] as number) > 0 ? 1 : 0;
      this.trees.push(growTree(ps, a, b, c, include, params, rng, count));
    }
    this.p = X.cols;
    return this;
  }

  predict(X: Matrix): Float64Array {
    if (this.trees.length === 0) throw new Error("RandomForestRegressor: predict before fit");
    // Once per distinct query row (the permutation importances predict ten shuffled copies of a fold).
    const q = distinctRows(X);
    const byRow = new Float64Array(q.rows.rows);
    for (const tree of this.trees) addTreePrediction(tree, q.rows, byRow, 1 / this.trees.length);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = byRow[q.of[i] as number] as number;
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
