import { mulberry32 } from "../../contracts/index.ts";
import { ModelError } from "../errors.ts";
import type { Model } from "../model/model.ts";
import { AdamW, clipGradNorm, scheduledLr } from "./adamw.ts";
import {
  createLoraAdapters,
  DEFAULT_LORA_ALPHA,
  DEFAULT_LORA_RANK,
  type LoraAdapters,
  type LoraSpec,
} from "./adapters.ts";
import { type LoraSequence, loraForwardBackward } from "./forward-backward.ts";

export interface LoraTrainOptions extends Partial<LoraSpec> {
  /** Optimizer steps. */
  steps: number;
  /** Peak learning rate. */
  lr: number;
  /** Sequences per micro-batch. */
  batch: number;
  /** Micro-batches per optimizer step (gradient accumulation; default 1): a step sees batch x gradAccum sequences. */
  gradAccum?: number;
  /** Warm-up steps (default 10% of steps). */
  warmup?: number;
  /** AdamW's decoupled weight decay (default 0.01, torch's). */
  weightDecay?: number;
  /** Gradient norm clip per step (default 1.0, as Hugging Face's Trainer); 0 turns it off. */
  maxGradNorm?: number;
  /** Seeds the adapters' initialisation and the order examples are drawn in. */
  seed?: number;
  /** Adapters to continue training (default: fresh ones from rank, alpha and seed). */
  adapters?: LoraAdapters;
  onProgress?: (p: LoraTrainProgress) => void;
}

export interface LoraTrainProgress {
  step: number;
  steps: number;
  /** Mean answer-token cross-entropy of this step's sequences (before the update). */
  loss: number;
  lr: number;
  elapsedMs: number;
  /** Remaining time at the pace so far. */
  etaMs: number;
  /** Tokens (prompt and answer) run forward and backward per second so far. */
  tokensPerS: number;
}

export interface LoraTrainResult {
  adapters: LoraAdapters;
  /** Loss of each step. */
  losses: number[];
  /** Tokens run forward and backward. */
  tokens: number;
  ms: number;
}

/** Small seeded generator for the example order (mulberry32). */
export function seededRandom(seed: number): () => number {
  return mulberry32((seed >>> 0) ^ 0x9e3779b9);
}

/**
 * Trains LoRA adapters on `data` (loss on the answer tokens only) with AdamW, linear warm-up then
 * linear decay, gradient clipping and accumulation. Examples are drawn without replacement in a
 * seeded order, reshuffled each pass. Deterministic for a seed.
 */
export async function trainLora(
  model: Model,
  data: readonly LoraSequence[],
  opts: LoraTrainOptions,
): Promise<LoraTrainResult> {
  const { steps, lr, batch } = opts;
  const accum = opts.gradAccum ?? 1;
  if (data.length === 0) throw new ModelError("no training examples");
  for (const [name, v] of [
    ["steps", steps],
    ["batch", batch],
    ["gradAccum", accum],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ModelError(`${name} must be an integer >= 1, got ${v}`);
  }
  if (!(lr > 0)) throw new ModelError(`learning rate must be positive, got ${lr}`);
  const seed = opts.seed ?? 0;
  const adapters =
    opts.adapters ??
    createLoraAdapters(
      model.config,
      {
        rank: opts.rank ?? DEFAULT_LORA_RANK,
        alpha: opts.alpha ?? DEFAULT_LORA_ALPHA,
        ...(opts.targets ? { targets: opts.targets } : {}),
      },
      seed,
    );
  const params = adapters.parameters();
  const optimizer = new AdamW(
    params,
    opts.weightDecay === undefined ? {} : { weightDecay: opts.weightDecay },
  );
  const warmup = opts.warmup ?? Math.floor(steps / 10);
  const clip = opts.maxGradNorm ?? 1;
  const rand = seededRandom(seed + 1);
  let order: number[] = [];
  let pos = 0;
  const next = (): LoraSequence => {
    if (pos >= order.length) {
      order = Array.from({ length: data.length }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      pos = 0;
    }
    return data[order[pos++] as number] as LoraSequence;
  };
  const losses: number[] = [];
  let tokens = 0;
  const t0 = performance.now();
  for (let step = 1; step <= steps; step++) {
    const micro = Array.from({ length: accum }, () => Array.from({ length: batch }, next));
    const answerTokens = micro.flat().reduce((s, q) => s + q.ids.length - q.answerStart, 0);
    adapters.zeroGrad();
    let lossSum = 0;
    for (const mb of micro) {
      const r = loraForwardBackward(model, adapters, mb, answerTokens);
      lossSum += r.loss * r.tokens;
      tokens += r.seen;
    }
    if (clip > 0) clipGradNorm(params, clip);
    const rate = scheduledLr(lr, step, steps, warmup);
    optimizer.step(rate);
    const loss = lossSum / answerTokens;
    losses.push(loss);
    const elapsedMs = performance.now() - t0;
    opts.onProgress?.({
      step,
      steps,
      loss,
      lr: rate,
      elapsedMs,
      etaMs: (elapsedMs / step) * (steps - step),
      tokensPerS: tokens / (elapsedMs / 1000),
    });
    // Let timers (progress output) run between steps.
    await new Promise((r) => setImmediate(r));
  }
  return { adapters, losses, tokens, ms: performance.now() - t0 };
}
