/**
 * The normalized structure of one language model (DESIGN.md contract). Keys are exactly these;
 * `null` means unknown, never 0 or NaN.
 */
export interface Structure {
  /** config.json `architectures[0]`, e.g. "LlamaForCausalLM". */
  architecture: string | null;
  /** config.json `model_type` (of the text model for multimodal wrappers), e.g. "llama". */
  model_type: string | null;
  layers: number | null;
  d_model: number | null;
  /** Per-layer FFN width; per expert for MoE. */
  d_ffn: number | null;
  heads: number | null;
  kv_heads: number | null;
  vocab_size: number | null;
  /** Maximum position embeddings (context length); null for models without a fixed one. */
  pos: number | null;
  activation: string | null;
  moe_experts: number | null;
  moe_active_experts: number | null;
  multimodal: boolean;
  /** Total parameter count in billions. */
  params_b: number | null;
}

export const STRUCTURE_KEYS = [
  "architecture",
  "model_type",
  "layers",
  "d_model",
  "d_ffn",
  "heads",
  "kv_heads",
  "vocab_size",
  "pos",
  "activation",
  "moe_experts",
  "moe_active_experts",
  "multimodal",
  "params_b",
] as const satisfies readonly (keyof Structure)[];

/** The numeric structural columns used as regression features and in Table 1. */
export const NUMERIC_STRUCTURE_KEYS = [
  "layers",
  "d_model",
  "d_ffn",
  "heads",
  "kv_heads",
  "vocab_size",
  "pos",
  "moe_experts",
  "moe_active_experts",
  "params_b",
] as const satisfies readonly (keyof Structure)[];

/**
 * Where a value came from: read from config.json, computed from other config values (implicit widths),
 * imputed from a base model in the registry, estimated from the structure (params), reported by a
 * leaderboard export or the Hub's safetensors metadata.
 */
export type Provenance = "config" | "computed" | "imputed" | "estimated" | "leaderboard" | "hub";

export type StructureProvenance = Partial<Record<keyof Structure, Provenance>>;

/** A problem found while normalizing: an implausible value is kept out of the structure and flagged. */
export interface StructureWarning {
  field: keyof Structure | string;
  value: unknown;
  message: string;
}

export interface NormalizedConfig {
  structure: Structure;
  provenance: StructureProvenance;
  /** The raw config key each value was read from, e.g. { layers: "n_layer" }. */
  sources: Partial<Record<keyof Structure, string>>;
  warnings: StructureWarning[];
}

export function emptyStructure(): Structure {
  return {
    architecture: null,
    model_type: null,
    layers: null,
    d_model: null,
    d_ffn: null,
    heads: null,
    kv_heads: null,
    vocab_size: null,
    pos: null,
    activation: null,
    moe_experts: null,
    moe_active_experts: null,
    multimodal: false,
    params_b: null,
  };
}
