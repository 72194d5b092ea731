import { quantileSorted } from "./describe.ts";

/**
 * Median and IQR for the trend verbs, on describe.ts's quantiles (numpy's default linear
 * interpolation), so they match pandas.
 */

/** Ascending copy of the finite values. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== undefined && Number.isFinite(v)) out.push(v);
  }
  return Float64Array.from(out).sort();
}

export interface Spread {
  n: number;
  median: number;
  q1: number;
  q3: number;
}

/** Median and quartiles of the finite values. */
export function spread(values: ArrayLike<number>): Spread {
  const s = sortedFinite(values);
  return {
    n: s.length,
    median: quantileSorted(s, 0.5),
    q1: quantileSorted(s, 0.25),
    q3: quantileSorted(s, 0.75),
  };
}
