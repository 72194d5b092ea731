/**
 * Spearman rank correlation: the Pearson correlation of the ranks, ties given their average rank
 * (what scipy.stats.spearmanr and pandas `corr(method="spearman")` do).
 */

/** 1-based ranks of `values`, ties sharing the mean of the ranks they span. NaN stays NaN. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i] ?? Number.NaN)) idx.push(i);
  idx.sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(n).fill(Number.NaN);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    const v = values[idx[i] as number];
    while (j + 1 < idx.length && values[idx[j + 1] as number] === v) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k] as number] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation of two equal-length columns; NaN when either is constant or n < 2. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`pearson: lengths differ (${n} vs ${y.length})`);
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return sxy / Math.sqrt(sxx * syy);
}

export interface SpearmanResult {
  rho: number;
  /** Pairs where both values are finite (the rest are dropped, pairwise). */
  n: number;
}

/** Spearman's rho over the pairs where both values are finite. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): SpearmanResult {
  if (x.length !== y.length) throw new RangeError(`spearman: lengths differ (${x.length} vs ${y.length})`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (Number.isFinite(a) && Number.isFinite(b)) {
      xs.push(a);
      ys.push(b);
    }
  }
  return { rho: pearson(averageRanks(xs), averageRanks(ys)), n: xs.length };
}

export interface CorrelationMatrix {
  names: string[];
  /** rho[i][j]; the diagonal is 1 where a column has two or more distinct values. */
  rho: number[][];
  /** Pairwise-complete counts. */
  n: number[][];
}

/** Spearman matrix over named columns, pairwise-complete (NaN marks a missing value). */
export function spearmanMatrix(columns: Record<string, ArrayLike<number>>): CorrelationMatrix {
  const names = Object.keys(columns);
  const k = names.length;
  const rho = Array.from({ length: k }, () => new Array<number>(k).fill(Number.NaN));
  const n = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const r = spearman(
        columns[names[i] as string] as ArrayLike<number>,
        columns[names[j] as string] as ArrayLike<number>,
      );
      (rho[i] as number[])[j] = r.rho;
      (rho[j] as number[])[i] = r.rho;
      (n[i] as number[])[j] = r.n;
      (n[j] as number[])[i] = r.n;
    }
  }
  return { names, rho, n };
}
