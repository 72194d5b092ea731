/**
 * The one table of config.json key aliases, and the per-family traits the normalizer and the parameter
 * estimate need. Keys are tried in order; the first one present with a non-null value wins. A dotted key
 * ("attn_config.kv_n_heads") reads a nested object.
 *
 * Per-family rows replace the generic list for that field (they do not append to it), so a family that
 * spells a field differently cannot pick up an unrelated generic key by accident.
 */

/** Structure fields read from config keys (the others are derived: architecture, multimodal, params_b). */
export type AliasField =
  | "layers"
  | "d_model"
  | "d_ffn"
  | "heads"
  | "kv_heads"
  | "vocab_size"
  | "pos"
  | "activation"
  | "moe_experts"
  | "moe_active_experts";

export const GENERIC_ALIASES: Record<AliasField, readonly string[]> = {
  layers: ["num_hidden_layers", "n_layer", "n_layers", "num_layers"],
  d_model: ["hidden_size", "n_embd", "n_embed", "d_model", "dim"],
  d_ffn: ["intermediate_size", "n_inner", "ffn_hidden_size", "ffn_dim", "d_ff", "ffn_config.ffn_hidden_size"],
  heads: ["num_attention_heads", "n_head", "n_heads", "num_heads"],
  kv_heads: [
    "num_key_value_heads",
    "num_kv_heads",
    "n_head_kv",
    "n_kv_heads",
    "attn_config.kv_n_heads",
    "multi_query_group_num",
  ],
  vocab_size: ["vocab_size", "padded_vocab_size", "n_vocab"],
  pos: [
    "max_position_embeddings",
    "n_positions",
    "max_seq_len",
    "max_sequence_length",
    "seq_length",
    "n_ctx",
  ],
  activation: [
    "hidden_activation",
    "hidden_act",
    "activation_function",
    "activation_type",
    "ffn_config.ffn_act_fn.name",
    "dense_act_fn",
    "feed_forward_proj",
  ],
  moe_experts: [
    "num_local_experts",
    "num_experts",
    "n_routed_experts",
    "moe_num_experts",
    "ffn_config.moe_num_experts",
  ],
  moe_active_experts: [
    "num_experts_per_tok",
    "moe_topk",
    "moe_top_k",
    "ffn_config.moe_top_k",
    "num_selected_experts",
  ],
};

/** How a family's d_ffn is derived when the config does not give the per-matrix width directly. */
export type FfnRule =
  /** Read the alias as is. */
  | { kind: "read" }
  /** Absent: `factor * d_model` (GPT-2 style n_inner=null means 4*d_model). */
  | { kind: "times-d-model"; factor: number }
  /** MPT: expansion_ratio * d_model. */
  | { kind: "ratio-key"; key: string; fallback: number }
  /**
   * The key holds the fused gate+up width (remote-code Qwen, original OLMo): the per-matrix width is half.
   * When absent, `ratioKey * d_model / 2` if the config has that ratio.
   */
  | { kind: "halved"; ratioKey?: string };

export interface FamilyTraits {
  /** Field -> alias list replacing the generic one. */
  aliases?: Partial<Record<AliasField, readonly string[]>>;
  ffn: FfnRule;
  /** Gated MLP (SwiGLU/GeGLU: gate, up, down = 3 matrices) vs plain (up, down = 2). */
  gatedMlp: boolean;
  /** Tied input/output embeddings when the config has no tie_word_embeddings key (the config class default). */
  tiedByDefault: boolean;
  /** Activation when the config names none (the family's hard-coded one). */
  defaultActivation?: string;
  /** Learned absolute position embeddings (a pos x d_model table). */
  learnedPositions?: boolean;
  /** No attention heads at all (RNN / state-space). */
  attentionFree?: boolean;
  /** The family has no fixed context length: pos stays null even if a training-length key exists. */
  noFixedPositions?: boolean;
  /** Which parameter-count formula applies. */
  body: "transformer" | "rwkv" | "mamba" | "encoder-decoder";
}

const GATED: FamilyTraits = {
  ffn: { kind: "read" },
  gatedMlp: true,
  tiedByDefault: false,
  body: "transformer",
};
const GATED_TIED: FamilyTraits = { ...GATED, tiedByDefault: true };

