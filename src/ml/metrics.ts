/** Coefficient of determination, as sklearn.metrics.r2_score: 1 - SS_res / SS_tot (1 or 0 when y is constant). */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = yTrue.length;
  if (n === 0) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i] as number;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const r = t - (yPred[i] as number);
    ssRes += r * r;
    ssTot += (t - mean) * (t - mean);
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return a.length === 0 ? Number.NaN : s / a.length;
}

/** Population standard deviation (numpy.std default, ddof 0). */
export function std(a: ArrayLike<number>, ddof = 0): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - m) ** 2;
  return a.length - ddof <= 0 ? 0 : Math.sqrt(s / (a.length - ddof));
}

/** Two-sided 97.5% quantile of Student's t with `df` degrees of freedom (table, then normal limit). */
export function tQuantile975(df: number): number {
  const table = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
    2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
  ];
  if (df < 1) return Number.NaN;
  if (df <= table.length) return table[df - 1] as number;
  if (df <= 60) return 2.0;
  if (df <= 120) return 1.98;
  return 1.96;
}
