/**
 * Equal-frequency binning: cut the finite values into `k` bins holding about n/k values each. Tied
 * values never straddle a cut (a cut falling inside a run of ties moves to the run's end), so with
 * heavy ties some bins are larger and fewer than `k` bins may come back.
 */
export interface Bin {
  /** Smallest and largest value in the bin (closed interval). */
  lo: number;
  hi: number;
  n: number;
}

/** The bins and, per input value, its bin index (-1 for a non-finite value). */
export function equalFrequencyBins(values: ArrayLike<number>, k: number): { bins: Bin[]; index: Int32Array } {
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`equalFrequencyBins: k must be a positive integer, got ${k}`);
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i] ?? Number.NaN)) order.push(i);
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  const index = new Int32Array(values.length).fill(-1);
  const bins: Bin[] = [];
  const n = order.length;
  let start = 0;
  for (let j = 1; j <= k && start < n; j++) {
    let end = j === k ? n : Math.round((n * j) / k);
    if (end <= start) continue;
    const last = values[order[end - 1] as number] as number;
    while (end < n && values[order[end] as number] === last) end++;
    const b = bins.length;
    for (let p = start; p < end; p++) index[order[p] as number] = b;
    bins.push({ lo: values[order[start] as number] as number, hi: last, n: end - start });
    start = end;
  }
  return { bins, index };
}
