import type { Backend } from "../tensor/backend.ts";
import { linear } from "../tensor/ops.ts";
import type { LinearAdapter } from "./adapter.ts";
import type { ModelConfig } from "./config.ts";
import type { KvLayer } from "./kv-cache.ts";
import { applyRope, type Rope } from "./rope.ts";
import type { LayerWeights } from "./weights.ts";

/** Activations one layer keeps for its backward pass. */
export interface LayerCache {
  x: Float32Array;
  r1: Float32Array;
  xn1: Float32Array;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  p: Float32Array;
  attn: Float32Array;
  x1: Float32Array;
  r2: Float32Array;
  xn2: Float32Array;
  gate: Float32Array;
  up: Float32Array;
  act: Float32Array;
}

/** y = g * x / sqrt(mean(x^2) + eps) per row; returns y and the per-row reciprocal rms. */
export function rmsNorm(x: Float32Array, T: number, d: number, g: Float32Array, eps: number) {
  const y = new Float32Array(T * d);
  const r = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (x[t * d + j] as number) ** 2;
    const rr = 1 / Math.sqrt(s / d + eps);
    r[t] = rr;
    for (let j = 0; j < d; j++) y[t * d + j] = (g[j] as number) * ((x[t * d + j] as number) * rr);
  }
  return { y, r };
}

/** Backward of rmsNorm: returns dx (the weight's own gradient is not needed). */
export function rmsNormBackward(
  x: Float32Array,
  r: Float32Array,
  dy: Float32Array,
  T: number,
  d: number,
  g: Float32Array,
): Float32Array {
  const dx = new Float32Array(T * d);
  for (let t = 0; t < T; t++) {
    const rr = r[t] as number;
    let dot = 0;
    for (let j = 0; j < d; j++)
      dot += (g[j] as number) * (dy[t * d + j] as number) * (x[t * d + j] as number);
    const k = (rr * rr * rr * dot) / d;
    for (let j = 0; j < d; j++) {
      dx[t * d + j] = rr * (g[j] as number) * (dy[t * d + j] as number) - k * (x[t * d + j] as number);
    }
  }
  return dx;
}

function silu(x: number): number {
  return x / (1 + Math.exp(-x));
}

/**
 * One decoder layer forward: h_{i+1} = h_i + attn(norm(h_i)); then + mlp(norm(.)). `adapter` (LoRA)
 * adds to each projection's output.
 */
export function layerForward(
  be: Backend,
  c: ModelConfig,
  w: LayerWeights,
  x: Float32Array,
  T: number,
  rope: Rope,
  keep: boolean,
  adapter: LinearAdapter | null = null,
): { out: Float32Array; cache: LayerCache | null } {
  return decoderLayer(be, c, w, x, T, rope, null, keep, adapter);
}

/**
 * One decoder layer over T new positions that follow the kv.length positions already in `kv`: their
 * keys and values are appended to `kv` and each query attends to every earlier position. `rope` holds
 * the angles of the new positions (ropeTables(T, ..., kv.length)).
 */
export function layerForwardKv(
  be: Backend,
  c: ModelConfig,
  w: LayerWeights,
  x: Float32Array,
  T: number,
  rope: Rope,
  kv: KvLayer,
): Float32Array {
  return decoderLayer(be, c, w, x, T, rope, kv, false).out;
}

