import { describe, expect, it } from "vitest";
import { distinctRows } from "../distinct-rows.ts";
import { createRng } from "../random.ts";
import { repeatedRows } from "../synthetic.ts";
import type { Matrix } from "../types.ts";
import { GradientBoostingRegressor } from "./boosting.ts";
import { addTreePrediction, CART_DEFAULTS, growTree, presort, type Tree } from "./cart.ts";
import { DecisionTreeRegressor } from "./decision-tree.ts";

const train = repeatedRows(900, 150, 11);
const query = repeatedRows(300, 150, 12);

function predict(tree: Tree, X: Matrix): Float64Array {
  const out = new Float64Array(X.rows);
  addTreePrediction(tree, X, out);
  return out;
}

/** A CART tree grown on the samples one by one (a = y, b = 1, c = y^2): the reference for the merged rows. */
function treeOnSamples(X: Matrix, y: Float64Array, params = CART_DEFAULTS, seed = 0): Tree {
  const c = y.map((v) => v * v);
  return growTree(presort(X), y, new Float64Array(X.rows).fill(1), c, null, params, createRng(seed));
}

function worstDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

describe("trees on distinct rows", () => {
  it("the data repeats rows (the case being tested)", () => {
    expect(distinctRows(train.X).rows.rows).toBeLessThan(train.X.rows / 3);
  });

  it("a decision tree grown on the distinct rows predicts what the tree on every sample predicts", () => {
    const ours = new DecisionTreeRegressor({ seed: 0 }).fit(train.X, train.y);
    const ref = treeOnSamples(train.X, train.y);
    expect(worstDifference(ours.predict(train.X), predict(ref, train.X))).toBeLessThan(1e-9);
    // Unseen points too: where several features cut a node's rows the same way, their gains differ only
    // by the order of summation, and the first feature in the seeded order wins on both sides (a tie
    // tolerance), so both trees test the same features.
    expect(worstDifference(ours.predict(query.X), predict(ref, query.X))).toBeLessThan(1e-9);
  });

  it("sample counts, not distinct rows, decide min_samples_split and min_samples_leaf", () => {
    const params = { ...CART_DEFAULTS, minSamplesSplit: 12, minSamplesLeaf: 5 };
    const ours = new DecisionTreeRegressor({ seed: 0, minSamplesSplit: 12, minSamplesLeaf: 5 })
      .fit(train.X, train.y)
      .predict(train.X);
    const ref = predict(treeOnSamples(train.X, train.y, params), train.X);
    expect(worstDifference(ours, ref)).toBeLessThan(1e-9);
    // Counting distinct rows instead would let leaves of fewer samples through: a different tree.
    const { rows, of, count } = distinctRows(train.X);
    const a = new Float64Array(rows.rows);
    const c = new Float64Array(rows.rows);
    train.y.forEach((v, i) => {
      const u = of[i] as number;
      a[u] = (a[u] as number) + v;
      c[u] = (c[u] as number) + v * v;
    });
    const wrong = growTree(presort(rows), a, Float64Array.from(count), c, null, params, createRng(0));
    expect(worstDifference(predict(wrong, train.X), ref)).toBeGreaterThan(1e-3);
  });

  it("gradient boosting on the distinct rows matches boosting the samples one by one", () => {
    const ours = new GradientBoostingRegressor({ nEstimators: 20 }).fit(train.X, train.y).predict(query.X);
    // The same 20 stages written out over every sample.
    const ps = presort(train.X);
    const n = train.X.rows;
    const pred = new Float64Array(n).fill(train.y.reduce((s, v) => s + v, 0) / n);
    const out = new Float64Array(query.X.rows).fill(pred[0] as number);
    const params = { ...CART_DEFAULTS, maxDepth: 3 };
    for (let t = 0; t < 20; t++) {
      const r = train.y.map((v, i) => v - (pred[i] as number));
      const tree = growTree(
        ps,
        r,
        new Float64Array(n).fill(1),
        r.map((v) => v * v),
        null,
        params,
        null,
      );
      addTreePrediction(tree, train.X, pred, 0.1);
      addTreePrediction(tree, query.X, out, 0.1);
    }
    expect(worstDifference(ours, out)).toBeLessThan(1e-9);
  });
});
