import type { Model } from "../model/model.ts";

/**
 * What prediction needs from generation: greedy decoding from a prompt, stopping at EOS. Probe's cached
 * generation answers it once it lands; until then `uncachedGreedy` does, one full forward per token.
 */
export interface GreedyDecoder {
  /** At most maxTokens new token ids (EOS, when met, is not included). */
  greedy(prompt: Int32Array, maxTokens: number, eos: number | null): Int32Array;
}

/** Greedy decoding by a full forward of the whole sequence for each new token (no KV cache). */
export function uncachedGreedy(model: Model): GreedyDecoder {
  const V = model.vocabSize;
  return {
    greedy(prompt, maxTokens, eos) {
      const ids = Array.from(prompt);
      const out: number[] = [];
      for (let n = 0; n < maxTokens; n++) {
        const logits = model.forward(Int32Array.from(ids)).logits;
        const row = (ids.length - 1) * V;
        let best = 0;
        for (let j = 1; j < V; j++)
          if ((logits[row + j] as number) > (logits[row + best] as number)) best = j;
        if (best === eos) break;
        out.push(best);
        ids.push(best);
      }
      return Int32Array.from(out);
    },
  };
}
