import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../errors.ts";

export const SUPPORTED_FAMILIES = ["llama", "mistral", "qwen2"] as const;
export type Family = (typeof SUPPORTED_FAMILIES)[number];

/** The parts of config.json the forward pass needs, resolved and checked. */
export interface ModelConfig {
  family: Family;
  layers: number;
  dModel: number;
  dFfn: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocabSize: number;
  eps: number;
  ropeTheta: number;
  tieWordEmbeddings: boolean;
  /** Bias on q/k/v projections (always for qwen2; llama/mistral with attention_bias). */
  qkvBias: boolean;
  /** Bias on o_proj (llama attention_bias). */
  oBias: boolean;
  /** Bias on gate/up/down (llama mlp_bias). */
  mlpBias: boolean;
  /** Longest sequence the config's sliding window leaves exact (null: no window). */
  slidingWindow: number | null;
}

type Raw = Record<string, unknown>;

/** Reads DIR/config.json and checks that Strata can run it; errors name the field at fault. */
export function readModelConfig(dir: string): { config: ModelConfig; raw: Raw } {
  const file = join(dir, "config.json");
  let raw: Raw;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as Raw;
  } catch (err) {
    throw new ModelError(`${file}: cannot read config: ${(err as Error).message}`, file);
  }
  return { config: parseModelConfig(raw, file), raw };
}

export function parseModelConfig(raw: Raw, file = "config.json"): ModelConfig {
  const fail = (field: string, msg: string): never => {
    throw new ModelError(`${file}: ${field}: ${msg}`, file, field);
  };
  const mt = raw.model_type;
  if (typeof mt !== "string" || !(SUPPORTED_FAMILIES as readonly string[]).includes(mt)) {
    fail("model_type", `'${String(mt)}' is not supported (supported: ${SUPPORTED_FAMILIES.join(", ")})`);
  }
  const family = mt as Family;
  const int = (field: string, fallback?: number): number => {
    const v = raw[field] ?? fallback;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) {
      return fail(field, `expected a positive integer, got ${JSON.stringify(raw[field])}`);
    }
    return v;
  };
  const num = (field: string, fallback: number): number => {
    const v = raw[field] ?? fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
      return fail(field, `expected a positive number, got ${JSON.stringify(raw[field])}`);
    }
    return v;
  };
  const dModel = int("hidden_size");
  const heads = int("num_attention_heads");
  const kvHeads = int("num_key_value_heads", heads);
  if (heads % kvHeads !== 0)
    fail("num_key_value_heads", `${kvHeads} does not divide num_attention_heads ${heads}`);
  const headDim = raw.head_dim === undefined || raw.head_dim === null ? dModel / heads : int("head_dim");
  if (!Number.isInteger(headDim) || headDim % 2 !== 0)
    fail("head_dim", `head dimension ${headDim} must be an even integer`);
  const act = raw.hidden_act ?? raw.hidden_activation ?? "silu";
  if (act !== "silu") fail("hidden_act", `'${String(act)}' is not supported (only silu)`);
  if (raw.rope_scaling !== undefined && raw.rope_scaling !== null) {
    fail("rope_scaling", `${JSON.stringify(raw.rope_scaling)} is not supported (only plain RoPE)`);
  }
  const ropeParams = raw.rope_parameters as Raw | undefined;
  if (ropeParams && ropeParams.rope_type !== undefined && ropeParams.rope_type !== "default") {
    fail("rope_parameters.rope_type", `'${String(ropeParams.rope_type)}' is not supported`);
  }
  const ropeTheta =
    typeof ropeParams?.rope_theta === "number" ? ropeParams.rope_theta : num("rope_theta", 10000);
  const attentionBias = raw.attention_bias === true;
  let slidingWindow: number | null = null;
  const sw = raw.sliding_window;
  const swOn = family === "qwen2" ? raw.use_sliding_window === true : family === "mistral";
  if (swOn && typeof sw === "number" && sw > 0) slidingWindow = sw;
  return {
    family,
    layers: int("num_hidden_layers"),
    dModel,
    dFfn: int("intermediate_size"),
    heads,
    kvHeads,
    headDim,
    vocabSize: int("vocab_size"),
    eps: num("rms_norm_eps", 1e-6),
    ropeTheta,
    tieWordEmbeddings: raw.tie_word_embeddings === true,
    qkvBias: family === "qwen2" || attentionBias,
    oBias: family !== "qwen2" && attentionBias,
    mlpBias: family === "llama" && raw.mlp_bias === true,
    slidingWindow,
  };
}