function decoderLayer(
  be: Backend,
  c: ModelConfig,
  w: LayerWeights,
  x: Float32Array,
  T: number,
  rope: Rope,
  kv: KvLayer | null,
  keep: boolean,
  adapter: LinearAdapter | null = null,
): { out: Float32Array; cache: LayerCache | null } {
  const d = c.dModel;
  const hd = c.headDim;
  const qd = c.heads * hd;
  const kd = c.kvHeads * hd;
  const { y: xn1, r: r1 } = rmsNorm(x, T, d, w.inputNorm, c.eps);
  const q = linear(be, xn1, T, d, w.q, qd, w.qBias);
  adapter?.forward("q", xn1, T, q);
  const k = linear(be, xn1, T, d, w.k, kd, w.kBias);
  adapter?.forward("k", xn1, T, k);
  const v = linear(be, xn1, T, d, w.v, kd, w.vBias);
  adapter?.forward("v", xn1, T, v);
  applyRope(q, T, c.heads, rope);
  applyRope(k, T, c.kvHeads, rope);
  const start = kv === null ? 0 : kv.length;
  if (kv !== null) kv.append(k, v, T);
  const keys = kv === null ? k : kv.k;
  const values = kv === null ? v : kv.v;
  const Tk = start + T;
  const group = c.heads / c.kvHeads;
  const scale = 1 / Math.sqrt(hd);
  // Backward needs every head's probabilities (T x Tk each); otherwise one block of rows at a time.
  const p = keep ? new Float32Array(c.heads * T * Tk) : new Float32Array(Math.min(T, ATTENTION_ROWS) * Tk);
  const attn = new Float32Array(T * qd);
  for (let h = 0; h < c.heads; h++) {
    const g = Math.floor(h / group);
    // Query rows in blocks: a block sees keys up to its last row only, so the masked upper triangle is
    // neither multiplied nor exponentiated.
    for (let r0 = 0; r0 < T; r0 += ATTENTION_ROWS) {
      const rows = Math.min(ATTENTION_ROWS, T - r0);
      const width = start + r0 + rows;
      const ld = keep ? Tk : width;
      const ph = keep ? p.subarray((h * T + r0) * Tk) : p;
      const qh = q.subarray(r0 * qd + h * hd);
      be.gemm(false, true, rows, width, hd, scale, qh, qd, keys.subarray(g * hd), kd, 0, ph, ld);
      causalSoftmax(ph, rows, width, ld, start + r0);
      be.gemm(
        false,
        false,
        rows,
        hd,
        width,
        1,
        ph,
        ld,
        values.subarray(g * hd),
        kd,
        0,
        attn.subarray(r0 * qd + h * hd),
        qd,
      );
    }
  }
  const o = linear(be, attn, T, qd, w.o, d, w.oBias);
  adapter?.forward("o", attn, T, o);
  const x1 = new Float32Array(T * d);
  for (let i = 0; i < x1.length; i++) x1[i] = (x[i] as number) + (o[i] as number);
  const { y: xn2, r: r2 } = rmsNorm(x1, T, d, w.postNorm, c.eps);
  const gate = linear(be, xn2, T, d, w.gate, c.dFfn, w.gateBias);
  adapter?.forward("gate", xn2, T, gate);
  const up = linear(be, xn2, T, d, w.up, c.dFfn, w.upBias);
  adapter?.forward("up", xn2, T, up);
  const act = new Float32Array(T * c.dFfn);
  for (let i = 0; i < act.length; i++) act[i] = silu(gate[i] as number) * (up[i] as number);
  const down = linear(be, act, T, c.dFfn, w.down, d, w.downBias);
  adapter?.forward("down", act, T, down);
  const out = new Float32Array(T * d);
  for (let i = 0; i < out.length; i++) out[i] = (x1[i] as number) + (down[i] as number);
  if (!keep) return { out, cache: null };
  return { out, cache: { x, r1, xn1, q, k, v, p, attn, x1, r2, xn2, gate, up, act } };
}

/** Query rows per attention block (bounds the scratch scores to ATTENTION_ROWS x keys). */
export const ATTENTION_ROWS = 128;

/**
 * Row i of the scores (width columns, leading dimension ld) is query position first+i: softmax over
 * keys 0..first+i, zeros after.
 */
function causalSoftmax(ph: Float32Array, rows: number, width: number, ld: number, first: number): void {
  for (let i = 0; i < rows; i++) {
    const row = i * ld;
    const end = row + first + i + 1;
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = row; j < end; j++) {
      const x = ph[j] as number;
      if (x > mx) mx = x;
    }
    let s = 0;
    for (let j = row; j < end; j++) {
      const e = Math.exp((ph[j] as number) - mx);
      ph[j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = row; j < end; j++) ph[j] = (ph[j] as number) * inv;
    ph.fill(0, end, row + width);
  }
}
