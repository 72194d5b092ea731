/**
 * The narrow interface evaluation code needs from a loaded model: next-token logits for a sequence.
 * probe/model implements it for real checkpoints; tests implement it with tiny hand-made models.
 */
export interface CausalLM {
  readonly vocabSize: number;
  /**
   * Logits for every position of `ids` (no BOS is added): a row-major T x vocabSize array whose row t
   * scores the token that follows ids[0..t].
   */
  logits(ids: Int32Array): Float32Array | Promise<Float32Array>;
}

/** A decoding cache (e.g. a KV cache): the positions it holds, and a way to drop the newest ones. */
export interface DecodingCache {
  readonly length: number;
  truncate(n: number): void;
}

/**
 * A model that decodes incrementally: `forwardCached` runs `ids` as the positions after those already in
 * `cache` (extending it) and returns the logits of the last `logitRows` of them (default 1), each row
 * vocabSize wide. probe/model's Model implements it with a KV cache.
 */
export interface IncrementalLM {
  readonly vocabSize: number;
  createCache(): DecodingCache;
  forwardCached(ids: Int32Array, cache: DecodingCache, logitRows?: number): Float32Array;
}

/** Text <-> token ids, as the model's tokenizer.json defines it. */
export interface TextTokenizer {
  /** The text's own tokens, no special tokens added (what leaderboard-v1 evaluation fed the model). */
  encode(text: string): Int32Array;
  decode(ids: ArrayLike<number>): string;
  /** End-of-sequence token id, when the tokenizer defines one. */
  readonly eosId: number | null;
  /** Beginning-of-sequence token id, when the tokenizer defines one (null when absent or unknown). */
  readonly bosId?: number | null;
  /**
   * The special tokens `tokenizer(text)` puts around one text by the tokenizer's own rules (its
   * post-processor, then tokenizer_config.json's add_bos_token / add_eos_token): e.g. before [1] (BOS)
   * and after [] for Llama-2. Absent: none.
   */
  readonly special?: { readonly before: readonly number[]; readonly after: readonly number[] };
}
