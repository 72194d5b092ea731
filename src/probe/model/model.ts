import { totalmem } from "node:os";
import { ModelError } from "../errors.ts";
import type { CausalLM, IncrementalLM } from "../lm.ts";
import { type Backend, type BackendChoice, createBackend } from "../tensor/index.ts";
import { type Branch, forwardBranches } from "./branches.ts";
import { type ModelConfig, readModelConfig } from "./config.ts";
import { KvCache, type KvLayer } from "./kv-cache.ts";
import { layerForward, layerForwardKv, rmsNorm } from "./layer.ts";
import { ropeTables } from "./rope.ts";
import { indexTensors, type LayerWeights, WeightStore } from "./weights.ts";

/** Keep every widened layer in memory when all weights fit in this many float32 bytes. */
export const DEFAULT_CACHE_LIMIT_BYTES = 6 * 1024 ** 3;
/**
 * Otherwise keep the stored-dtype bytes in memory when they take at most this share of physical memory;
 * beyond it re-read each layer from the files ("disk"). Every forward widens each layer once in either
 * mode, so holding the stored bytes saves only the read, which the OS page cache serves from memory
 * anyway: on a Llama-2-7B-shaped BF16 model (2 cores, 24 GiB) BI over 512 tokens took 3 min 2 s at
 * 13.3 GiB peak RSS kept "stored" and 1 min 48 s at 1.1 GiB from "disk" (bench/probe-7b.bench.ts).
 */
export const STORED_CACHE_MEMORY_SHARE = 0.25;

/**
 * Where weights live between uses: "f32" keeps every widened layer; "stored" keeps the raw stored-dtype
 * bytes (BF16: half of F32) and widens one layer at a time; "disk" re-reads each layer from the files.
 */
export const WEIGHT_CACHING = ["f32", "stored", "disk"] as const;
export type WeightCaching = (typeof WEIGHT_CACHING)[number];

export interface LoadModelOptions {
  /** A backend instance, or which one to create (default "auto": OpenBLAS when present). */
  backend?: Backend | BackendChoice;
  /**
   * Default: "f32" when the widened model is under DEFAULT_CACHE_LIMIT_BYTES, else "stored" when the
   * stored bytes fit in STORED_CACHE_MEMORY_SHARE of physical memory, else "disk". (A 7B BF16 model on
   * 24 GiB: "disk", one float32 layer of ~0.8 GB at a time plus the lm_head when logits are needed.)
   */
  caching?: WeightCaching;
  /** Layers to skip at run time (for comparing against a pruned checkpoint). */
  skipLayers?: number[];
}

export interface ForwardResult {
  /** T x vocabSize, row-major. */
  logits: Float32Array;
  /** hidden[i] enters layer i (i < layers); hidden[layers] is the state before the final norm. T x dModel each. */
  hidden: Float32Array[] | null;
}

/** A loaded llama/mistral/qwen2 checkpoint. Weights stay on disk in their stored dtype until a layer is used. */
export class Model implements CausalLM, IncrementalLM {
  readonly vocabSize: number;
  /** Layer indices that run, in order (all of them unless skipLayers was given). */
  readonly activeLayers: number[];
  private readonly layerCache = new Map<number, LayerWeights>();
  private lastLayer: { i: number; w: LayerWeights } | null = null;
  private embedCache: Float32Array | null = null;
  private headCache: Float32Array | null = null;
  private normCache: Float32Array | null = null;

  constructor(
    readonly dir: string,
    readonly config: ModelConfig,
    readonly rawConfig: Record<string, unknown>,
    readonly weights: WeightStore,
    readonly backend: Backend,
    readonly caching: WeightCaching,
    skipLayers: number[],
  ) {
    this.vocabSize = config.vocabSize;
    for (const s of skipLayers) {
      if (!Number.isInteger(s) || s < 0 || s >= config.layers) {
        throw new ModelError(`skip layer ${s} is out of range 0..${config.layers - 1}`);
      }
    }
    this.activeLayers = Array.from({ length: config.layers }, (_, i) => i).filter(
      (i) => !skipLayers.includes(i),
    );
  }

  /** Float32 weights of layer i (cached, or widened now and kept until another layer is asked for). */
  layer(i: number): LayerWeights {
    const hit = this.layerCache.get(i) ?? (this.lastLayer?.i === i ? this.lastLayer.w : undefined);
    if (hit) return hit;
    // Let the previous layer's float32 copy go before widening the next (a 7B layer is 0.8 GB).
    this.lastLayer = null;
    const w = this.weights.layer(i);
    if (this.caching === "f32") this.layerCache.set(i, w);
    else this.lastLayer = { i, w };
    return w;
  }

  embedding(): Float32Array {
    this.embedCache ??= this.weights.f32("model.embed_tokens.weight", [
      this.config.vocabSize,
      this.config.dModel,
    ]);
    return this.embedCache;
  }

  /** The output projection (vocab x d): lm_head, or the embedding when tied. */
  lmHead(): Float32Array {
    if (this.headCache) return this.headCache;
    const c = this.config;
    const tied = c.tieWordEmbeddings || !this.weights.has("lm_head.weight");
    this.headCache = tied ? this.embedding() : this.weights.f32("lm_head.weight", [c.vocabSize, c.dModel]);
    return this.headCache;
  }

  finalNorm(): Float32Array {
    this.normCache ??= this.weights.f32("model.norm.weight", [this.config.dModel]);
    return this.normCache;
  }

