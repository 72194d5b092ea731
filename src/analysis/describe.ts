/**
 * Descriptive statistics over Float64Array columns (missing values already removed by the caller).
 * The definitions match pandas so Strata's Table 1 can be checked against a pandas DataFrame.describe:
 * - quantile: numpy's default "linear" method, h = (n - 1) p between the two closest order statistics;
 * - skewness: pandas Series.skew(), the bias-corrected sample skewness
 *   G1 = sqrt(n (n - 1)) / (n - 2) * m3 / m2^1.5 (scipy.stats.skew(bias=False));
 * - kurtosis: pandas Series.kurt(), the bias-corrected excess kurtosis
 *   G2 = (n - 1) / ((n - 2)(n - 3)) * ((n + 1) m4 / m2^2 - 3 (n - 1)) (scipy.stats.kurtosis(bias=False));
 *   with m_k the biased central moments sum((x - mean)^k) / n. Like pandas, a constant column has skewness
 *   and kurtosis 0, and too few values (n < 3 for skew, n < 4 for kurtosis) give NaN.
 * Every function returns NaN for an empty input.
 */

export function mean(x: Float64Array): number {
  if (x.length === 0) return Number.NaN;
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

export function max(x: Float64Array): number {
  if (x.length === 0) return Number.NaN;
  let m = Number.NEGATIVE_INFINITY;
  for (const v of x) if (v > m) m = v;
  return m;
}

export function min(x: Float64Array): number {
  if (x.length === 0) return Number.NaN;
  let m = Number.POSITIVE_INFINITY;
  for (const v of x) if (v < m) m = v;
  return m;
}

/** The most frequent value; ties go to the smallest (pandas' mode() lists them sorted, we take the first). */
export function mode(x: Float64Array): number {
  if (x.length === 0) return Number.NaN;
  const sorted = sortedCopy(x);
  let best = sorted[0] ?? Number.NaN;
  let bestCount = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = sorted[i] ?? Number.NaN;
    }
    i = j;
  }
  return best;
}

export function sortedCopy(x: Float64Array): Float64Array {
  return Float64Array.from(x).sort();
}

/** Quantile `p` in [0, 1] of already sorted values, numpy's default linear interpolation. */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}

export function quantile(x: Float64Array, p: number): number {
  return quantileSorted(sortedCopy(x), p);
}

/** Biased central moments m2, m3, m4 (two passes: mean first, for accuracy). */
function centralMoments(x: Float64Array): { m2: number; m3: number; m4: number } {
  const mu = mean(x);
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (const v of x) {
    const d = v - mu;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  const n = x.length;
  return { m2: s2 / n, m3: s3 / n, m4: s4 / n };
}

/** Bias-corrected sample skewness, as pandas Series.skew(). */
export function skewness(x: Float64Array): number {
  const n = x.length;
  if (n < 3) return Number.NaN;
  const { m2, m3 } = centralMoments(x);
  if (m2 === 0) return 0;
  return ((Math.sqrt(n * (n - 1)) / (n - 2)) * m3) / m2 ** 1.5;
}

/** Bias-corrected excess kurtosis, as pandas Series.kurt(). */
export function kurtosis(x: Float64Array): number {
  const n = x.length;
  if (n < 4) return Number.NaN;
  const { m2, m4 } = centralMoments(x);
  if (m2 === 0) return 0;
  return ((n - 1) / ((n - 2) * (n - 3))) * (((n + 1) * m4) / (m2 * m2) - 3 * (n - 1));
}

export interface Summary {
  n: number;
  mean: number;
  mode: number;
  min: number;
  q1: number;
  q2: number;
  q3: number;
  max: number;
  skewness: number;
  kurtosis: number;
}

/** All of the above for one column. */
export function summarize(x: Float64Array): Summary {
  const sorted = sortedCopy(x);
  return {
    n: x.length,
    mean: mean(x),
    mode: mode(sorted),
    min: sorted.length ? (sorted[0] ?? Number.NaN) : Number.NaN,
    q1: quantileSorted(sorted, 0.25),
    q2: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max: sorted.length ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
    skewness: skewness(x),
    kurtosis: kurtosis(x),
  };
}
