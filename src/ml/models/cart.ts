import type { Rng } from "../random.ts";
import { randInt } from "../random.ts";
import type { Matrix } from "../types.ts";

/**
 * One regression tree grown greedily on presorted columns (exact splits, no binning).
 *
 * Every sample carries a "gradient" a_i and a "weight" b_i. A node's value is sum(a) / (sum(b) + lambda)
 * and a split's gain is aL^2/(bL+lambda) + aR^2/(bR+lambda) - a^2/(b+lambda). With a = w*y, b = w and
 * lambda = 0 this is the squared-error impurity decrease of CART (sklearn's criterion "squared_error",
 * also equal to "friedman_mse"); with a = -gradient, b = hessian it is xgboost's exact greedy gain.
 *
 * The columns are sorted once per fit (`presort`); each node keeps, per feature, its samples in sorted
 * order as a segment of one array, and a split stable-partitions every feature's segment, so growing a
 * tree costs O(n p) per level instead of a sort per node.
 *
 * A "row" may stand for several identical samples (distinct rows, see `distinctRows`): its a, b and c
 * are then the sums over them and `count` says how many samples it holds. Identical samples go the same
 * way at every split, so the tree is the same as on the samples one by one, grown in less time.
 */
export interface TreeParams {
  maxDepth: number;
  /** Fewest samples (distinct rows) a node needs to be split. */
  minSamplesSplit: number;
  /** Fewest samples (distinct rows) in each child. */
  minSamplesLeaf: number;
  /** Least sum of b in each child (xgboost min_child_weight); 0 for CART. */
  minChildWeight: number;
  lambda: number;
  /** Least gain to split (0 for CART; xgboost needs gain > gamma and > 1e-6). */
  minGain: number;
  /** CART: stop at nodes whose targets are all equal (needs `c` = w*y^2). */
  pureCheck: boolean;
}

export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** Gain (impurity decrease) of each internal node, 0 at leaves. */
  gain: Float64Array;
  nodeCount: number;
}

/** Column-major values and per-column argsort of a training matrix, shared by every tree of a fit. */
export interface Presorted {
  n: number;
  p: number;
  /** cols[j * n + i] = X[i, j]. */
  cols: Float64Array;
  /** order[j * n + k] = row index of the k-th smallest value of column j. */
  order: Int32Array;
}

export function presort(X: Matrix): Presorted {
  const { rows: n, cols: p, data } = X;
  const cols = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) cols[j * n + i] = data[i * p + j] as number;
  const order = new Int32Array(n * p);
  const idx = new Int32Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) idx[i] = i;
    const col = cols.subarray(j * n, j * n + n);
    idx.sort((a, b) => (col[a] as number) - (col[b] as number) || a - b);
    order.set(idx, j * n);
  }
  return { n, p, cols, order };
}

/** Tie tolerance between consecutive sorted values (sklearn FEATURE_THRESHOLD). */
const FEATURE_THRESHOLD = 1e-7;

/** Relative difference below which two split gains are a tie (rounding of sums of a few thousand terms). */
const TIE_TOLERANCE = 1e-10;

/**
 * Grows one tree on the rows with b_i > 0 (`include` picks them; null = all rows).
 * `rng`, when given, shuffles the order features are tried at each node (ties go to the first found,
 * as sklearn does with its random feature permutation). `count`, when given, is the number of samples
 * each row stands for (what minSamplesSplit and minSamplesLeaf count); null means one each.
 */