  /**
   * Rows of the embedding for `ids` (T x d). Unless every weight is kept widened ("f32"), only those rows
   * are widened: an untied 7B model then never holds its 0.5 GB float32 embedding.
   */
  embed(ids: Int32Array): Float32Array {
    const { dModel: d, vocabSize: V } = this.config;
    ids.forEach((id, t) => {
      if (!Number.isInteger(id) || id < 0 || id >= V)
        throw new ModelError(`token id ${id} at position ${t} is outside the vocabulary (0..${V - 1})`);
    });
    if (this.caching !== "f32" && this.embedCache === null) {
      return this.weights.f32Rows("model.embed_tokens.weight", [V, d], ids);
    }
    const e = this.embedding();
    const x = new Float32Array(ids.length * d);
    ids.forEach((id, t) => {
      x.set(e.subarray(id * d, (id + 1) * d), t * d);
    });
    return x;
  }

  checkLength(T: number): void {
    if (T === 0) throw new ModelError("empty token sequence");
    const sw = this.config.slidingWindow;
    if (sw !== null && T > sw) {
      throw new ModelError(
        `sequence of ${T} tokens exceeds sliding_window ${sw}, which Strata does not implement`,
      );
    }
  }

  /**
   * Final norm + lm_head on rows from..T-1 of the last hidden state (T x d) -> (T - from) x V logits.
   * Only the rows asked for are normalised and projected: log-likelihoods need few of them.
   */
  head(h: Float32Array, T: number, from = 0): { logits: Float32Array; hn: Float32Array; r: Float32Array } {
    const c = this.config;
    const rows = T - from;
    const { y: hn, r } = rmsNorm(h.subarray(from * c.dModel), rows, c.dModel, this.finalNorm(), c.eps);
    const logits = new Float32Array(rows * c.vocabSize);
    this.backend.gemm(
      false,
      true,
      rows,
      c.vocabSize,
      c.dModel,
      1,
      hn,
      c.dModel,
      this.lmHead(),
      c.dModel,
      0,
      logits,
      c.vocabSize,
    );
    return { logits, hn, r };
  }

  /** Full forward of one sequence. */
  forward(ids: Int32Array, opts: { hidden?: boolean } = {}): ForwardResult {
    const T = ids.length;
    this.checkLength(T);
    const rope = ropeTables(T, this.config.headDim, this.config.ropeTheta);
    let h = this.embed(ids);
    const hidden: Float32Array[] | null = opts.hidden ? [h] : null;
    for (const i of this.activeLayers) {
      h = layerForward(this.backend, this.config, this.layer(i), h, T, rope, false).out;
      hidden?.push(h);
    }
    return { logits: this.head(h, T).logits, hidden };
  }

  logits(ids: Int32Array): Float32Array {
    return this.forward(ids).logits;
  }

  /** An empty KV cache for forwardCached (one KvLayer per layer that runs). */
  createCache(): KvCache {
    return new KvCache(this.activeLayers.length, this.config.kvHeads * this.config.headDim);
  }

  /**
   * Runs `ids` as the positions after those already in `cache` (appending their keys and values) and
   * returns the logits of the last `logitRows` of them (logitRows x V; default the last one only).
   */
  forwardCached(ids: Int32Array, cache: KvCache, logitRows = 1): Float32Array {
    if (!(cache instanceof KvCache)) throw new ModelError("forwardCached needs a cache from createCache()");
    const T = ids.length;
    const start = cache.length;
    this.checkLength(start + T);
    if (cache.layers.length !== this.activeLayers.length) {
      throw new ModelError(
        `the cache has ${cache.layers.length} layers, the model runs ${this.activeLayers.length}`,
      );
    }
    if (!Number.isInteger(logitRows) || logitRows < 0 || logitRows > T) {
      throw new ModelError(`logitRows ${logitRows} must lie in 0..${T}`);
    }
    const rope = ropeTables(T, this.config.headDim, this.config.ropeTheta, start);
    let h = this.embed(ids);
    this.activeLayers.forEach((i, k) => {
      h = layerForwardKv(this.backend, this.config, this.layer(i), h, T, rope, cache.layers[k] as KvLayer);
    });
    if (logitRows === 0) return new Float32Array(0);
    return this.head(h, T, T - logitRows).logits;
  }

  /** See forwardBranches: logits of the given rows of branches that continue one shared prefix. */
  branchLogits(prefix: Int32Array, branches: readonly Branch[]): Float32Array[] {
    return forwardBranches(this, prefix, branches);
  }
}

/** Opens a model folder (config.json + safetensors). Reads headers only; weights load on first use. */
export function loadModel(dir: string, opts: LoadModelOptions = {}): Model {
  const { config, raw } = readModelConfig(dir);
  const { tensors } = indexTensors(dir);
  const probe = new WeightStore(dir, tensors, config);
  const caching: WeightCaching =
    opts.caching ??
    (probe.f32Bytes() <= DEFAULT_CACHE_LIMIT_BYTES
      ? "f32"
      : probe.storedBytes() <= STORED_CACHE_MEMORY_SHARE * totalmem()
        ? "stored"
        : "disk");
  const store = new WeightStore(dir, tensors, config, caching === "stored");
  const backend = typeof opts.backend === "object" ? opts.backend : createBackend(opts.backend ?? "auto");
  return new Model(dir, config, raw, store, backend, caching, opts.skipLayers ?? []);
}
