import { ModelError } from "../errors.ts";
import type { TextTokenizer } from "../lm.ts";
import type { LoraSequence } from "./forward-backward.ts";

/** A tokenizer with the special tokens the training text is framed by. */
export interface FramedTokenizer {
  tokenizer: TextTokenizer;
  /** What the model's tokenizer puts before a text by its own rules (Llama's <s>), before every sequence. */
  before: readonly number[];
  /** Appended after the answer and learned, so generation stops there. */
  eos: number | null;
}

/** The tokenizer with the special tokens it adds by default (tokenizer.special) and its EOS. */
export function framed(tokenizer: TextTokenizer): FramedTokenizer {
  return { tokenizer, before: tokenizer.special?.before ?? [], eos: tokenizer.eosId };
}

/** The prompt's ids as generation starts from them (BOS first when the tokenizer adds one). */
export function encodePrompt(t: FramedTokenizer, prompt: string): Int32Array {
  return Int32Array.from([...t.before, ...t.tokenizer.encode(prompt)]);
}

/**
 * prompt + answer (+ EOS) as one training sequence. The two are tokenized together, as they will be
 * read, and split where the prompt's own tokens end (or where the two tokenizations first differ).
 */
export function encodeExample(t: FramedTokenizer, prompt: string, answer: string): LoraSequence {
  const p = encodePrompt(t, prompt);
  const whole = t.tokenizer.encode(prompt + answer);
  const ids = Int32Array.from([...t.before, ...whole, ...(t.eos === null ? [] : [t.eos])]);
  let answerStart = 0;
  while (answerStart < p.length && p[answerStart] === ids[answerStart]) answerStart++;
  if (answerStart < 1 || answerStart >= ids.length) {
    throw new ModelError(`cannot split '${prompt}' from its answer: the prompt has no token of its own`);
  }
  return { ids, answerStart };
}