export function growTree(
  ps: Presorted,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array | null,
  include: Uint8Array | null,
  params: TreeParams,
  rng: Rng | null,
  count: Int32Array | null = null,
): Tree {
  const { n, p, cols, order } = ps;
  let m = 0;
  if (include === null) m = n;
  else for (let i = 0; i < n; i++) if (include[i]) m++;
  // Per-feature sorted segments of the samples in the tree (row indices only: a value is read from its
  // column, which stays in cache, so a partition moves half the bytes).
  const idx = new Int32Array(m * p);
  for (let j = 0; j < p; j++) {
    let k = j * m;
    const base = j * n;
    for (let t = 0; t < n; t++) {
      const i = order[base + t] as number;
      if (include === null || include[i]) idx[k++] = i;
    }
  }
  // The node's rows in any order, partitioned at every split like the active features' segments (the
  // segments of features constant above a node are left stale, so they cannot list its rows).
  const rowsOf = Int32Array.from(idx.subarray(0, m));
  const tmpIdx = new Int32Array(m);
  const goLeft = new Uint8Array(n);
  const features = Int32Array.from({ length: p }, (_, j) => j);

  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const gainOut: number[] = [];
  const newNode = (): number => {
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    gainOut.push(0);
    return feature.length - 1;
  };

  const { lambda, minSamplesLeaf, minChildWeight, maxDepth, minSamplesSplit, minGain } = params;
  const leafCheck = minSamplesLeaf > 1;
  const weightCheck = minChildWeight > 0;
  // Stack of nodes to process: node id, segment [start, end), depth; and beside it the features not yet
  // constant on the node's rows. A feature constant on a node stays constant below it, so it is neither
  // scanned nor partitioned again (sklearn tracks constant features the same way); on leaderboard data,
  // where most columns take a handful of values, this removes most of the work.
  // Each node's list of active features is a range of `pool`: its children share it, and a node popped
  // from the stack no longer needs anything above its parent's range (finished subtrees), so the pool
  // works as a second stack (at most p entries per level).
  const pool = new Int32Array(p * (m + 2));
  pool.set(features);
  const stack: number[] = [newNode(), 0, m, 0, 0, p];
  while (stack.length > 0) {
    const parentLen = stack.pop() as number;
    const parentOff = stack.pop() as number;
    const depth = stack.pop() as number;
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const node = stack.pop() as number;
    const top = parentOff + parentLen;
    let samples = count === null ? end - start : 0;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    for (let k = start; k < end; k++) {
      const i = rowsOf[k] as number;
      sa += a[i] as number;
      sb += b[i] as number;
      if (c !== null) sc += c[i] as number;
      if (count !== null) samples += count[i] as number;
    }
    value[node] = sa / (sb + lambda);
    if (depth >= maxDepth || samples < minSamplesSplit || samples < 2 * minSamplesLeaf) continue;
    if (params.pureCheck && c !== null) {
      const mean = sa / sb;
      const imp = sc / sb - mean * mean;
      if (imp <= 1e-12 * Math.max(1, mean * mean)) continue;
    }
    let nActive = 0;
    for (let f = parentOff; f < top; f++) {
      const j = pool[f] as number;
      // Sorted segment: constant when its first and last values are within the tie tolerance.
      const first = cols[j * n + (idx[j * m + start] as number)] as number;
      const last = cols[j * n + (idx[j * m + end - 1] as number)] as number;
      if (last > first + FEATURE_THRESHOLD) pool[top + nActive++] = j;
    }
    if (nActive === 0) continue;
    const parentScore = (sa * sa) / (sb + lambda);
    let bestGain = Number.NEGATIVE_INFINITY;
    let bestFeature = -1;
    let bestThreshold = 0;
    if (rng !== null) {
      // Fisher-Yates over the node's range (as shuffleInPlace).
      for (let f = nActive - 1; f > 0; f--) {
        const g = top + randInt(rng, f + 1);
        const t = pool[top + f] as number;
        pool[top + f] = pool[g] as number;
        pool[g] = t;
      }
    }
    for (let f = 0; f < nActive; f++) {
      const j = pool[top + f] as number;
      const off = j * m;
      const cb = j * n;
      let la = 0;
      let lb = 0;
      let nl = 0;
      let i = idx[off + start] as number;
      let v = cols[cb + i] as number;
      for (let k = start; k < end - 1; k++) {
        la += a[i] as number;
        lb += b[i] as number;
        if (leafCheck) nl += count === null ? 1 : (count[i] as number);
        const iNext = idx[off + k + 1] as number;
        const next = cols[cb + iNext] as number;
        const here = v;
        i = iNext;
        v = next;
        if (next <= here + FEATURE_THRESHOLD) continue;
        // With one sample per leaf allowed, every cut between two rows is allowed.
        if (leafCheck) {
          if (nl < minSamplesLeaf) continue;
          if (samples - nl < minSamplesLeaf) break;
        }
        const rb = sb - lb;
        if (weightCheck && (lb < minChildWeight || rb < minChildWeight)) continue;
        const ra = sa - la;
        const g = (la * la) / (lb + lambda) + (ra * ra) / (rb + lambda) - parentScore;
        // Ties: a later candidate must gain more than rounding can account for. Two features that cut
        // the node's rows the same way have equal gains up to the order their sums were added in (which
        // differs between features, and between rows taken one by one or merged), so the first one in
        // the (seeded) feature order wins, whatever the summation order.
        if (g > bestGain && (bestFeature < 0 || g - bestGain > TIE_TOLERANCE * Math.abs(bestGain))) {
          bestGain = g;
          bestFeature = j;
          let t = (here + next) / 2;
          if (t === next || !Number.isFinite(t)) t = here;
          bestThreshold = t;
        }
      }
    }
    if (bestFeature < 0 || !(bestGain > minGain)) continue;
    // Partition every feature's segment: left (value <= threshold on bestFeature) first, order kept.
    const bOff = bestFeature * m;
    const bCol = bestFeature * n;
    let nLeft = 0;
    for (let k = start; k < end; k++) {
      const i = idx[bOff + k] as number;
      const l = (cols[bCol + i] as number) <= bestThreshold ? 1 : 0;
      goLeft[i] = l;
      nLeft += l;
    }
    for (let f = 0; f < nActive; f++) {
      // The split feature's own segment is sorted by it: its left rows already come first.
      if ((pool[top + f] as number) === bestFeature) continue;
      const off = (pool[top + f] as number) * m;
      let li = start;
      let ri = 0;
      // Without a branch (which side a row goes follows no pattern): write the row to both places and
      // advance one of them. Position li <= k was already read, so writing it is safe.
      for (let k = start; k < end; k++) {
        const i = idx[off + k] as number;
        const g = goLeft[i] as number;
        idx[off + li] = i;
        tmpIdx[ri] = i;
        li += g;
        ri += 1 - g;
      }
      for (let r = 0; r < ri; r++) idx[off + li + r] = tmpIdx[r] as number;
    }
    {
      let li = start;
      let ri = 0;
      for (let k = start; k < end; k++) {
        const i = rowsOf[k] as number;
        const g = goLeft[i] as number;
        rowsOf[li] = i;
        tmpIdx[ri] = i;
        li += g;
        ri += 1 - g;
      }
      for (let r = 0; r < ri; r++) rowsOf[li + r] = tmpIdx[r] as number;
    }
    const l = newNode();
    const r = newNode();
    feature[node] = bestFeature;
    threshold[node] = bestThreshold;
    left[node] = l;
    right[node] = r;
    gainOut[node] = bestGain;
    const mid = start + nLeft;
    // Right pushed first so the left child is processed first (depth-first, left to right).
    stack.push(r, mid, end, depth + 1, top, nActive, l, start, mid, depth + 1, top, nActive);
  }
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    gain: Float64Array.from(gainOut),
    nodeCount: feature.length,
  };
}

