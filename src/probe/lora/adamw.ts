/** A parameter the optimizer updates in place, with the gradient accumulated for it. */
export interface Param {
  value: Float32Array;
  grad: Float32Array;
}

export interface AdamWOptions {
  /** Decoupled weight decay (PyTorch's AdamW default 0.01). */
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/**
 * AdamW as torch.optim.AdamW computes it (decoupled decay: p -= lr * wd * p first, then the Adam step
 * with bias-corrected moments, eps added to sqrt(v_hat)). Moments are kept in float64.
 */
export class AdamW {
  private t = 0;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;

  constructor(
    readonly params: readonly Param[],
    opts: AdamWOptions = {},
  ) {
    this.weightDecay = opts.weightDecay ?? 0.01;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.m = params.map((p) => new Float64Array(p.value.length));
    this.v = params.map((p) => new Float64Array(p.value.length));
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** One update with learning rate `lr` from the gradients now in the params (they are left as they are). */
  step(lr: number): void {
    this.t++;
    const { beta1: b1, beta2: b2, eps } = this;
    const bc1 = 1 - b1 ** this.t;
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.t);
    const decay = 1 - lr * this.weightDecay;
    this.params.forEach((p, k) => {
      const m = this.m[k] as Float64Array;
      const v = this.v[k] as Float64Array;
      const { value, grad } = p;
      for (let i = 0; i < value.length; i++) {
        const g = grad[i] as number;
        const mi = b1 * (m[i] as number) + (1 - b1) * g;
        const vi = b2 * (v[i] as number) + (1 - b2) * g * g;
        m[i] = mi;
        v[i] = vi;
        const denom = Math.sqrt(vi) / sqrtBc2 + eps;
        value[i] = (value[i] as number) * decay - (lr / bc1) * (mi / denom);
      }
    });
  }
}

/** Euclidean norm of all gradients together. */
export function gradNorm(params: readonly Param[]): number {
  let s = 0;
  for (const p of params) for (let i = 0; i < p.grad.length; i++) s += (p.grad[i] as number) ** 2;
  return Math.sqrt(s);
}

/** Scales the gradients so their joint norm is at most maxNorm (torch clip_grad_norm_); returns the norm before. */
export function clipGradNorm(params: readonly Param[], maxNorm: number): number {
  const norm = gradNorm(params);
  if (norm > maxNorm && norm > 0) {
    const k = maxNorm / (norm + 1e-6);
    for (const p of params) for (let i = 0; i < p.grad.length; i++) p.grad[i] = (p.grad[i] as number) * k;
  }
  return norm;
}

/**
 * Learning rate of optimizer step `step` (1-based) of `total`: linear warm-up over the first `warmup`
 * steps (step/warmup of the peak), then linear decay to 1/(total - warmup) of it at the last step.
 */
export function scheduledLr(peak: number, step: number, total: number, warmup: number): number {
  if (warmup > 0 && step <= warmup) return (peak * step) / warmup;
  const rest = Math.max(1, total - warmup);
  return (peak * Math.max(1, total - step + 1)) / rest;
}
