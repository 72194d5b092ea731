import { MATRIX_NAMES } from "../model/backward.ts";
import { Model } from "../model/model.ts";
import type { LayerWeights } from "../model/weights.ts";
import type { LoraAdapters } from "./adapters.ts";

/** A model whose projections are W + (alpha / r) B A: runs (and generates) exactly as the adapter path. */
class MergedLoraModel extends Model {
  private readonly merged = new Map<number, LayerWeights>();

  constructor(
    base: Model,
    private readonly adapters: LoraAdapters,
  ) {
    const active = new Set(base.activeLayers);
    const skip = Array.from({ length: base.config.layers }, (_, i) => i).filter((i) => !active.has(i));
    super(base.dir, base.config, base.rawConfig, base.weights, base.backend, base.caching, skip);
  }

  override layer(i: number): LayerWeights {
    const hit = this.merged.get(i);
    if (hit) return hit;
    const w = { ...super.layer(i) };
    const ad = this.adapters;
    for (const m of MATRIX_NAMES) {
      const p = ad.get(i, m);
      if (!p) continue;
      const merged = Float32Array.from(w[m]);
      this.backend.gemm(
        false,
        false,
        p.dOut,
        p.dIn,
        ad.rank,
        ad.scale,
        p.b,
        ad.rank,
        p.a,
        p.dIn,
        1,
        merged,
        p.dIn,
      );
      w[m] = merged;
    }
    // Keep merged layers when the base keeps its float32 layers; otherwise merge again on each use.
    if (this.caching === "f32") this.merged.set(i, w);
    return w;
  }
}

/**
 * The base model with the adapters folded into its weights (a snapshot: later changes to the adapters
 * are not seen). Generation and evaluation code that takes a Model runs it unchanged.
 */
export function mergeLora(model: Model, adapters: LoraAdapters): Model {
  const snapshot = adapters.clone();
  return new MergedLoraModel(model, snapshot);
}
