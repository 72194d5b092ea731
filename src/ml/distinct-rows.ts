import type { Matrix } from "./types.ts";

/** The distinct rows of a matrix and, for every input row, which of them it equals. */
export interface DistinctRows {
  /** The distinct rows, in order of first appearance. */
  rows: Matrix;
  /** of[i] = index into `rows` of input row i. */
  of: Int32Array;
  /** Input rows per distinct row. */
  count: Int32Array;
}

/**
 * Groups identical rows (same bits in every column). Leaderboard data repeats itself: every fine-tune of
 * a base shares its structure, size and often its submission month, so the 4,436 training rows of a
 * fold hold about 1,600 distinct ones. Tree splits, kernel values and distances are the same for
 * identical rows, so the regressors compute them once per distinct row.
 */
export function distinctRows(X: Matrix): DistinctRows {
  const { rows: n, cols: p, data } = X;
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const index = new Map<string, number>();
  const of = new Int32Array(n);
  const first: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = bytes.toString("latin1", i * p * 8, (i + 1) * p * 8);
    let u = index.get(key);
    if (u === undefined) {
      u = first.length;
      index.set(key, u);
      first.push(i);
    }
    of[i] = u;
  }
  const d = first.length;
  const out = new Float64Array(d * p);
  for (let u = 0; u < d; u++) {
    const i = first[u] as number;
    out.set(data.subarray(i * p, i * p + p), u * p);
  }
  const count = new Int32Array(d);
  for (let i = 0; i < n; i++) count[of[i] as number] = (count[of[i] as number] as number) + 1;
  return { rows: { data: out, rows: d, cols: p }, of, count };
}
