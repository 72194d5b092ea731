import { ModelError } from "../errors.ts";
import type { TextTokenizer } from "../lm.ts";
import { layerForward } from "../model/layer.ts";
import type { Model } from "../model/model.ts";
import { ropeTables } from "../model/rope.ts";
import { type TokenizeOptions, withBos } from "../tokenizer.ts";

/** Default calibration length when splitting a long text into sequences. */
export const DEFAULT_BI_SEQUENCE_LENGTH = 512;
/** Default number of calibration tokens taken from the text. */
export const DEFAULT_BI_TOKENS = 2048;

export interface BlockInfluenceResult {
  /** Layer indices, in order. */
  layers: number[];
  /** ShortGPT BI: 1 - mean over tokens of cos(h_i, h_{i+1}). */
  bi: number[];
  /** Angular variant: mean over tokens of arccos(cos) / pi. */
  angular: number[];
  tokens: number;
  sequences: number;
}

export interface BlockInfluenceOptions {
  onProgress?: (done: number, total: number) => void;
}

/**
 * Block Influence of every layer (ShortGPT): forward only, layer by layer over all sequences, so each
 * layer's weights are widened once. h_i enters layer i; the last layer's output is the pre-norm state.
 */
export function blockInfluence(
  model: Model,
  input: Int32Array | Int32Array[],
  opts: BlockInfluenceOptions = {},
): BlockInfluenceResult {
  const seqs = Array.isArray(input) ? input : [input];
  if (seqs.length === 0 || seqs.every((s) => s.length === 0)) throw new ModelError("no calibration tokens");
  const c = model.config;
  const d = c.dModel;
  const states = seqs.map((ids) => {
    model.checkLength(ids.length);
    return { T: ids.length, h: model.embed(ids), rope: ropeTables(ids.length, c.headDim, c.ropeTheta) };
  });
  const tokens = states.reduce((a, s) => a + s.T, 0);
  const layers = model.activeLayers;
  const bi: number[] = [];
  const angular: number[] = [];
  layers.forEach((li, k) => {
    const w = model.layer(li);
    let cosSum = 0;
    let angSum = 0;
    for (const s of states) {
      const out = layerForward(model.backend, c, w, s.h, s.T, s.rope, false).out;
      for (let t = 0; t < s.T; t++) {
        let dot = 0;
        let na = 0;
        let nb = 0;
        for (let j = t * d; j < (t + 1) * d; j++) {
          const a = s.h[j] as number;
          const b = out[j] as number;
          dot += a * b;
          na += a * a;
          nb += b * b;
        }
        const cos = Math.max(-1, Math.min(1, dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), 1e-12)));
        cosSum += cos;
        angSum += Math.acos(cos) / Math.PI;
      }
      s.h = out;
    }
    bi.push(1 - cosSum / tokens);
    angular.push(angSum / tokens);
    opts.onProgress?.(k + 1, layers.length);
  });
  return { layers, bi, angular, tokens, sequences: seqs.length };
}

/**
 * Tokenizes `text` and cuts it into sequences of at most `sequenceLength` ids, `tokens` ids in all.
 * Each sequence is what `tokenizer(chunk)` gives for its piece of the text: with `special` (the
 * default, as ShortGPT and the study tokenize), the tokenizer's own special tokens around it (BOS for
 * Llama); `bos` overrides whether it starts with BOS.
 */
export function calibrationSequences(
  tokenizer: TextTokenizer,
  text: string,
  tokens = DEFAULT_BI_TOKENS,
  sequenceLength = DEFAULT_BI_SEQUENCE_LENGTH,
  opts: TokenizeOptions = { special: true },
): Int32Array[] {
  const ids = tokenizer.encode(text);
  if (ids.length === 0) throw new ModelError("calibration text produced no tokens");
  const wrap = (chunk: Int32Array) => {
    const before = opts.special ? (tokenizer.special?.before ?? []) : [];
    const after = opts.special ? (tokenizer.special?.after ?? []) : [];
    return withBos(tokenizer, Int32Array.from([...before, ...chunk, ...after]), opts.bos);
  };
  const extra = wrap(new Int32Array(0)).length;
  if (extra >= sequenceLength) {
    throw new ModelError(
      `sequence length ${sequenceLength} leaves no room for text after ${extra} special tokens`,
    );
  }
  const out: Int32Array[] = [];
  let used = 0;
  for (let at = 0; at < ids.length && used < tokens; ) {
    const room = Math.min(sequenceLength, tokens - used) - extra;
    if (room <= 0) break;
    const seq = wrap(ids.subarray(at, at + room));
    out.push(seq);
    used += seq.length;
    at += room;
  }
  if (out.length === 0)
    throw new ModelError(`--tokens ${tokens} leaves no room for text after ${extra} special tokens`);
  return out;
}

/** The n layers with the lowest BI (ascending by BI), as ShortGPT removes them. */
export function lowestBiLayers(result: BlockInfluenceResult, n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n >= result.layers.length) {
    throw new ModelError(
      `cannot pick ${n} of ${result.layers.length} layers to remove (at most ${result.layers.length - 1}: keep at least one)`,
    );
  }
  return result.layers
    .map((l, i) => ({ l, b: result.bi[i] as number }))
    .sort((a, b) => a.b - b.b || a.l - b.l)
    .slice(0, n)
    .map((x) => x.l)
    .sort((a, b) => a - b);
}
