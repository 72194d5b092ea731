import { MlError } from "./errors.ts";
import { createRng, shuffleInPlace } from "./random.ts";
import type { Protocol } from "./types.ts";

/** One train/test split, as row indices. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

export interface SplitInput {
  n: number;
  /** Group key per row (grouped protocol). */
  groups?: readonly string[];
  /** Date per row in months (time protocol); NaN dates sort first. */
  months?: Float64Array;
}

/**
 * K folds under a protocol:
 * - random: shuffled K-fold (sklearn KFold(shuffle=True)); every row is tested once.
 * - grouped: every row of a group (all fine-tunes/merges of one base) lands in the same fold; groups are
 *   shuffled, then assigned greedily, largest first, to the currently smallest fold (like GroupKFold).
 * - time: expanding window (like TimeSeriesSplit): rows sorted by date are cut into K+1 blocks; fold i
 *   trains on blocks 0..i and tests on block i+1, so a model never sees a newer submission.
 */
export function makeFolds(protocol: Protocol, input: SplitInput, k: number, seed: number): Fold[] {
  const { n } = input;
  if (!Number.isInteger(k) || k < 2) throw new MlError(`folds must be an integer >= 2, got ${k}`);
  if (n < k) throw new MlError(`cannot make ${k} folds from ${n} rows`);
  const rng = createRng(seed);
  switch (protocol) {
    case "random": {
      const order = shuffleInPlace(
        Int32Array.from({ length: n }, (_, i) => i),
        rng,
      );
      const assign = new Int32Array(n);
      // sklearn KFold: the first n % k folds get one extra row.
      let pos = 0;
      for (let f = 0; f < k; f++) {
        const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
        for (let t = 0; t < size; t++) assign[order[pos++] as number] = f;
      }
      return foldsFromAssignment(assign, k);
    }
    case "grouped": {
      const groups = input.groups;
      if (!groups || groups.length !== n) throw new MlError("grouped protocol needs one group key per row");
      const byGroup = new Map<string, number[]>();
      for (let i = 0; i < n; i++) {
        const g = groups[i] as string;
        const list = byGroup.get(g);
        if (list) list.push(i);
        else byGroup.set(g, [i]);
      }
      const lists = [...byGroup.values()];
      if (lists.length < k) throw new MlError(`grouped protocol: only ${lists.length} groups for ${k} folds`);
      const order = shuffleInPlace(
        Int32Array.from({ length: lists.length }, (_, i) => i),
        rng,
      );
      const ordered = Array.from(order, (i) => lists[i] as number[]);
      // Stable sort by size keeps the seeded shuffle among equal-sized groups.
      ordered.sort((a, b) => b.length - a.length);
      const sizes = new Array<number>(k).fill(0);
      const assign = new Int32Array(n);
      for (const list of ordered) {
        let best = 0;
        for (let f = 1; f < k; f++) if ((sizes[f] as number) < (sizes[best] as number)) best = f;
        sizes[best] = (sizes[best] as number) + list.length;
        for (const i of list) assign[i] = best;
      }
      return foldsFromAssignment(assign, k);
    }
    case "time": {
      const months = input.months;
      if (!months || months.length !== n) throw new MlError("time protocol needs one date per row");
      const idx = Array.from({ length: n }, (_, i) => i);
      const key = (i: number) => {
        const m = months[i] as number;
        return Number.isNaN(m) ? Number.NEGATIVE_INFINITY : m;
      };
      idx.sort((a, b) => key(a) - key(b) || a - b);
      const folds: Fold[] = [];
      const block = Math.floor(n / (k + 1));
      if (block < 1) throw new MlError(`time protocol: ${n} rows are too few for ${k} folds`);
      for (let f = 0; f < k; f++) {
        const trainEnd = block * (f + 1);
        const testEnd = f === k - 1 ? n : trainEnd + block;
        folds.push({
          train: Int32Array.from(idx.slice(0, trainEnd)).sort(),
          test: Int32Array.from(idx.slice(trainEnd, testEnd)).sort(),
        });
      }
      return folds;
    }
    default:
      protocol satisfies never;
      throw new MlError(`unknown protocol ${String(protocol)}`);
  }
}

function foldsFromAssignment(assign: Int32Array, k: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < assign.length; i++) (assign[i] === f ? test : train).push(i);
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return folds;
}
