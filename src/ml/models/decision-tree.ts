import { distinctRows } from "../distinct-rows.ts";
import { createRng } from "../random.ts";
import type { Matrix, Regressor } from "../types.ts";
import { addTreePrediction, CART_DEFAULTS, growTree, presort, type Tree, treeGainByFeature } from "./cart.ts";

export interface DecisionTreeOptions {
  maxDepth?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  seed?: number;
}

/**
 * CART regression tree, squared error (sklearn DecisionTreeRegressor defaults: grown until pure), grown on
 * the distinct training rows (cart.ts).
 */
export class DecisionTreeRegressor implements Regressor {
  private tree: Tree | null = null;
  private p = 0;
  constructor(private readonly opts: DecisionTreeOptions = {}) {}

  fit(X: Matrix, y: Float64Array): this {
    const { rows, of, count } = distinctRows(X);
    const ps = presort(rows);
    const a = new Float64Array(rows.rows);
    const c = new Float64Array(rows.rows);
    for (let i = 0; i < X.rows; i++) {
      const u = of[i] as number;
      a[u] = (a[u] as number) + (y[i] as number);
      c[u] = (c[u] as number) + (y[i] as number) ** 2;
    }
    this.tree = growTree(
      ps,
      a,
      Float64Array.from(count),
      c,
      null,
      {
        ...CART_DEFAULTS,
        maxDepth: this.opts.maxDepth ?? Number.POSITIVE_INFINITY,
        minSamplesSplit: this.opts.minSamplesSplit ?? 2,
        minSamplesLeaf: this.opts.minSamplesLeaf ?? 1,
      },
      createRng(this.opts.seed ?? 0),
      count,
    );
    this.p = X.cols;
    return this;
  }

  predict(X: Matrix): Float64Array {
    if (!this.tree) throw new Error("DecisionTreeRegressor: predict before fit");
    const out = new Float64Array(X.rows);
    addTreePrediction(this.tree, X, out);
    return out;
  }

  /** Normalized impurity decrease per feature (sklearn feature_importances_). */
  featureImportances(): Float64Array {
    if (!this.tree) throw new Error("DecisionTreeRegressor: importances before fit");
    return normalize(treeGainByFeature(this.tree, this.p));
  }
}

export function normalize(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  if (s > 0) for (let j = 0; j < v.length; j++) v[j] = (v[j] as number) / s;
  return v;
}
