import { StrataError } from "../../errors.ts";
import type { PyRandom } from "../eval/py-random.ts";

/** Generation cannot run as asked (a bad option, a model answering with the wrong width). */
export class GenerationError extends StrataError {}

/** How the next token is chosen from one row of logits. */
export interface SamplingOptions {
  /** 0 (default): greedy, the first highest logit. Above 0: sample from softmax(logits / temperature). */
  temperature?: number;
  /** Nucleus sampling: keep the most likely tokens whose probabilities reach this mass (default 1: all). */
  topP?: number;
}

/** Index of the first maximum. */
export function argmaxRow(logits: Float32Array, off: number, n: number): number {
  let arg = 0;
  let best = logits[off] as number;
  for (let v = 1; v < n; v++) {
    const x = logits[off + v] as number;
    if (x > best) {
      best = x;
      arg = v;
    }
  }
  return arg;
}

/** Checks temperature and top-p, naming the option at fault. */
export function checkSampling(o: SamplingOptions): void {
  const t = o.temperature ?? 0;
  if (!Number.isFinite(t) || t < 0) throw new GenerationError(`temperature must be a number >= 0, got ${t}`);
  const p = o.topP ?? 1;
  if (!Number.isFinite(p) || p <= 0 || p > 1) throw new GenerationError(`top-p must lie in (0, 1], got ${p}`);
}

/**
 * Picks the next token from row `off` of `logits` (n wide): greedy at temperature 0, else a draw from
 * the tempered softmax restricted to the top-p nucleus, using `rng` (seeded, so runs repeat).
 */
export function pickToken(
  logits: Float32Array,
  off: number,
  n: number,
  o: SamplingOptions,
  rng: PyRandom,
): number {
  const t = o.temperature ?? 0;
  if (t === 0) return argmaxRow(logits, off, n);
  const max = logits[off + argmaxRow(logits, off, n)] as number;
  const p = new Float64Array(n);
  let z = 0;
  for (let v = 0; v < n; v++) {
    const e = Math.exp(((logits[off + v] as number) - max) / t);
    p[v] = e;
    z += e;
  }
  const order = Array.from({ length: n }, (_, v) => v).sort(
    (a, b) => (p[b] as number) - (p[a] as number) || a - b,
  );
  const topP = o.topP ?? 1;
  let kept = 0;
  let mass = 0;
  while (kept < n && (kept === 0 || mass < topP * z)) mass += p[order[kept++] as number] as number;
  let u = rng.random() * mass;
  for (let i = 0; i < kept; i++) {
    const v = order[i] as number;
    u -= p[v] as number;
    if (u < 0) return v;
  }
  return order[kept - 1] as number;
}
