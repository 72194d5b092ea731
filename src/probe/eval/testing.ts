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
    this.pieces.forEach((p, i) => {
      this.ids.set(p, i);
    });
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

/** GPT-2's byte -> printable character table used by byte-level BPE tokenizers. */
function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const map = new Array<string>(256);
  for (const b of bs) map[b] = String.fromCharCode(b);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (map[b] === undefined) {
      map[b] = String.fromCharCode(256 + n);
      n++;
    }
  }
  return map;
}

/**
 * A real byte-level BPE tokenizer.json with no merges (every UTF-8 byte is one token, ids 0..255) plus
 * "</s>" = 256 as eos, and its tokenizer_config.json: pairs with a random checkpoint of vocab >= 257.
 */
export function byteTokenizerFiles(): { tokenizer: object; config: object } {
  const table = bytesToUnicode();
  const vocab: Record<string, number> = {};
  table.forEach((c, b) => {
    vocab[c] = b;
  });
  return {
    tokenizer: {
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: [
        {
          id: 256,
          content: "</s>",
          single_word: false,
          lstrip: false,
          rstrip: false,
          normalized: false,
          special: true,
        },
      ],
      normalizer: null,
      pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
      post_processor: null,
      decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: {
        type: "BPE",
        dropout: null,
        unk_token: null,
        continuing_subword_prefix: null,
        end_of_word_suffix: null,
        fuse_unk: false,
        byte_fallback: false,
        vocab,
        merges: [],
      },
    },
    config: { eos_token: "</s>", bos_token: null, add_bos_token: false },
  };
}
