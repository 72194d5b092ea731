import type { Rng } from "../random.ts";
import { shuffleInPlace } from "../random.ts";
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

/**
 * Grows one tree on the samples with b_i > 0 (`include` picks them; null = all rows).
 * `rng`, when given, shuffles the order features are tried at each node (ties go to the first found,
 * as sklearn does with its random feature permutation).
 */
export function growTree(
  ps: Presorted,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array | null,
  include: Uint8Array | null,
  params: TreeParams,
  rng: Rng | null,
): Tree {
  const { n, p, cols, order } = ps;
  let m = 0;
  if (include === null) m = n;
  else for (let i = 0; i < n; i++) if (include[i]) m++;
  // Per-feature sorted segments of the samples in the tree.
  const idx = new Int32Array(m * p);
  const val = new Float64Array(m * p);
  for (let j = 0; j < p; j++) {
    let k = j * m;
    const base = j * n;
    for (let t = 0; t < n; t++) {
      const i = order[base + t] as number;
      if (include === null || include[i]) {
        idx[k] = i;
        val[k] = cols[base + i] as number;
        k++;
      }
    }
  }
  // The node's rows in any order, partitioned at every split like the active features' segments (the
  // segments of features constant above a node are left stale, so they cannot list its rows).
  const rowsOf = Int32Array.from(idx.subarray(0, m));
  const tmpIdx = new Int32Array(m);
  const tmpVal = new Float64Array(m);
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
  // Stack of nodes to process: node id, segment [start, end), depth; and beside it the features not yet
  // constant on the node's rows. A feature constant on a node stays constant below it, so it is neither
  // scanned nor partitioned again (sklearn tracks constant features the same way); on leaderboard data,
  // where most columns take a handful of values, this removes most of the work.
  const stack: number[] = [newNode(), 0, m, 0];
  const activeStack: Int32Array[] = [features];
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const node = stack.pop() as number;
    const parentActive = activeStack.pop() as Int32Array;
    const count = end - start;
    let sa = 0;
    let sb = 0;
    let sc = 0;
    for (let k = start; k < end; k++) {
      const i = rowsOf[k] as number;
      sa += a[i] as number;
      sb += b[i] as number;
      if (c !== null) sc += c[i] as number;
    }
    value[node] = sa / (sb + lambda);
    if (depth >= maxDepth || count < minSamplesSplit || count < 2 * minSamplesLeaf) continue;
    if (params.pureCheck && c !== null) {
      const mean = sa / sb;
      const imp = sc / sb - mean * mean;
      if (imp <= 1e-12 * Math.max(1, mean * mean)) continue;
    }
    let nActive = 0;
    const active = new Int32Array(parentActive.length);
    for (let f = 0; f < parentActive.length; f++) {
      const j = parentActive[f] as number;
      // Sorted segment: constant when its first and last values are within the tie tolerance.
      if ((val[j * m + end - 1] as number) > (val[j * m + start] as number) + FEATURE_THRESHOLD)
        active[nActive++] = j;
    }
    if (nActive === 0) continue;
    const act = active.subarray(0, nActive);
    const parentScore = (sa * sa) / (sb + lambda);
    let bestGain = Number.NEGATIVE_INFINITY;
    let bestFeature = -1;
    let bestThreshold = 0;
    if (rng !== null) shuffleInPlace(act, rng);
    for (let f = 0; f < nActive; f++) {
      const j = act[f] as number;
      const off = j * m;
      let la = 0;
      let lb = 0;
      for (let k = start; k < end - 1; k++) {
        const i = idx[off + k] as number;
        la += a[i] as number;
        lb += b[i] as number;
        const v = val[off + k] as number;
        const next = val[off + k + 1] as number;
        if (next <= v + FEATURE_THRESHOLD) continue;
        const nl = k - start + 1;
        if (nl < minSamplesLeaf) continue;
        if (count - nl < minSamplesLeaf) break;
        const rb = sb - lb;
        if (lb < minChildWeight || rb < minChildWeight) continue;
        const ra = sa - la;
        const g = (la * la) / (lb + lambda) + (ra * ra) / (rb + lambda) - parentScore;
        if (g > bestGain) {
          bestGain = g;
          bestFeature = j;
          let t = (v + next) / 2;
          if (t === next || !Number.isFinite(t)) t = v;
          bestThreshold = t;
        }
      }
    }
    if (bestFeature < 0 || !(bestGain > minGain)) continue;
    // Partition every feature's segment: left (value <= threshold on bestFeature) first, order kept.
    const bOff = bestFeature * m;
    let nLeft = 0;
    for (let k = start; k < end; k++) {
      const i = idx[bOff + k] as number;
      const l = (val[bOff + k] as number) <= bestThreshold ? 1 : 0;
      goLeft[i] = l;
      nLeft += l;
    }
    for (let f = 0; f < nActive; f++) {
      const off = (act[f] as number) * m;
      let li = start;
      let ri = 0;
      for (let k = start; k < end; k++) {
        const i = idx[off + k] as number;
        if (goLeft[i]) {
          idx[off + li] = i;
          val[off + li] = val[off + k] as number;
          li++;
        } else {
          tmpIdx[ri] = i;
          tmpVal[ri] = val[off + k] as number;
          ri++;
        }
      }
      idx.set(tmpIdx.subarray(0, ri), off + li);
      val.set(tmpVal.subarray(0, ri), off + li);
    }
    {
      let li = start;
      let ri = 0;
      for (let k = start; k < end; k++) {
        const i = rowsOf[k] as number;
        if (goLeft[i]) rowsOf[li++] = i;
        else tmpIdx[ri++] = i;
      }
      rowsOf.set(tmpIdx.subarray(0, ri), li);
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
    stack.push(r, mid, end, depth + 1, l, start, mid, depth + 1);
    activeStack.push(act, act);
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
