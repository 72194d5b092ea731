/**
 * Small order statistics used by the analysis verbs. Quantiles use linear interpolation between order
 * statistics (numpy's default "linear" / Hyndman-Fan type 7), so medians and IQRs match pandas.
 */

/** The q-quantile (0..1) of values already sorted ascending; NaN for an empty input. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}

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
