import { StrataError } from "../../errors.ts";
import { generate } from "../generate/generate.ts";
import type { CausalLM, IncrementalLM, TextTokenizer } from "../lm.ts";
import { withBos } from "../tokenizer.ts";
import { cutAtStops } from "./docs.ts";

/** Evaluation could not run (model output of the wrong size, a continuation that tokenizes to nothing...). */
export class EvaluationError extends StrataError {}

/**
 * How a (context, continuation) pair becomes tokens.
 * - "joint": tokenize context + continuation together and take the tokens past the context's own
 *   tokenization, after moving the context's trailing spaces onto the continuation (so the first
 *   continuation token is the one the model would really see),
 * - "separate": tokenize each on its own and concatenate.
 */
export type PairTokenization = "joint" | "separate";

export interface Loglikelihood {
  /** Sum of log-softmax of the continuation tokens. */
  logprob: number;
  /** Every continuation token is the argmax at its position. */
  isGreedy: boolean;
  /** Number of continuation tokens. */
  tokens: number;
}

export function encodePair(
  tok: TextTokenizer,
  context: string,
  continuation: string,
  mode: PairTokenization,
  bos = false,
): { context: Int32Array; continuation: Int32Array } {
  if (mode === "separate") {
    return { context: encodeContext(tok, context, bos), continuation: tok.encode(continuation) };
  }
  const trimmed = context.replace(/\s+$/u, "");
  const moved = context.slice(trimmed.length);
  const cont = moved + continuation;
  if (trimmed === "") {
    return { context: encodeContext(tok, "", bos), continuation: tok.encode(cont) };
  }
  const whole = tok.encode(trimmed + cont);
  const ctx = tok.encode(trimmed);
  return { context: withBos(tok, ctx, bos || undefined), continuation: whole.slice(ctx.length) };
}

/**
 * A context's ids: with `bos`, the tokenizer's BOS first (an empty context is then BOS alone); an
 * empty context without it becomes the end-of-text token, as the harness does.
 */
export function encodeContext(tok: TextTokenizer, context: string, bos = false): Int32Array {
  if (bos) return withBos(tok, tok.encode(context), true);
  if (context !== "") return tok.encode(context);
  if (tok.eosId === null)
    throw new EvaluationError("empty context and the tokenizer defines no end-of-text token");
  return Int32Array.of(tok.eosId);
}

async function logitsOf(model: CausalLM, ids: Int32Array): Promise<Float32Array> {
  const out = await model.logits(ids);
  if (out.length !== ids.length * model.vocabSize) {
    throw new EvaluationError(
      `model returned ${out.length} logits for ${ids.length} tokens x vocab ${model.vocabSize} (expected ${ids.length * model.vocabSize})`,
    );
  }
  return out;
}

/** log-softmax of one row at `target`, and whether `target` is the row's argmax. */
export function rowLogprob(
  logits: Float32Array,
  row: number,
  vocab: number,
  target: number,
): [number, boolean] {
  const off = row * vocab;
  let max = Number.NEGATIVE_INFINITY;
  let arg = 0;
  for (let v = 0; v < vocab; v++) {
    const x = logits[off + v] as number;
    if (x > max) {
      max = x;
      arg = v;
    }
  }
  let sum = 0;
  for (let v = 0; v < vocab; v++) sum += Math.exp((logits[off + v] as number) - max);
  const lp = (logits[off + target] as number) - max - Math.log(sum);
  return [lp, arg === target || (logits[off + target] as number) === max];
}

/** Log-likelihood of `continuation` after `context` (lm-evaluation-harness `loglikelihood`). */
export async function loglikelihood(
  model: CausalLM,
  tok: TextTokenizer,
  context: string,
  continuation: string,
  mode: PairTokenization = "joint",
  bos = false,
): Promise<Loglikelihood> {
  const pair = encodePair(tok, context, continuation, mode, bos);
  return loglikelihoodTokens(model, pair.context, pair.continuation);
}

