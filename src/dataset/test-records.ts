import {
  type Dataset,
  emptyRecord,
  type ImportWarning,
  type ModelRecord,
  type V2ScoreRow,
} from "../contracts/index.ts";

/** A record with every field unknown, for tests to fill in. */
export function blankRecord(id: string): ModelRecord {
  return emptyRecord(id);
}

const cfg = "config" as const;

/**
 * Realistic rows: structures from the models' config.json files, v1 scores and likes from the leaderboard
 * v1 export (shared/data/leaderboard/open_llm_leaderboard_v1.csv), plus an invented quantized fine-tune
 * with an imputed structure and a v2-only model without v1 scores.
 */
export function sampleRecords(): ModelRecord[] {
  const llama = {
    ...blankRecord("meta-llama/Llama-2-7b-hf"),
    revision: "e8f058fa738b6b308540024e9aa12e274e291f75",
    kind: "pretrained" as const,
    architecture: "LlamaForCausalLM",
    model_type: "llama",
    layers: 32,
    d_model: 4096,
    d_ffn: 11008,
    heads: 32,
    kv_heads: 32,
    vocab_size: 32000,
    pos: 4096,
    activation: "silu",
    params_b: 6.74,
    provenance: {
      architecture: cfg,
      model_type: cfg,
      layers: cfg,
      d_model: cfg,
      d_ffn: cfg,
      heads: cfg,
      kv_heads: "computed" as const,
      vocab_size: cfg,
      pos: cfg,
      activation: cfg,
      params_b: "estimated" as const,
    },
    likes: 1523,
    license: "llama2",
    precision: "float16",
    submitted_at: "2023-08-19",
    arc: 53.07,
    hellaswag: 78.59,
    mmlu: 46.87,
    truthfulqa: 38.76,
    winogrande: 74.03,
    gsm8k: 14.48,
    average: 50.97,
  };
  const mistral = {
    ...blankRecord("mistralai/Mistral-7B-v0.1"),
    kind: "pretrained" as const,
    architecture: "MistralForCausalLM",
    model_type: "mistral",
    layers: 32,
    d_model: 4096,
    d_ffn: 14336,
    heads: 32,
    kv_heads: 8,
    vocab_size: 32000,
    pos: 32768,
    activation: "silu",
    params_b: 7.24,
    provenance: { ...llama.provenance, kv_heads: cfg },
    likes: 3259,
    license: "apache-2.0",
    precision: "float16",
    submitted_at: "2023-09-20",
    arc: 59.98,
    hellaswag: 83.31,
    mmlu: 64.16,
    truthfulqa: 42.15,
    winogrande: 78.37,
    gsm8k: 37.83,
    average: 60.97,
  };
  const mixtral = {
    ...mistral,
    id: "mistralai/Mixtral-8x7B-v0.1",
    architecture: "MixtralForCausalLM",
    model_type: "mixtral",
    moe_experts: 8,
    moe_active_experts: 2,
    is_moe: true,
    params_b: 46.7,
    provenance: { ...mistral.provenance, moe_experts: cfg, moe_active_experts: cfg },
    likes: 1576,
    arc: 66.38,
    hellaswag: 86.46,
    mmlu: 71.88,
    truthfulqa: 46.81,
    winogrande: 81.69,
    gsm8k: 57.62,
    average: 68.47,
  };
  const gpt2 = {
    ...blankRecord("openai-community/gpt2"),
    kind: "pretrained" as const,
    architecture: "GPT2LMHeadModel",
    model_type: "gpt2",
    layers: 12,
    d_model: 768,
    d_ffn: 3072,
    heads: 12,
    kv_heads: 12,
    vocab_size: 50257,
    pos: 1024,
    activation: "gelu_new",
    params_b: 0.124,
    provenance: { ...llama.provenance, d_ffn: "computed" as const },
    likes: 2035,
    downloads: 17000000,
    license: "mit",
    arc: 22.01,
    hellaswag: 31.53,
    mmlu: 25.83,
    truthfulqa: 40.69,
    winogrande: 50.43,
    gsm8k: 0.68,
    average: 28.53,
  };
  const imputed = {
    ...llama,
    id: "someorg/llama-2-7b-chat-quantized",
    revision: null,
    kind: "chat" as const,
    base_model: "meta-llama/Llama-2-7b-hf",
    imputed_from: "meta-llama/Llama-2-7b-hf",
    impute_confidence: 0.8,
    params_b: null,
    provenance: Object.fromEntries(Object.keys(llama.provenance).map((k) => [k, "imputed" as const])),
    likes: 0,
    precision: "GPTQ",
    warnings: [
      "params_b 0 in the export treated as missing",
      "structure imputed from meta-llama/Llama-2-7b-hf",
    ],
    arc: 52.9,
    hellaswag: 78.55,
    mmlu: 48.32,
    truthfulqa: 45.57,
    winogrande: 71.74,
    gsm8k: 7.35,
    average: 50.74,
  };
  const v2only = {
    ...blankRecord("Qwen/Qwen2.5-0.5B"),
    source: "leaderboard-v2",
    kind: "pretrained" as const,
    architecture: "Qwen2ForCausalLM",
    model_type: "qwen2",
    layers: 24,
    d_model: 896,
    d_ffn: 4864,
    heads: 14,
    kv_heads: 2,
    vocab_size: 151936,
    pos: 32768,
    activation: "silu",
    params_b: 0.494,
    provenance: { ...llama.provenance, kv_heads: cfg, params_b: "leaderboard" as const },
    created_at: "2024-09-15T12:00:00.000Z",
    license: "apache-2.0",
  };
  return [llama, mistral, mixtral, gpt2, imputed, v2only];
}

export function sampleV2(): V2ScoreRow[] {
  return [
    {
      id: "Qwen/Qwen2.5-0.5B",
      revision: "2630d3d2321bc1f1878f702166d1b2af019a7310",
      precision: "bfloat16",
      kind: "pretrained",
      architecture: "Qwen2ForCausalLM",
      params_b: 0.5,
      is_merged: false,
      is_moe: false,
      flagged: false,
      likes: 120,
      license: "apache-2.0",
      base_model: null,
      uploaded_at: "2024-09-15",
      submitted_at: "2024-09-19",
      ifeval: 16.27,
      bbh: 6.95,
      math: 3.93,
      gpqa: 0.0,
      musr: 2.08,
      mmlu_pro: 10.06,
      average: 6.55,
    },
  ];
}

export function sampleWarnings(): ImportWarning[] {
  return [
    {
      file: "open_llm_leaderboard_v1.csv",
      line: 17,
      field: "params_b",
      message: "params_b 0 treated as missing",
    },
    { file: "open_llm_leaderboard_v1.csv", line: 4021, message: "row has 23 fields, expected 24: skipped" },
    { file: "base-models.json", line: null, field: "d_ffn", message: "implausible d_ffn 13100072 dropped" },
  ];
}

export function sampleDataset(): Dataset {
  return {
    records: sampleRecords(),
    v2: sampleV2(),
    warnings: sampleWarnings(),
    meta: { builtAt: "2026-11-25T18:00:00.000Z", source: "test fixture", counts: { v1Rows: 5, v2Rows: 1 } },
  };
}
