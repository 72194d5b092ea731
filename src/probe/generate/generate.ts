import { PyRandom } from "../eval/py-random.ts";
import type { IncrementalLM, TextTokenizer } from "../lm.ts";
import { checkSampling, GenerationError, pickToken, type SamplingOptions } from "./sample.ts";

/** Default most new tokens (lm-evaluation-harness's max_gen_toks). */
export const DEFAULT_MAX_NEW_TOKENS = 256;

export interface GenerateOptions extends SamplingOptions {
  /** Most new tokens (default 256). */
  maxTokens?: number;
  /** Seed of the sampler (default 0); unused when greedy. */
  seed?: number;
  /** Stop strings: generation ends once the text contains one, and the text is cut before it. */
  stop?: readonly string[];
  /** Tokens that end generation when chosen (not included in the output). Default: the tokenizer's EOS. */
  stopIds?: readonly number[];
  /**
   * How the new tokens become text: "in-context" (default) decodes prompt + new tokens and keeps what
   * follows the prompt's text, so a leading space survives; "alone" decodes the new tokens by
   * themselves (what lm-evaluation-harness did for greedy_until).
   */
  detokenize?: "in-context" | "alone";
  /** Called after each new token with its id and the text so far (before stop strings are cut). */
  onToken?: (id: number, text: string) => void;
}

export interface Generation {
  /** The prompt's ids as the model saw them. */
  promptIds: number[];
  /** New token ids (a stop token is not included; the tokens that spelled a stop string are). */
  ids: number[];
  /** The new text, cut before the first stop string. */
  text: string;
  stoppedBy: "stop-token" | "stop-string" | "max-tokens";
  /** The stop token id or stop string that ended generation (null at max-tokens). */
  stop: number | string | null;
}

/**
 * Generates from `prompt` (ids, already tokenized as the caller wants) with the model's decoding cache:
 * the prompt runs once, then one position per new token, so the cost is prompt + new tokens rather
 * than a full forward per token. Greedy by default; temperature / top-p sampling with a seed.
 */
export function generate(
  lm: IncrementalLM,
  tok: TextTokenizer,
  prompt: Int32Array,
  opts: GenerateOptions = {},
): Generation {
  const maxTokens = opts.maxTokens ?? DEFAULT_MAX_NEW_TOKENS;
  if (!Number.isInteger(maxTokens) || maxTokens < 1)
    throw new GenerationError(`max tokens must be a positive integer, got ${maxTokens}`);
  if (prompt.length === 0) throw new GenerationError("the prompt has no tokens");
  checkSampling(opts);
  const stop = opts.stop ?? [];
  const stopIds = new Set(opts.stopIds ?? (tok.eosId === null ? [] : [tok.eosId]));
  const rng = new PyRandom(opts.seed ?? 0);
  const V = lm.vocabSize;
  const promptIds = Array.from(prompt);
  const promptText = opts.detokenize === "alone" ? "" : tok.decode(promptIds);
  const textOf = (ids: number[]): string => {
    if (opts.detokenize === "alone") return tok.decode(ids);
    const all = tok.decode([...promptIds, ...ids]);
    return all.startsWith(promptText) ? all.slice(promptText.length) : tok.decode(ids);
  };
  const cache = lm.createCache();
  let logits = lm.forwardCached(prompt, cache, 1);
  const ids: number[] = [];
  for (let step = 0; step < maxTokens; step++) {
    if (logits.length !== V) {
      throw new GenerationError(`model returned ${logits.length} logits for one position, expected ${V}`);
    }
    const next = pickToken(logits, 0, V, opts, rng);
    if (stopIds.has(next)) return { promptIds, ids, text: textOf(ids), stoppedBy: "stop-token", stop: next };
    ids.push(next);
    const text = textOf(ids);
    opts.onToken?.(next, text);
    const hit = firstStop(text, stop);
    if (hit !== null) {
      return { promptIds, ids, text: text.slice(0, hit.at), stoppedBy: "stop-string", stop: hit.stop };
    }
    if (step + 1 < maxTokens) logits = lm.forwardCached(Int32Array.of(next), cache, 1);
  }
  return { promptIds, ids, text: textOf(ids), stoppedBy: "max-tokens", stop: null };
}

/** The earliest occurrence of any stop string (ties: the first listed). */
function firstStop(text: string, stop: readonly string[]): { at: number; stop: string } | null {
  let best: { at: number; stop: string } | null = null;
  for (const s of stop) {
    if (s === "") continue;
    const at = text.indexOf(s);
    if (at >= 0 && (best === null || at < best.at)) best = { at, stop: s };
  }
  return best;
}