export async function loglikelihoodTokens(
  model: CausalLM,
  context: Int32Array,
  continuation: Int32Array,
): Promise<Loglikelihood> {
  if (continuation.length === 0) throw new EvaluationError("continuation tokenizes to no tokens");
  if (context.length === 0) throw new EvaluationError("context tokenizes to no tokens");
  const whole = new Int32Array(context.length + continuation.length);
  whole.set(context, 0);
  whole.set(continuation, context.length);
  const input = whole.subarray(0, whole.length - 1);
  const logits = await logitsOf(model, input);
  let logprob = 0;
  let isGreedy = true;
  for (let j = 0; j < continuation.length; j++) {
    const [lp, greedy] = rowLogprob(
      logits,
      context.length - 1 + j,
      model.vocabSize,
      continuation[j] as number,
    );
    logprob += lp;
    isGreedy &&= greedy;
  }
  return { logprob, isGreedy, tokens: continuation.length };
}

export interface GreedyOptions {
  /** Stop strings: generation ends once one appears, and the text is cut before it. */
  until: readonly string[];
  /** Most new tokens (the harness's max_gen_toks is 256). */
  maxTokens?: number;
  /** Start the context with BOS (leaderboard v1 did not). */
  bos?: boolean;
}

/** The model's decoding cache, when it has one (probe/model's Model does). */
export function incremental(model: CausalLM): IncrementalLM | null {
  const m = model as Partial<IncrementalLM>;
  return typeof m.createCache === "function" && typeof m.forwardCached === "function"
    ? (model as unknown as IncrementalLM)
    : null;
}

export interface Generation {
  text: string;
  tokens: number;
  stoppedBy: "stop-string" | "eos" | "max-tokens";
}

/**
 * Greedy decoding from `context` (lm-evaluation-harness `greedy_until`): the new tokens decoded on
 * their own, cut at the stop strings. With a decoding cache (probe models) the context runs once and
 * each new token costs one position; otherwise one full forward per token.
 */
export async function greedyUntil(
  model: CausalLM,
  tok: TextTokenizer,
  context: string,
  opts: GreedyOptions,
): Promise<Generation> {
  const maxTokens = opts.maxTokens ?? 256;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new EvaluationError(`max generated tokens must be a positive integer, got ${maxTokens}`);
  }
  const ctx = encodeContext(tok, context, opts.bos);
  const lm = incremental(model);
  if (lm) {
    const g = generate(lm, tok, ctx, {
      maxTokens,
      stop: opts.until,
      stopIds: tok.eosId === null ? [] : [tok.eosId],
      detokenize: "alone",
    });
    const stoppedBy = g.stoppedBy === "stop-token" ? "eos" : g.stoppedBy;
    return { text: cutAtStops(tok.decode(g.ids), opts.until), tokens: g.ids.length, stoppedBy };
  }
  const ids: number[] = Array.from(ctx);
  const gen: number[] = [];
  const V = model.vocabSize;
  for (let step = 0; step < maxTokens; step++) {
    const input = Int32Array.from(ids);
    const logits = await logitsOf(model, input);
    const off = (input.length - 1) * V;
    let arg = 0;
    for (let v = 1; v < V; v++) if ((logits[off + v] as number) > (logits[off + arg] as number)) arg = v;
    if (tok.eosId !== null && arg === tok.eosId) {
      return { text: cutAtStops(tok.decode(gen), opts.until), tokens: gen.length, stoppedBy: "eos" };
    }
    gen.push(arg);
    ids.push(arg);
    const text = tok.decode(gen);
    if (opts.until.some((u) => text.includes(u))) {
      return { text: cutAtStops(text, opts.until), tokens: gen.length, stoppedBy: "stop-string" };
    }
  }
  return { text: cutAtStops(tok.decode(gen), opts.until), tokens: gen.length, stoppedBy: "max-tokens" };
}

/** One log-likelihood request: the continuation's tokens scored after the context. */
export interface LoglikelihoodRequest {
  context: string;
  continuation: string;
}

/** The model's shared-prefix scorer, when it has one (probe/model's Model does). */
type BranchLM = CausalLM & {
  branchLogits(prefix: Int32Array, branches: readonly { ids: Int32Array; from: number }[]): Float32Array[];
};
function branching(model: CausalLM): BranchLM | null {
  return typeof (model as Partial<BranchLM>).branchLogits === "function" ? (model as BranchLM) : null;
}

