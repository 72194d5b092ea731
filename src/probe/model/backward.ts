import { ModelError } from "../errors.ts";
import type { Backend } from "../tensor/backend.ts";
import type { LinearAdapter } from "./adapter.ts";
import type { ModelConfig } from "./config.ts";
import { type LayerCache, layerForward, rmsNorm, rmsNormBackward } from "./layer.ts";
import type { Model } from "./model.ts";
import { applyRope, ropeTables } from "./rope.ts";
import type { LayerWeights } from "./weights.ts";

export const MATRIX_NAMES = ["q", "k", "v", "o", "gate", "up", "down"] as const;
export type MatrixName = (typeof MATRIX_NAMES)[number];

/**
 * The factors of one linear layer's weight gradient, dW = dY^T X (dOut x dIn), over T tokens.
 * The arrays are only valid during the callback.
 */
export interface LinearGrad {
  layer: number;
  matrix: MatrixName;
  x: Float32Array;
  dy: Float32Array;
  T: number;
  dIn: number;
  dOut: number;
}

export interface ForwardBackwardResult {
  /** Mean cross-entropy over the response tokens. */
  loss: number;
  /** Number of predicted (response) tokens. */
  responseTokens: number;
}

/**
 * Forward and backward of one sequence, cross-entropy on response tokens only (ids[responseStart..]
 * predicted from what precedes them), no parameter update. Calls `onLinear` with each linear layer's
 * gradient factors as the backward pass reaches it (last layer first).
 */
export function forwardBackward(
  model: Model,
  ids: Int32Array,
  responseStart: number,
  onLinear: (g: LinearGrad) => void,
): ForwardBackwardResult {
  const c = model.config;
  const be = model.backend;
  const T = ids.length;
  model.checkLength(T);
  if (!Number.isInteger(responseStart) || responseStart < 1 || responseStart >= T) {
    throw new ModelError(
      `response start ${responseStart} must lie in 1..${T - 1} (the prompt needs a token)`,
    );
  }
  const rope = ropeTables(T, c.headDim, c.ropeTheta);
  const caches: { i: number; cache: LayerCache }[] = [];
  let h = model.embed(ids);
  for (const i of model.activeLayers) {
    const r = layerForward(be, c, model.layer(i), h, T, rope, true);
    caches.push({ i, cache: r.cache as LayerCache });
    h = r.out;
  }
  const n = T - responseStart;
  const { lossSum: loss, dh: headGrad } = responseHeadBackward(model, h, ids, responseStart, n);
  let dh = headGrad;
  for (let li = caches.length - 1; li >= 0; li--) {
    const { i, cache } = caches[li] as { i: number; cache: LayerCache };
    dh = layerBackward(be, c, model.layer(i), cache, dh, T, rope, (m, x, dy, dIn, dOut) =>
      onLinear({ layer: i, matrix: m, x, dy, T, dIn, dOut }),
    );
    caches.pop();
  }
  return { loss: loss / n, responseTokens: n };
}

/**
 * The final norm and lm_head on the rows that predict ids[responseStart..] (the vocabulary makes the head
 * the costliest product, so it runs on those rows only), cross-entropy summed over them, and its gradient
 * with respect to `h` (the last layer's output), each row's loss divided by `denominator` (n for a mean).
 */
export function responseHeadBackward(
  model: Model,
  h: Float32Array,
  ids: ArrayLike<number>,
  responseStart: number,
  denominator: number,
): { lossSum: number; dh: Float32Array } {
  const c = model.config;
  const be = model.backend;
  const d = c.dModel;
  const V = c.vocabSize;
  const T = ids.length;
  const first = responseStart - 1;
  const n = T - responseStart;
  const { y: hn, r } = rmsNorm(h, T, d, model.finalNorm(), c.eps);
  const head = model.lmHead();
  const logits = new Float32Array(n * V);
  be.gemm(false, true, n, V, d, 1, hn.subarray(first * d), d, head, d, 0, logits, V);
  let lossSum = 0;
  for (let t = 0; t < n; t++) {
    const row = logits.subarray(t * V, (t + 1) * V);
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < V; j++) mx = Math.max(mx, row[j] as number);
    let sum = 0;
    for (let j = 0; j < V; j++) sum += Math.exp((row[j] as number) - mx);
    const target = ids[first + t + 1] as number;
    lossSum += Math.log(sum) + mx - (row[target] as number);
    for (let j = 0; j < V; j++) row[j] = Math.exp((row[j] as number) - mx) / sum / denominator;
    row[target] = (row[target] as number) - 1 / denominator;
  }
  const dhn = new Float32Array(T * d);
  be.gemm(false, false, n, d, V, 1, logits, V, head, d, 0, dhn.subarray(first * d), d);
  return { lossSum, dh: rmsNormBackward(h, r, dhn, T, d, model.finalNorm()) };
}

type LinearHook = (m: MatrixName, x: Float32Array, dy: Float32Array, dIn: number, dOut: number) => void;