/**
 * Per-family rows. `model_type` values are lower-cased before lookup; legacy names map to the same row.
 * Sources: each family's transformers configuration_*.py defaults and the public config.json files under
 * fixtures/ (see fixtures/SOURCES.md).
 */
export const FAMILIES: Record<string, FamilyTraits> = {
  llama: GATED,
  mistral: GATED,
  mixtral: GATED,
  qwen2: GATED,
  qwen2_moe: {
    ...GATED,
    // intermediate_size is the width of the (rare) dense layers; experts use moe_intermediate_size.
    aliases: { d_ffn: ["moe_intermediate_size", "intermediate_size"] },
  },
  // Remote-code QWenLMHeadModel (Qwen-7B/14B/72B): its MLP builds w1 and w2 with intermediate_size // 2
  // each, so the config's 22016 for Qwen-7B is the fused width and each matrix is 11008 wide.
  qwen: {
    ...GATED,
    aliases: { d_ffn: ["intermediate_size", "ffn_hidden_size"] },
    ffn: { kind: "halved" },
    defaultActivation: "silu",
  },
  gemma: { ...GATED_TIED, defaultActivation: "gelu_pytorch_tanh" },
  gemma2: { ...GATED_TIED, defaultActivation: "gelu_pytorch_tanh" },
  phi: {
    ffn: { kind: "times-d-model", factor: 4 },
    gatedMlp: false,
    tiedByDefault: false,
    defaultActivation: "gelu_new",
    body: "transformer",
  },
  phi3: GATED,
  stablelm: GATED,
  cohere: GATED_TIED,
  olmo: GATED,
  internlm2: GATED,
  internlm: GATED,
  // ChatGLM2/3: SwiGLU without a hidden_act key; multi_query_group_num is the KV head count.
  chatglm: { ...GATED, defaultActivation: "swiglu" },
  // Original OLMo (hf_olmo remote code): ff_proj outputs mlp_hidden_size (or mlp_ratio * d_model) and
  // SwiGLU splits it in two, so the per-matrix width is half of it.
  hf_olmo: {
    ...GATED,
    aliases: { d_ffn: ["mlp_hidden_size"], kv_heads: ["n_kv_heads"] },
    ffn: { kind: "halved", ratioKey: "mlp_ratio" },
  },
  deepseek_v2: {
    ...GATED,
    // Reported d_ffn is the routed expert width (contract: per expert for MoE); the dense first layer(s)
    // use intermediate_size, which the parameter estimate counts separately.
    aliases: { d_ffn: ["moe_intermediate_size", "intermediate_size"] },
  },
  deepseek_v3: { ...GATED, aliases: { d_ffn: ["moe_intermediate_size", "intermediate_size"] } },
  deepseek: { ...GATED, aliases: { d_ffn: ["moe_intermediate_size", "intermediate_size"] } },
  gpt2: {
    ffn: { kind: "times-d-model", factor: 4 },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "gelu_new",
    learnedPositions: true,
    body: "transformer",
  },
  gpt_neo: {
    ffn: { kind: "times-d-model", factor: 4 },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "gelu_new",
    learnedPositions: true,
    body: "transformer",
  },
  gptj: {
    ffn: { kind: "times-d-model", factor: 4 },
    gatedMlp: false,
    tiedByDefault: false,
    defaultActivation: "gelu_new",
    body: "transformer",
  },
  gpt_neox: {
    ffn: { kind: "times-d-model", factor: 4 },
    gatedMlp: false,
    tiedByDefault: false,
    defaultActivation: "gelu",
    body: "transformer",
  },
  gpt_bigcode: {
    ffn: { kind: "times-d-model", factor: 4 },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "gelu_pytorch_tanh",
    learnedPositions: true,
    body: "transformer",
  },
  opt: {
    ffn: { kind: "read" },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "relu",
    learnedPositions: true,
    body: "transformer",
  },
  // Bloom's MLP is always 4 * hidden_size (n_inner in some configs is unused); ALiBi, no positions.
  bloom: {
    aliases: { d_ffn: [] },
    ffn: { kind: "times-d-model", factor: 4 },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "gelu",
    noFixedPositions: true,
    body: "transformer",
  },
  falcon: {
    ffn: { kind: "times-d-model", factor: 4 },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "gelu",
    body: "transformer",
  },
  mpt: {
    ffn: { kind: "ratio-key", key: "expansion_ratio", fallback: 4 },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "gelu",
    body: "transformer",
  },
  starcoder2: {
    ffn: { kind: "read" },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "gelu_pytorch_tanh",
    body: "transformer",
  },
  t5: {
    aliases: {
      layers: ["num_decoder_layers", "num_layers"],
      d_ffn: ["d_ff"],
      heads: ["num_heads"],
      kv_heads: [],
      pos: ["n_positions"],
      activation: ["dense_act_fn", "feed_forward_proj"],
    },
    ffn: { kind: "read" },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "relu",
    body: "encoder-decoder",
  },
  rwkv: {
    aliases: { heads: [], kv_heads: [] },
    ffn: { kind: "times-d-model", factor: 4 },
    gatedMlp: false,
    tiedByDefault: false,
    defaultActivation: "relu_squared",
    attentionFree: true,
    noFixedPositions: true,
    body: "rwkv",
  },
  mamba: {
    aliases: { heads: [], kv_heads: [], pos: [] },
    // intermediate_size is the SSM inner width (expand * d_model); reported as d_ffn, see README.
    ffn: { kind: "ratio-key", key: "expand", fallback: 2 },
    gatedMlp: false,
    tiedByDefault: true,
    defaultActivation: "silu",
    attentionFree: true,
    noFixedPositions: true,
    body: "mamba",
  },
};