/**
 * Log-likelihoods of several continuations of one context. Continuations whose model input
 * (context + continuation minus its last token) is a prefix of another's share that forward pass:
 * MMLU's " A".." D" are one token each, so all four come from a single forward.
 */
export async function loglikelihoodMany(
  model: CausalLM,
  tok: TextTokenizer,
  context: string,
  continuations: readonly string[],
  mode: PairTokenization = "joint",
  bos = false,
): Promise<Loglikelihood[]> {
  return loglikelihoodBatch(
    model,
    tok,
    continuations.map((continuation) => ({ context, continuation })),
    mode,
    bos,
  );
}

/**
 * Log-likelihoods of the requests of one item (the choices of a question, the options of a WinoGrande
 * sentence). A model with `branchLogits` runs the requests' shared token prefix (the few-shot context)
 * once and computes the final norm and lm_head only at continuation positions; any other CausalLM gets
 * one full forward per distinct input (an input that is a prefix of another shares its forward).
 */
export async function loglikelihoodBatch(
  model: CausalLM,
  tok: TextTokenizer,
  requests: readonly LoglikelihoodRequest[],
  mode: PairTokenization = "joint",
  bos = false,
): Promise<Loglikelihood[]> {
  const pairs = requests.map((r) => encodePair(tok, r.context, r.continuation, mode, bos));
  const inputs = pairs.map((p) => {
    if (p.continuation.length === 0) throw new EvaluationError("continuation tokenizes to no tokens");
    if (p.context.length === 0) throw new EvaluationError("context tokenizes to no tokens");
    const whole = new Int32Array(p.context.length + p.continuation.length);
    whole.set(p.context, 0);
    whole.set(p.continuation, p.context.length);
    return whole.subarray(0, whole.length - 1);
  });
  const V = model.vocabSize;
  const score = (logits: Float32Array, firstRow: number, cont: Int32Array): Loglikelihood => {
    let logprob = 0;
    let isGreedy = true;
    for (let j = 0; j < cont.length; j++) {
      const [lp, g] = rowLogprob(logits, firstRow + j, V, cont[j] as number);
      logprob += lp;
      isGreedy &&= g;
    }
    return { logprob, isGreedy, tokens: cont.length };
  };
  const br = branching(model);
  if (br) {
    // The shared prefix stops before the first row any request needs logits for.
    let P = Math.min(...pairs.map((p) => p.context.length - 1));
    for (const input of inputs) P = Math.min(P, commonPrefix(input, inputs[0] as Int32Array));
    const prefix = (inputs[0] as Int32Array).subarray(0, P);
    const keys = new Map<string, number>();
    const branches: { ids: Int32Array; from: number }[] = [];
    const which = inputs.map((input, i) => {
      const ids = input.subarray(P);
      const from = (pairs[i]?.context.length ?? 0) - 1 - P;
      const key = `${from}:${ids.join(",")}`;
      let k = keys.get(key);
      if (k === undefined) {
        k = branches.length;
        keys.set(key, k);
        branches.push({ ids, from });
      }
      return k;
    });
    const logits = br.branchLogits(prefix, branches);
    return pairs.map((p, i) => {
      const rows = logits[which[i] as number] as Float32Array;
      if (rows.length !== p.continuation.length * V) {
        throw new EvaluationError(
          `model returned ${rows.length} logits for ${p.continuation.length} continuation tokens x vocab ${V}`,
        );
      }
      return score(rows, 0, p.continuation);
    });
  }
  const order = inputs.map((_, i) => i).sort((a, b) => (inputs[b]?.length ?? 0) - (inputs[a]?.length ?? 0));
  const runs: { input: Int32Array; logits: Float32Array }[] = [];
  const out = new Array<Loglikelihood>(pairs.length);
  for (const i of order) {
    const input = inputs[i] as Int32Array;
    let run = runs.find((r) => isPrefix(input, r.input));
    if (!run) {
      run = { input, logits: await logitsOf(model, input) };
      runs.push(run);
    }
    const p = pairs[i] as { context: Int32Array; continuation: Int32Array };
    out[i] = score(run.logits, p.context.length - 1, p.continuation);
  }
  return out;
}

function commonPrefix(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function isPrefix(a: Int32Array, b: Int32Array): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
