import { applyScaler, fitScaler, type Scaler } from "../matrix.ts";
import type { Matrix, Regressor } from "../types.ts";

/**
 * k nearest neighbours, uniform weights, Euclidean distance on standardized features (scaler fitted on
 * the training rows). Equal distances are broken by training row order.
 */
export class KNeighborsRegressor implements Regressor {
  private train: Matrix | null = null;
  private y: Float64Array = new Float64Array(0);
  private scaler: Scaler | null = null;
  constructor(
    private readonly k = 5,
    private readonly standardize = true,
  ) {}

  fit(X: Matrix, y: Float64Array): this {
    this.scaler = this.standardize ? fitScaler(X) : null;
    this.train = this.scaler ? applyScaler(X, this.scaler) : X;
    this.y = y;
    return this;
  }

  /** The k nearest training rows of each query row, nearest first (indices and distances). */
  neighbours(X: Matrix): { index: Int32Array; distance: Float64Array; k: number } {
    const train = this.train;
    if (!train) throw new Error("KNeighborsRegressor: predict before fit");
    const Q = this.scaler ? applyScaler(X, this.scaler) : X;
    const k = Math.min(this.k, train.rows);
    const p = train.cols;
    const index = new Int32Array(Q.rows * k);
    const distance = new Float64Array(Q.rows * k);
    const bestD = new Float64Array(k);
    const bestI = new Int32Array(k);
    for (let q = 0; q < Q.rows; q++) {
      bestD.fill(Number.POSITIVE_INFINITY);
      bestI.fill(-1);
      for (let i = 0; i < train.rows; i++) {
        let d = 0;
        for (let j = 0; j < p; j++) {
          const t = (Q.data[q * p + j] as number) - (train.data[i * p + j] as number);
          d += t * t;
        }
        if (d >= (bestD[k - 1] as number)) continue;
        let pos = k - 1;
        while (pos > 0 && (bestD[pos - 1] as number) > d) {
          bestD[pos] = bestD[pos - 1] as number;
          bestI[pos] = bestI[pos - 1] as number;
          pos--;
        }
        bestD[pos] = d;
        bestI[pos] = i;
      }
      for (let t = 0; t < k; t++) {
        index[q * k + t] = bestI[t] as number;
        distance[q * k + t] = Math.sqrt(bestD[t] as number);
      }
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
