import { ModelError } from "../errors.ts";
import { layerBackward, responseHeadBackward } from "../model/backward.ts";
import { type LayerCache, layerForward } from "../model/layer.ts";
import type { Model } from "../model/model.ts";
import { ropeTables } from "../model/rope.ts";
import type { LoraAdapters } from "./adapters.ts";

/** One training sequence: token ids, and where the answer (the tokens the loss is taken on) starts. */
export interface LoraSequence {
  ids: Int32Array;
  /** Index of the first answer token: ids[answerStart..] are predicted, the prompt before is not. */
  answerStart: number;
}

/** Logits (T x vocab) of `ids` through the base model with the adapters added. */
export function loraLogits(model: Model, adapters: LoraAdapters, ids: Int32Array): Float32Array {
  const c = model.config;
  const T = ids.length;
  model.checkLength(T);
  const rope = ropeTables(T, c.headDim, c.ropeTheta);
  let h = model.embed(ids);
  for (const i of model.activeLayers) {
    const ad = adapters.layerAdapter(i, model.backend);
    h = layerForward(model.backend, c, model.layer(i), h, T, rope, false, ad).out;
  }
  return model.head(h, T).logits;
}

function checkSequence(s: LoraSequence, where: number): void {
  const T = s.ids.length;
  if (!Number.isInteger(s.answerStart) || s.answerStart < 1 || s.answerStart >= T) {
    throw new ModelError(
      `sequence ${where}: answer start ${s.answerStart} must lie in 1..${T - 1} (the prompt needs a token)`,
    );
  }
}

/** Sum of the answer tokens' cross-entropy (nats) of one sequence, forward only. */
export function answerLossSum(model: Model, adapters: LoraAdapters, s: LoraSequence): number {
  checkSequence(s, 0);
  const V = model.config.vocabSize;
  const logits = loraLogits(model, adapters, s.ids);
  let loss = 0;
  for (let t = s.answerStart - 1; t < s.ids.length - 1; t++) {
    const row = logits.subarray(t * V, (t + 1) * V);
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < V; j++) mx = Math.max(mx, row[j] as number);
    let sum = 0;
    for (let j = 0; j < V; j++) sum += Math.exp((row[j] as number) - mx);
    loss += Math.log(sum) + mx - (row[s.ids[t + 1] as number] as number);
  }
  return loss;
}

export interface BatchLoss {
  /** Mean cross-entropy over every answer token of the batch. */
  loss: number;
  /** Answer tokens in the batch. */
  tokens: number;
  /** Tokens run through the model (prompt and answer). */
  seen: number;
}

/**
 * Forward and backward of a batch, one sequence after another: the loss is the mean over all answer
 * tokens of the batch (a long answer weighs by its tokens), and its gradient with respect to every A and B
 * is added to the adapters' gA/gB (call zeroGrad between optimizer steps). `totalTokens` lets a batch
 * split into micro-batches (gradient accumulation) weigh each token as the whole batch would: pass the
 * answer tokens of the whole batch; default: this batch's own.
 */
export function loraForwardBackward(
  model: Model,
  adapters: LoraAdapters,
  batch: readonly LoraSequence[],
  totalTokens?: number,
): BatchLoss {
  const c = model.config;
  const be = model.backend;
  batch.forEach(checkSequence);
  const tokens = batch.reduce((s, q) => s + q.ids.length - q.answerStart, 0);
  const N = totalTokens ?? tokens;
  if (!(N >= tokens) || tokens === 0)
    throw new ModelError(`total answer tokens ${N} below this batch's ${tokens}`);
  let lossSum = 0;
  let seen = 0;
  for (const s of batch) {
    const T = s.ids.length;
    model.checkLength(T);
    seen += T;
    const rope = ropeTables(T, c.headDim, c.ropeTheta);
    const caches: { i: number; cache: LayerCache }[] = [];
    let h = model.embed(s.ids);
    for (const i of model.activeLayers) {
      const r = layerForward(be, c, model.layer(i), h, T, rope, true, adapters.layerAdapter(i, be));
      caches.push({ i, cache: r.cache as LayerCache });
      h = r.out;
    }
    const head = responseHeadBackward(model, h, s.ids, s.answerStart, N);
    lossSum += head.lossSum;
    let dh = head.dh;
    for (let li = caches.length - 1; li >= 0; li--) {
      const { i, cache } = caches[li] as { i: number; cache: LayerCache };
      dh = layerBackward(be, c, model.layer(i), cache, dh, T, rope, noHook, adapters.layerAdapter(i, be));
      caches.pop();
    }
  }
  return { loss: lossSum / tokens, tokens, seen };
}

const noHook = () => {};
