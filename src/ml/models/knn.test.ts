import { describe, expect, it } from "vitest";
import { applyScaler, fitScaler } from "../matrix.ts";
import { repeatedRows } from "../synthetic.ts";
import type { Matrix } from "../types.ts";
import { KNeighborsRegressor } from "./knn.ts";

/** Brute force over every training row: the k smallest (distance, row index) pairs. */
function bruteForce(train: Matrix, query: Matrix, k: number): Int32Array {
  const out = new Int32Array(query.rows * k);
  const p = train.cols;
  for (let q = 0; q < query.rows; q++) {
    const all = Array.from({ length: train.rows }, (_, i) => {
      let d = 0;
      for (let j = 0; j < p; j++)
        d += ((query.data[q * p + j] as number) - (train.data[i * p + j] as number)) ** 2;
      return { d, i };
    });
    all.sort((a, b) => a.d - b.d || a.i - b.i);
    for (let t = 0; t < k; t++) out[q * k + t] = (all[t] as { i: number }).i;
  }
  return out;
}

describe("kNN on repeated rows", () => {
  // Many training rows are identical, so the k nearest include ties broken by training row order.
  const train = repeatedRows(600, 80, 21);
  const query = repeatedRows(150, 80, 22);
  for (const k of [1, 5, 12]) {
    it(`k = ${k}: the same neighbours, in the same order, as a brute-force search`, () => {
      const m = new KNeighborsRegressor(k).fit(train.X, train.y);
      const scaler = fitScaler(train.X);
      const ref = bruteForce(applyScaler(train.X, scaler), applyScaler(query.X, scaler), k);
      expect(Array.from(m.neighbours(query.X).index)).toEqual(Array.from(ref));
    });
  }

  it("equal distances from different points still come in training row order", () => {
    // Rows at +1 and -1 repeat; the query at 0 is at distance 1 from all of them.
    const X = { data: Float64Array.from([1, -1, 1, -1, 1]), rows: 5, cols: 1 };
    const y = Float64Array.from([10, 20, 30, 40, 50]);
    const m = new KNeighborsRegressor(3, false).fit(X, y);
    const q = { data: Float64Array.from([0]), rows: 1, cols: 1 };
    expect(Array.from(m.neighbours(q).index)).toEqual([0, 1, 2]);
    expect(Array.from(m.predict(q))).toEqual([20]);
  });
});