/** Adds `scale` times the tree's prediction for every row of X to `out`. */
export function addTreePrediction(tree: Tree, X: Matrix, out: Float64Array, scale = 1): void {
  const { rows: n, cols: p, data } = X;
  const { feature, threshold, left, right, value } = tree;
  for (let i = 0; i < n; i++) {
    let node = 0;
    let f = feature[0] as number;
    while (f >= 0) {
      node =
        (data[i * p + f] as number) <= (threshold[node] as number)
          ? (left[node] as number)
          : (right[node] as number);
      f = feature[node] as number;
    }
    out[i] = (out[i] as number) + scale * (value[node] as number);
  }
}

/** Per-feature sum of split gains of one tree (unnormalized impurity decrease). */
export function treeGainByFeature(tree: Tree, p: number): Float64Array {
  const out = new Float64Array(p);
  for (let k = 0; k < tree.nodeCount; k++) {
    const f = tree.feature[k] as number;
    if (f >= 0) out[f] = (out[f] as number) + (tree.gain[k] as number);
  }
  return out;
}

export const CART_DEFAULTS: TreeParams = {
  maxDepth: Number.POSITIVE_INFINITY,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minChildWeight: 0,
  lambda: 0,
  minGain: Number.NEGATIVE_INFINITY,
  pureCheck: true,
};