/**
 * Backward of one decoder layer: returns d(input); reports each linear layer's (X, dY). `adapter` (the
 * one its forward ran with) gets each projection's (X, dY) and adds its share of d(input).
 */
export function layerBackward(
  be: Backend,
  c: ModelConfig,
  w: LayerWeights,
  s: LayerCache,
  dout: Float32Array,
  T: number,
  rope: ReturnType<typeof ropeTables>,
  hook: LinearHook,
  adapter: LinearAdapter | null = null,
): Float32Array {
  const d = c.dModel;
  const F = c.dFfn;
  const hd = c.headDim;
  const qd = c.heads * hd;
  const kd = c.kvHeads * hd;
  // MLP branch.
  hook("down", s.act, dout, F, d);
  const dact = new Float32Array(T * F);
  be.gemm(false, false, T, F, d, 1, dout, d, w.down, F, 0, dact, F);
  adapter?.backward("down", s.act, dout, T, dact);
  const dgate = new Float32Array(T * F);
  const dup = new Float32Array(T * F);
  for (let j = 0; j < T * F; j++) {
    const g = s.gate[j] as number;
    const sg = 1 / (1 + Math.exp(-g));
    const da = dact[j] as number;
    dup[j] = da * g * sg;
    dgate[j] = da * (s.up[j] as number) * sg * (1 + g * (1 - sg));
  }
  hook("gate", s.xn2, dgate, d, F);
  hook("up", s.xn2, dup, d, F);
  const dxn2 = new Float32Array(T * d);
  be.gemm(false, false, T, d, F, 1, dgate, F, w.gate, d, 0, dxn2, d);
  be.gemm(false, false, T, d, F, 1, dup, F, w.up, d, 1, dxn2, d);
  adapter?.backward("gate", s.xn2, dgate, T, dxn2);
  adapter?.backward("up", s.xn2, dup, T, dxn2);
  const dx1 = rmsNormBackward(s.x1, s.r2, dxn2, T, d, w.postNorm);
  for (let j = 0; j < dx1.length; j++) dx1[j] = (dx1[j] as number) + (dout[j] as number);
  // Attention branch.
  hook("o", s.attn, dx1, qd, d);
  const dattn = new Float32Array(T * qd);
  be.gemm(false, false, T, qd, d, 1, dx1, d, w.o, qd, 0, dattn, qd);
  adapter?.backward("o", s.attn, dx1, T, dattn);
  const dq = new Float32Array(T * qd);
  const dk = new Float32Array(T * kd);
  const dv = new Float32Array(T * kd);
  const dP = new Float32Array(T * T);
  const group = c.heads / c.kvHeads;
  const scale = 1 / Math.sqrt(hd);
  for (let h = 0; h < c.heads; h++) {
    const g = Math.floor(h / group);
    const P = s.p.subarray(h * T * T, (h + 1) * T * T);
    const dOh = dattn.subarray(h * hd);
    be.gemm(false, true, T, T, hd, 1, dOh, qd, s.v.subarray(g * hd), kd, 0, dP, T);
    be.gemm(true, false, T, hd, T, 1, P, T, dOh, qd, 1, dv.subarray(g * hd), kd);
    for (let i = 0; i < T; i++) {
      let dot = 0;
      for (let j = 0; j <= i; j++) dot += (P[i * T + j] as number) * (dP[i * T + j] as number);
      for (let j = 0; j <= i; j++)
        dP[i * T + j] = (P[i * T + j] as number) * ((dP[i * T + j] as number) - dot) * scale;
      for (let j = i + 1; j < T; j++) dP[i * T + j] = 0;
    }
    be.gemm(false, false, T, hd, T, 1, dP, T, s.k.subarray(g * hd), kd, 0, dq.subarray(h * hd), qd);
    be.gemm(true, false, T, hd, T, 1, dP, T, s.q.subarray(h * hd), qd, 1, dk.subarray(g * hd), kd);
  }
  applyRope(dq, T, c.heads, rope, true);
  applyRope(dk, T, c.kvHeads, rope, true);
  hook("q", s.xn1, dq, d, qd);
  hook("k", s.xn1, dk, d, kd);
  hook("v", s.xn1, dv, d, kd);
  const dxn1 = new Float32Array(T * d);
  be.gemm(false, false, T, d, qd, 1, dq, qd, w.q, d, 0, dxn1, d);
  be.gemm(false, false, T, d, kd, 1, dk, kd, w.k, d, 1, dxn1, d);
  be.gemm(false, false, T, d, kd, 1, dv, kd, w.v, d, 1, dxn1, d);
  adapter?.backward("q", s.xn1, dq, T, dxn1);
  adapter?.backward("k", s.xn1, dk, T, dxn1);
  adapter?.backward("v", s.xn1, dv, T, dxn1);
  const dx = rmsNormBackward(s.x, s.r1, dxn1, T, d, w.inputNorm);
  for (let j = 0; j < dx.length; j++) dx[j] = (dx[j] as number) + (dx1[j] as number);
  return dx;
}
