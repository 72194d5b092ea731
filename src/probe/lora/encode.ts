import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../errors.ts";
import type { TextTokenizer } from "../lm.ts";
import type { LoraSequence } from "./forward-backward.ts";

/** A tokenizer with the special tokens the training text is framed by. */
export interface FramedTokenizer {
  tokenizer: TextTokenizer;
  /** Prepended to every sequence when the model's tokenizer adds one by default (Llama's <s>). */
  bos: number | null;
  /** Appended after the answer and learned, so generation stops there. */
  eos: number | null;
}

/** BOS as tokenizer_config.json asks for it (add_bos_token and bos_token), else null. */
export function bosFromConfig(dir: string, tokenizer: { encode(t: string): Int32Array }): number | null {
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(readFileSync(join(dir, "tokenizer_config.json"), "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (cfg.add_bos_token !== true) return null;
  const tok = cfg.bos_token;
  const name =
    typeof tok === "string"
      ? tok
      : tok !== null && typeof tok === "object" && typeof (tok as { content?: unknown }).content === "string"
        ? (tok as { content: string }).content
        : null;
  if (name === null) return null;
  const ids = tokenizer.encode(name);
  return ids.length === 1 ? (ids[0] as number) : null;
}

/** The prompt's ids as generation starts from them (BOS first when the tokenizer adds one). */
export function encodePrompt(t: FramedTokenizer, prompt: string): Int32Array {
  const ids = t.tokenizer.encode(prompt);
  return t.bos === null ? ids : Int32Array.from([t.bos, ...ids]);
}

/**
 * prompt + answer (+ EOS) as one training sequence. The two are tokenized together, as they will be
 * read, and split where the prompt's own tokens end (or where the two tokenizations first differ).
 */
export function encodeExample(t: FramedTokenizer, prompt: string, answer: string): LoraSequence {
  const p = encodePrompt(t, prompt);
  const whole = t.tokenizer.encode(prompt + answer);
  const ids = Int32Array.from([
    ...(t.bos === null ? [] : [t.bos]),
    ...whole,
    ...(t.eos === null ? [] : [t.eos]),
  ]);
  let answerStart = 0;
  while (answerStart < p.length && p[answerStart] === ids[answerStart]) answerStart++;
  if (answerStart < 1 || answerStart >= ids.length) {
    throw new ModelError(`cannot split '${prompt}' from its answer: the prompt has no token of its own`);
  }
  return { ids, answerStart };
}
