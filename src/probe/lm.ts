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

/** Text <-> token ids, as the model's tokenizer.json defines it (no special tokens added). */
export interface TextTokenizer {
  encode(text: string): Int32Array;
  decode(ids: ArrayLike<number>): string;
  /** End-of-sequence token id, when the tokenizer defines one. */
  readonly eosId: number | null;
}
