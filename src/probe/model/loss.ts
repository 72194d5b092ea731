import { ModelError } from "../errors.ts";
import type { Model } from "./model.ts";

export interface LossResult {
  /** Mean next-token cross-entropy (nats per predicted token). */
  loss: number;
  /** Tokens predicted (each sequence's length minus one). */
  tokens: number;
  /** exp(loss). */
  perplexity: number;
}

/**
 * Mean next-token cross-entropy of the model over whole sequences: every token after the first is
 * predicted from those before it (the training loss; the first token, e.g. BOS, is only context).
 */
export function languageModelLoss(model: Model, sequences: readonly Int32Array[]): LossResult {
  const V = model.config.vocabSize;
  let total = 0;
  let tokens = 0;
  for (const ids of sequences) {
    if (ids.length < 2) continue;
    const logits = model.forward(ids.subarray(0, ids.length - 1)).logits;
    for (let t = 0; t + 1 < ids.length; t++) {
      const off = t * V;
      let mx = Number.NEGATIVE_INFINITY;
      for (let v = 0; v < V; v++) mx = Math.max(mx, logits[off + v] as number);
      let s = 0;
      for (let v = 0; v < V; v++) s += Math.exp((logits[off + v] as number) - mx);
      total += Math.log(s) + mx - (logits[off + (ids[t + 1] as number)] as number);
      tokens++;
    }
  }
  if (tokens === 0) throw new ModelError("no sequence has two tokens: nothing to predict");
  const loss = total / tokens;
  return { loss, tokens, perplexity: Math.exp(loss) };
}
