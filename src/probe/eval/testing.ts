import type { CausalLM, TextTokenizer } from "../lm.ts";

/**
 * Small hand-checkable models and tokenizers for tests of the evaluation code (and for anyone checking
 * a new task): no weights, log-probabilities you can write down.
 */

/** Word-piece tokenizer: pieces are /\s*\S+|\s+/ (a word with its leading whitespace); unknown -> 0. */
export class PieceTokenizer implements TextTokenizer {
  readonly ids = new Map<string, number>();
  readonly pieces: string[];
  readonly eosId: number | null;
  constructor(pieces: string[], eos: string | null = null) {
    this.pieces = ["<unk>", ...pieces];
    this.pieces.forEach((p, i) => this.ids.set(p, i));
    this.eosId = eos === null ? null : (this.ids.get(eos) ?? null);
  }
  encode(text: string): Int32Array {
    const out = (text.match(/\s*\S+|\s+/g) ?? []).map((p) => this.ids.get(p) ?? 0);
    return Int32Array.from(out);
  }
  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (i) => this.pieces[i] ?? "").join("");
  }
}

/** Character tokenizer that grows its vocabulary (up to `vocabSize`) as it meets characters. */
export class CharTokenizer implements TextTokenizer {
  private readonly map = new Map<string, number>();
  private readonly chars: string[] = [];
  readonly eosId = null;
  constructor(readonly vocabSize = 256) {}
  encode(text: string): Int32Array {
    return Int32Array.from([...text], (c) => {
      let id = this.map.get(c);
      if (id === undefined) {
        id = this.chars.length;
        if (id >= this.vocabSize) throw new Error("CharTokenizer vocabulary full");
        this.map.set(c, id);
        this.chars.push(c);
      }
      return id;
    });
  }
  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (i) => this.chars[i] ?? "").join("");
  }
}

/** A model whose next-token distribution is fixed (unigram): row = log p for every position. */
export function unigramModel(logp: Float64Array | number[]): CausalLM {
  const V = logp.length;
  return {
    vocabSize: V,
    logits(ids: Int32Array): Float32Array {
      const out = new Float32Array(ids.length * V);
      for (let t = 0; t < ids.length; t++) for (let v = 0; v < V; v++) out[t * V + v] = logp[v] as number;
      return out;
    },
  };
}

/** A bigram model: row t = table(ids[t]) (log-probabilities of the next token given the last one). */
export function bigramModel(vocabSize: number, table: (last: number) => ArrayLike<number>): CausalLM {
  return {
    vocabSize,
    logits(ids: Int32Array): Float32Array {
      const out = new Float32Array(ids.length * vocabSize);
      for (let t = 0; t < ids.length; t++) out.set(table(ids[t] as number), t * vocabSize);
      return out;
    },
  };
}

/** A model with all-zero logits that records every input it is given. */
export function recordingModel(vocabSize: number): CausalLM & { inputs: Int32Array[] } {
  const inputs: Int32Array[] = [];
  return {
    vocabSize,
    inputs,
    logits(ids: Int32Array): Float32Array {
      inputs.push(ids.slice());
      return new Float32Array(ids.length * vocabSize);
    },
  };
}

/** log p for a vocabulary from unnormalised weights (so tests can state probabilities directly). */
export function logProbs(weights: number[]): Float64Array {
  const z = weights.reduce((a, b) => a + b, 0);
  return Float64Array.from(weights, (w) => Math.log(w / z));
}
