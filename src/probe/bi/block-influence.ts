import { ModelError } from "../errors.ts";
import type { TextTokenizer } from "../lm.ts";
import { layerForward } from "../model/layer.ts";
import type { Model } from "../model/model.ts";
import { ropeTables } from "../model/rope.ts";

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

/** Tokenizes `text`, keeps the first `tokens` ids, and splits them into sequences of `sequenceLength`. */
export function calibrationSequences(
  tokenizer: TextTokenizer,
  text: string,
  tokens = DEFAULT_BI_TOKENS,
  sequenceLength = DEFAULT_BI_SEQUENCE_LENGTH,
): Int32Array[] {
  const ids = tokenizer.encode(text).subarray(0, tokens);
  if (ids.length === 0) throw new ModelError("calibration text produced no tokens");
  const out: Int32Array[] = [];
  for (let i = 0; i < ids.length; i += sequenceLength) out.push(ids.slice(i, i + sequenceLength));
  return out;
}

/** The n layers with the lowest BI (ascending by BI), as ShortGPT removes them. */
export function lowestBiLayers(result: BlockInfluenceResult, n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n >= result.layers.length) {
    throw new ModelError(`cannot pick ${n} of ${result.layers.length} layers to remove (keep at least one)`);
  }
  return result.layers
    .map((l, i) => ({ l, b: result.bi[i] as number }))
    .sort((a, b) => a.b - b.b || a.l - b.l)
    .slice(0, n)
    .map((x) => x.l)
    .sort((a, b) => a - b);
}
