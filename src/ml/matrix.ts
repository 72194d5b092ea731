import type { Matrix } from "./types.ts";

export function matrix(data: Float64Array, rows: number, cols: number): Matrix {
  if (data.length !== rows * cols) throw new RangeError(`matrix: ${data.length} values for ${rows}x${cols}`);
  return { data, rows, cols };
}

/** The rows `idx` of X, copied. */
export function takeRows(X: Matrix, idx: ArrayLike<number>): Matrix {
  const p = X.cols;
  const { data } = X;
  const out = new Float64Array(idx.length * p);
  // Element by element: a subarray per row costs more than copying its ten values.
  for (let k = 0; k < idx.length; k++) {
    const i = (idx[k] as number) * p;
    for (let j = 0; j < p; j++) out[k * p + j] = data[i + j] as number;
  }
  return { data: out, rows: idx.length, cols: p };
}

export function take(y: Float64Array, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = y[idx[k] as number] as number;
  return out;
}

/** Column means and standard deviations (ddof 0; a constant column gets scale 1, as StandardScaler). */
export interface Scaler {
  mean: Float64Array;
  scale: Float64Array;
}

export function fitScaler(X: Matrix): Scaler {
  const { rows: n, cols: p, data } = X;
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) + (data[i * p + j] as number);
  for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) / Math.max(n, 1);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++)
      scale[j] = (scale[j] as number) + ((data[i * p + j] as number) - (mean[j] as number)) ** 2;
  for (let j = 0; j < p; j++) {
    const s = Math.sqrt((scale[j] as number) / Math.max(n, 1));
    scale[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j] as number)) ? s : 1;
  }
  return { mean, scale };
}

export function applyScaler(X: Matrix, s: Scaler): Matrix {
  const { rows: n, cols: p, data } = X;
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++)
      out[i * p + j] = ((data[i * p + j] as number) - (s.mean[j] as number)) / (s.scale[j] as number);
  return { data: out, rows: n, cols: p };
}