/** Legacy / alternative model_type spellings -> the row in FAMILIES. */
export const FAMILY_SYNONYMS: Record<string, string> = {
  refinedweb: "falcon",
  refinedwebmodel: "falcon",
  rw: "falcon",
  "phi-msft": "phi",
  mt5: "t5",
  umt5: "t5",
  longt5: "t5",
  codegen: "gptj",
  qwen2_5: "qwen2",
  qwen3: "qwen2",
  qwen3_moe: "qwen2_moe",
  yi: "llama",
  mamba2: "mamba",
};

/** Traits for a model_type we have no row for: a modern decoder (gated if the activation says so). */
export function defaultTraits(activation: string | null): FamilyTraits {
  const gated = activation !== null && /silu|swish|swiglu|geglu/i.test(activation);
  return { ffn: { kind: "read" }, gatedMlp: gated, tiedByDefault: true, body: "transformer" };
}

export function familyOf(modelType: string | null): string | null {
  if (modelType === null) return null;
  const t = modelType.toLowerCase();
  // Object.hasOwn: a model_type such as "constructor" must not reach Object.prototype.
  if (Object.hasOwn(FAMILY_SYNONYMS, t)) return FAMILY_SYNONYMS[t] ?? null;
  return Object.hasOwn(FAMILIES, t) ? t : null;
}

/** Where a multimodal wrapper nests its language model. */
export const TEXT_CONFIG_KEYS = [
  "text_config",
  "llm_config",
  "language_config",
  "text_model_config",
] as const;

/** Keys that mark a config as multimodal even when the text fields sit at the top level. */
export const MULTIMODAL_MARKERS = [
  "vision_config",
  "visual",
  "vision_tower",
  "mm_vision_tower",
  "audio_config",
];

/**
 * Defaults of the transformers config class for a nested text model that lists only some keys (llava's
 * text_config names model_type "llama" and a few overrides; LlamaConfig supplies the rest).
 */
export const NESTED_DEFAULTS: Record<string, Record<string, number | string>> = {
  llama: {
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    max_position_embeddings: 2048,
    vocab_size: 32000,
    hidden_act: "silu",
  },
  mistral: {
    hidden_size: 4096,
    intermediate_size: 14336,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    max_position_embeddings: 131072,
    vocab_size: 32000,
    hidden_act: "silu",
  },
  qwen2: {
    hidden_size: 4096,
    intermediate_size: 22016,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    max_position_embeddings: 32768,
    vocab_size: 151936,
    hidden_act: "silu",
  },
};
