import { ModelError } from "../errors.ts";
import type { LinearAdapter } from "../model/adapter.ts";
import { MATRIX_NAMES, type MatrixName } from "../model/backward.ts";
import type { ModelConfig } from "../model/config.ts";
import { unitUniformRng } from "../model/random-checkpoint.ts";
import type { Backend } from "../tensor/backend.ts";

/** LoRA's shape: rank r, scale alpha / r, and the projections it adapts (PEFT's "all-linear": all seven). */
export interface LoraSpec {
  rank: number;
  alpha: number;
  targets?: readonly MatrixName[];
}

export const DEFAULT_LORA_RANK = 8;
export const DEFAULT_LORA_ALPHA = 16;

/**
 * One adapted projection W (dOut x dIn): W x + (alpha / r) B A x with A r x dIn and B dOut x r, in
 * PEFT's layout (lora_A.weight is A, lora_B.weight is B). gA and gB accumulate gradients.
 */
export interface LoraPair {
  layer: number;
  matrix: MatrixName;
  dIn: number;
  dOut: number;
  a: Float32Array;
  b: Float32Array;
  gA: Float32Array;
  gB: Float32Array;
}

/** Input and output widths of each projection of a decoder layer. */
export function projectionShape(c: ModelConfig, m: MatrixName): { dIn: number; dOut: number } {
  const qd = c.heads * c.headDim;
  const kd = c.kvHeads * c.headDim;
  switch (m) {
    case "q":
      return { dIn: c.dModel, dOut: qd };
    case "k":
    case "v":
      return { dIn: c.dModel, dOut: kd };
    case "o":
      return { dIn: qd, dOut: c.dModel };
    case "gate":
    case "up":
      return { dIn: c.dModel, dOut: c.dFfn };
    case "down":
      return { dIn: c.dFfn, dOut: c.dModel };
    default:
      m satisfies never;
      throw new ModelError(`unknown projection ${String(m)}`);
  }
}

/** The LoRA adapters of every layer of one model: their values, gradients and the per-layer hooks. */
export class LoraAdapters {
  readonly scale: number;
  readonly targets: readonly MatrixName[];
  private readonly byKey = new Map<string, LoraPair>();

  constructor(
    readonly config: ModelConfig,
    readonly rank: number,
    readonly alpha: number,
    readonly pairs: readonly LoraPair[],
  ) {
    this.scale = alpha / rank;
    for (const p of pairs) this.byKey.set(`${p.layer}.${p.matrix}`, p);
    this.targets = MATRIX_NAMES.filter((m) => pairs.some((p) => p.matrix === m));
  }

  get(layer: number, m: MatrixName): LoraPair | undefined {
    return this.byKey.get(`${layer}.${m}`);
  }

  /** Trainable values: every A and B, with their gradients, in a fixed order. */
  parameters(): { value: Float32Array; grad: Float32Array }[] {
    return this.pairs.flatMap((p) => [
      { value: p.a, grad: p.gA },
      { value: p.b, grad: p.gB },
    ]);
  }

  parameterCount(): number {
    return this.pairs.reduce((s, p) => s + p.a.length + p.b.length, 0);
  }

  /** A copy of the values (fresh zero gradients). */
  clone(): LoraAdapters {
    const pairs = this.pairs.map((p) => ({
      ...p,
      a: Float32Array.from(p.a),
      b: Float32Array.from(p.b),
      gA: new Float32Array(p.a.length),
      gB: new Float32Array(p.b.length),
    }));
    return new LoraAdapters(this.config, this.rank, this.alpha, pairs);
  }

  zeroGrad(): void {
    for (const p of this.pairs) {
      p.gA.fill(0);
      p.gB.fill(0);
    }
  }

  /** The hook layerForward/layerBackward call for layer i (null when no projection of it is adapted). */
  layerAdapter(i: number, be: Backend): LinearAdapter | null {
    if (!this.pairs.some((p) => p.layer === i)) return null;
    const r = this.rank;
    const scale = this.scale;
    const pair = (m: MatrixName) => this.get(i, m);
    return {
      forward(m, x, T, y) {
        const p = pair(m);
        if (!p) return;
        const u = new Float32Array(T * r);
        be.gemm(false, true, T, r, p.dIn, 1, x, p.dIn, p.a, p.dIn, 0, u, r);
        be.gemm(false, true, T, p.dOut, r, scale, u, r, p.b, r, 1, y, p.dOut);
      },
      backward(m, x, dy, T, dx) {
        const p = pair(m);
        if (!p) return;
        // u = x A^T (recomputed: T x r is cheap); dB += s dy^T u; du = s dy B; dA += du^T x; dx += du A.
        const u = new Float32Array(T * r);
        be.gemm(false, true, T, r, p.dIn, 1, x, p.dIn, p.a, p.dIn, 0, u, r);
        be.gemm(true, false, p.dOut, r, T, scale, dy, p.dOut, u, r, 1, p.gB, r);
        const du = new Float32Array(T * r);
        be.gemm(false, false, T, r, p.dOut, scale, dy, p.dOut, p.b, r, 0, du, r);
        be.gemm(true, false, r, p.dIn, T, 1, du, r, x, p.dIn, 1, p.gA, p.dIn);
        be.gemm(false, false, T, p.dIn, r, 1, du, r, p.a, p.dIn, 1, dx, p.dIn);
      },
    };
  }
}

/**
 * Fresh adapters as PEFT initialises them: A uniform on +-1/sqrt(dIn) (kaiming_uniform with a = sqrt(5)),
 * B zero, so the adapted model starts equal to the base. Deterministic under `seed`.
 */
export function createLoraAdapters(config: ModelConfig, spec: LoraSpec, seed = 0): LoraAdapters {
  const { rank, alpha } = spec;
  if (!Number.isInteger(rank) || rank < 1)
    throw new ModelError(`LoRA rank must be an integer >= 1, got ${rank}`);
  if (!(alpha > 0)) throw new ModelError(`LoRA alpha must be positive, got ${alpha}`);
  const targets = spec.targets ?? MATRIX_NAMES;
  const rng = unitUniformRng(seed * 7919 + 17);
  const pairs: LoraPair[] = [];
  for (let layer = 0; layer < config.layers; layer++) {
    for (const matrix of MATRIX_NAMES) {
      if (!targets.includes(matrix)) continue;
      const { dIn, dOut } = projectionShape(config, matrix);
      const a = new Float32Array(rank * dIn);
      const bound = 1 / Math.sqrt(dIn);
      for (let j = 0; j < a.length; j++) a[j] = (bound / Math.sqrt(3)) * rng();
      pairs.push({
        layer,
        matrix,
        dIn,
        dOut,
        a,
        b: new Float32Array(dOut * rank),
        gA: new Float32Array(a.length),
        gB: new Float32Array(dOut * rank),
      });
    }
  }
  return new LoraAdapters(config, rank, alpha, pairs);
}
