import { distinctRows } from "../distinct-rows.ts";
import { applyScaler, fitScaler, type Scaler } from "../matrix.ts";
import type { Matrix, Regressor } from "../types.ts";

/**
 * k nearest neighbours, uniform weights, Euclidean distance on standardized features (scaler fitted on
 * the training rows). Equal distances are broken by training row order. Distances are computed once per
 * distinct training row and once per distinct query row (leaderboard rows repeat).
 */
export class KNeighborsRegressor implements Regressor {
  private train: Matrix | null = null;
  private y: Float64Array = new Float64Array(0);
  private scaler: Scaler | null = null;
  /** Training rows grouped by distinct row: rows of distinct row u are members[start[u] .. start[u + 1]). */
  private start = new Int32Array(0);
  private members = new Int32Array(0);
  constructor(
    private readonly k = 5,
    private readonly standardize = true,
  ) {}

  fit(X: Matrix, y: Float64Array): this {
    this.scaler = this.standardize ? fitScaler(X) : null;
    const Z = this.scaler ? applyScaler(X, this.scaler) : X;
    const { rows, of, count } = distinctRows(Z);
    this.train = rows;
    this.y = y;
    const d = rows.rows;
    this.start = new Int32Array(d + 1);
    for (let u = 0; u < d; u++) this.start[u + 1] = (this.start[u] as number) + (count[u] as number);
    const fill = this.start.slice(0, d);
    this.members = new Int32Array(X.rows);
    // Rows in increasing order within each group.
    for (let i = 0; i < X.rows; i++) {
      const u = of[i] as number;
      this.members[fill[u] as number] = i;
      fill[u] = (fill[u] as number) + 1;
    }
    return this;
  }

  /** The k nearest training rows of each query row, nearest first (indices and distances). */
  neighbours(X: Matrix): { index: Int32Array; distance: Float64Array; k: number } {
    const train = this.train;
    if (!train) throw new Error("KNeighborsRegressor: predict before fit");
    const Q = this.scaler ? applyScaler(X, this.scaler) : X;
    const queries = distinctRows(Q);
    const q = queries.rows;
    const k = Math.min(this.k, this.members.length);
    const p = train.cols;
    const { start, members } = this;
    const byQuery = new Int32Array(q.rows * k);
    const byQueryD = new Float64Array(q.rows * k);
    const bestD = new Float64Array(k);
    const bestI = new Int32Array(k);
    for (let r = 0; r < q.rows; r++) {
      bestD.fill(Number.POSITIVE_INFINITY);
      bestI.fill(-1);
      for (let u = 0; u < train.rows; u++) {
        let d = 0;
        for (let j = 0; j < p; j++) {
          const t = (q.data[r * p + j] as number) - (train.data[u * p + j] as number);
          d += t * t;
        }
        if (d > (bestD[k - 1] as number)) continue;
        // Insert the group's rows (increasing indices) in (distance, index) order; once one does not
        // make the list, the later ones (same distance, larger index) do not either.
        for (let m = start[u] as number; m < (start[u + 1] as number); m++) {
          const i = members[m] as number;
          if (d === bestD[k - 1] && i > (bestI[k - 1] as number) && (bestI[k - 1] as number) >= 0) break;
          let pos = k - 1;
          while (
            pos > 0 &&
            ((bestD[pos - 1] as number) > d ||
              ((bestD[pos - 1] as number) === d && (bestI[pos - 1] as number) > i))
          ) {
            bestD[pos] = bestD[pos - 1] as number;
            bestI[pos] = bestI[pos - 1] as number;
            pos--;
          }
          bestD[pos] = d;
          bestI[pos] = i;
        }
      }
      for (let t = 0; t < k; t++) {
        byQuery[r * k + t] = bestI[t] as number;
        byQueryD[r * k + t] = Math.sqrt(bestD[t] as number);
      }
    }
    const index = new Int32Array(X.rows * k);
    const distance = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      const r = queries.of[i] as number;
      index.set(byQuery.subarray(r * k, r * k + k), i * k);
      distance.set(byQueryD.subarray(r * k, r * k + k), i * k);
    }
    return { index, distance, k };
  }

  predict(X: Matrix): Float64Array {
    const { index, k } = this.neighbours(X);
    const out = new Float64Array(X.rows);
    for (let q = 0; q < X.rows; q++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += this.y[index[q * k + t] as number] as number;
      out[q] = s / k;
    }
    return out;
  }
}
