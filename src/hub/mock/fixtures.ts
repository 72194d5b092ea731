import type { MockModel } from "./mock-hub.ts";

/** A Llama-style config.json, the shape transformers writes. */
export function llamaConfig(
  layers: number,
  d: number,
  ffn: number,
  heads: number,
  kv: number,
): Record<string, unknown> {
  return {
    architectures: ["LlamaForCausalLM"],
    model_type: "llama",
    hidden_size: d,
    intermediate_size: ffn,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kv,
    vocab_size: 32000,
    max_position_embeddings: 4096,
    hidden_act: "silu",
    rms_norm_eps: 1e-5,
    torch_dtype: "float16",
    transformers_version: "4.31.0",
  };
}

const sha = (n: number): string => n.toString(16).padStart(40, "a");

/**
 * A small Hub with one model per situation the crawler must handle. Ids say what each one does.
 * Expected outcome per id is in `EXPECTED_STATUS`.
 */
export function scenarioModels(): MockModel[] {
  return [
    {
      id: "meta-llama/Llama-2-7b-hf",
      sha: sha(1),
      createdAt: "2023-07-13T16:00:00.000Z",
      likes: 2000,
      downloads: 900000,
      tags: ["transformers", "safetensors", "llama", "text-generation", "license:llama2"],
      library_name: "transformers",
      pipeline_tag: "text-generation",
      gated: "manual",
      safetensorsTotal: 6738415616,
      config: llamaConfig(32, 4096, 11008, 32, 32),
    },
    {
      id: "openai-community/gpt2",
      sha: sha(2),
      createdAt: "2022-03-02T23:29:04.000Z",
      likes: 2500,
      downloads: 12000000,
      tags: ["transformers", "pytorch", "gpt2", "text-generation", "license:mit"],
      library_name: "transformers",
      pipeline_tag: "text-generation",
      // .bin only: no safetensors metadata, params must be estimated.
      config: {
        architectures: ["GPT2LMHeadModel"],
        model_type: "gpt2",
        n_embd: 768,
        n_layer: 12,
        n_head: 12,
        n_positions: 1024,
        vocab_size: 50257,
        activation_function: "gelu_new",
      },
    },
    {
      id: "mistralai/Mixtral-8x7B-v0.1",
      sha: sha(3),
      createdAt: "2023-12-01T09:00:00.000Z",
      likes: 1600,
      downloads: 50000,
      tags: ["transformers", "safetensors", "mixtral", "text-generation", "moe", "license:apache-2.0"],
      library_name: "transformers",
      pipeline_tag: "text-generation",
      safetensorsTotal: 46702792704,
      faults: ["429", "500"],
      config: {
        architectures: ["MixtralForCausalLM"],
        model_type: "mixtral",
        hidden_size: 4096,
        intermediate_size: 14336,
        num_hidden_layers: 32,
        num_attention_heads: 32,
        num_key_value_heads: 8,
        num_local_experts: 8,
        num_experts_per_tok: 2,
        vocab_size: 32000,
        max_position_embeddings: 32768,
        hidden_act: "silu",
      },
    },
    {
      id: "llava-hf/llava-1.5-7b-hf",
      sha: sha(4),
      createdAt: "2023-12-05T10:00:00.000Z",
      likes: 300,
      downloads: 400000,
      tags: ["transformers", "safetensors", "llava", "image-text-to-text", "license:llama2"],
      library_name: "transformers",
      pipeline_tag: "image-text-to-text",
      safetensorsTotal: 7063427072,
      faults: ["slow"],
      // The nested text config only names its base model: the crawler fetches lmsys/vicuna-7b-v1.5.
      config: {
        architectures: ["LlavaForConditionalGeneration"],
        model_type: "llava",
        text_config: {
          _name_or_path: "lmsys/vicuna-7b-v1.5",
          architectures: ["LlamaForCausalLM"],
          model_type: "llama",
        },
        vision_config: { model_type: "clip_vision_model", hidden_size: 1024 },
      },
    },
    {
      id: "lmsys/vicuna-7b-v1.5",
      sha: sha(5),
      createdAt: "2023-07-29T04:42:33.000Z",
      likes: 300,
      downloads: 100000,
      tags: [
        "transformers",
        "pytorch",
        "llama",
        "text-generation",
        "base_model:meta-llama/Llama-2-7b-hf",
        "base_model:finetune:meta-llama/Llama-2-7b-hf",
        "license:llama2",
      ],
      library_name: "transformers",
      pipeline_tag: "text-generation",
      faults: ["truncate"],
      config: { ...llamaConfig(32, 4096, 11008, 32, 32), max_position_embeddings: 4096 },
    },
    {
      id: "broken/malformed-json",
      sha: sha(6),
      createdAt: "2024-01-01T00:00:00.000Z",
      tags: ["text-generation"],
      pipeline_tag: "text-generation",
      configText: '{"architectures": ["LlamaForCausalLM"], "hidden_size": 4096,, }',
    },
    {
      id: "broken/always-truncated",
      sha: sha(7),
      createdAt: "2024-01-02T00:00:00.000Z",
      tags: ["text-generation"],
      pipeline_tag: "text-generation",
      alwaysFault: "truncate",
      config: llamaConfig(2, 64, 128, 2, 2),
    },
    {
      id: "broken/always-500",
      sha: sha(8),
      createdAt: "2024-01-03T00:00:00.000Z",
      tags: ["text-generation"],
      pipeline_tag: "text-generation",
      alwaysFault: "500",
      config: llamaConfig(2, 64, 128, 2, 2),
    },
    {
      id: "broken/hangs-once",
      sha: sha(9),
      createdAt: "2024-01-04T00:00:00.000Z",
      tags: ["text-generation", "merge", "mergekit", "base_model:merge:meta-llama/Llama-2-7b-hf"],
      pipeline_tag: "text-generation",
      safetensorsTotal: 1100048384,
      faults: ["hang"],
      config: llamaConfig(22, 2048, 5632, 32, 4),
    },
    {
      id: "absurd/huge-values",
      sha: sha(10),
      createdAt: "2024-02-01T00:00:00.000Z",
      tags: ["text-generation"],
      pipeline_tag: "text-generation",
      // The study's own table shows d_ffn 13,100,072 and 8,928 layers: kept out and flagged.
      config: llamaConfig(8928, 4096, 13100072, 32, 32),
    },
    {
      id: "nodocs/no-config",
      sha: sha(11),
      createdAt: "2024-02-02T00:00:00.000Z",
      tags: ["gguf", "text-generation"],
      pipeline_tag: "text-generation",
    },
    {
      id: "gone/deleted-after-listing",
      sha: sha(12),
      createdAt: "2024-02-03T00:00:00.000Z",
      tags: ["text-generation"],
      pipeline_tag: "text-generation",
      deleted: true,
      config: llamaConfig(2, 64, 128, 2, 2),
    },
  ];
}

export const EXPECTED_STATUS: Record<string, string> = {
  "meta-llama/Llama-2-7b-hf": "gated",
  "openai-community/gpt2": "fetched",
  "mistralai/Mixtral-8x7B-v0.1": "fetched",
  "llava-hf/llava-1.5-7b-hf": "fetched",
  "lmsys/vicuna-7b-v1.5": "fetched",
  "broken/malformed-json": "failed",
  "broken/always-truncated": "failed",
  "broken/always-500": "failed",
  "broken/hangs-once": "fetched",
  "absurd/huge-values": "fetched",
  "nodocs/no-config": "missing",
  "gone/deleted-after-listing": "missing",
};

/**
 * `n` plausible models, generated lazily (the bench's 20k-model Hub). Sizes cycle through common
 * Llama-family shapes; every 50th model is gated and every 97th has no config.json.
 */
export function* syntheticModels(n: number, seed = 1): Generator<MockModel> {
  const shapes = [
    [22, 2048, 5632, 32, 4],
    [32, 4096, 11008, 32, 32],
    [32, 4096, 14336, 32, 8],
    [40, 5120, 13824, 40, 40],
    [24, 896, 4864, 14, 2],
  ] as const;
  for (let i = 0; i < n; i++) {
    const s = shapes[(i * 7 + seed) % shapes.length] ?? shapes[0];
    const day = new Date(Date.UTC(2022, 0, 1) + i * 3_600_000).toISOString();
    const m: MockModel = {
      id: `org${i % 997}/model-${i}`,
      sha: sha(1_000_000 + i),
      createdAt: day,
      likes: i % 113,
      downloads: (i * 31) % 10007,
      tags: [
        "transformers",
        "safetensors",
        "llama",
        "text-generation",
        `license:${i % 3 === 0 ? "mit" : "apache-2.0"}`,
      ],
      library_name: "transformers",
      pipeline_tag: "text-generation",
      safetensorsTotal: i % 4 === 0 ? undefined : 1_000_000_000 + i,
      gated: i % 50 === 49 ? "manual" : false,
      config: i % 97 === 96 ? undefined : llamaConfig(s[0], s[1], s[2], s[3], s[4]),
    };
    yield m;
  }
}

/** Leaderboard v1 scores of one results file, as fractions the harness writes (0-1). */
export interface V1Fixture {
  model: string;
  sha: string;
  dtype?: string;
  /** File time stamp, e.g. "2023-10-01T12-00-00.123456". */
  stamp: string;
  arc?: number;
  hellaswag?: number;
  /** One acc used for all 57 MMLU subjects, plus `mmluSpread` * (i - 28) per subject. */
  mmlu?: number;
  mmluSpread?: number;
  truthfulqa?: number;
  winogrande?: number;
  gsm8k?: number;
}

/** The 57 hendrycksTest subjects (MMLU) as lm-evaluation-harness names them. */
export const MMLU_SUBJECT_NAMES = [
  "abstract_algebra",
  "anatomy",
  "astronomy",
  "business_ethics",
  "clinical_knowledge",
  "college_biology",
  "college_chemistry",
  "college_computer_science",
  "college_mathematics",
  "college_medicine",
  "college_physics",
  "computer_security",
  "conceptual_physics",
  "econometrics",
  "electrical_engineering",
  "elementary_mathematics",
  "formal_logic",
  "global_facts",
  "high_school_biology",
  "high_school_chemistry",
  "high_school_computer_science",
  "high_school_european_history",
  "high_school_geography",
  "high_school_government_and_politics",
  "high_school_macroeconomics",
  "high_school_mathematics",
  "high_school_microeconomics",
  "high_school_physics",
  "high_school_psychology",
  "high_school_statistics",
  "high_school_us_history",
  "high_school_world_history",
  "human_aging",
  "human_sexuality",
  "international_law",
  "jurisprudence",
  "logical_fallacies",
  "machine_learning",
  "management",
  "marketing",
  "medical_genetics",
  "miscellaneous",
  "moral_disputes",
  "moral_scenarios",
  "nutrition",
  "philosophy",
  "prehistory",
  "professional_accounting",
  "professional_law",
  "professional_medicine",
  "professional_psychology",
  "public_relations",
  "security_studies",
  "sociology",
  "us_foreign_policy",
  "virology",
  "world_religions",
];

/** A results_*.json in the layout of open-llm-leaderboard-old/results (config_general + results map). */
export function v1ResultsFile(f: V1Fixture): { path: string; content: string } {
  const results: Record<string, Record<string, number>> = {};
  if (f.arc !== undefined)
    results["harness|arc:challenge|25"] = {
      acc: f.arc - 0.03,
      acc_stderr: 0.01,
      acc_norm: f.arc,
      acc_norm_stderr: 0.01,
    };
  if (f.hellaswag !== undefined)
    results["harness|hellaswag|10"] = {
      acc: f.hellaswag - 0.2,
      acc_stderr: 0.004,
      acc_norm: f.hellaswag,
      acc_norm_stderr: 0.004,
    };
  if (f.mmlu !== undefined) {
    MMLU_SUBJECT_NAMES.forEach((s, i) => {
      results[`harness|hendrycksTest-${s}|5`] = {
        acc: (f.mmlu as number) + (f.mmluSpread ?? 0) * (i - 28),
        acc_stderr: 0.04,
        acc_norm: 0.3,
        acc_norm_stderr: 0.04,
      };
    });
  }
  if (f.truthfulqa !== undefined)
    results["harness|truthfulqa:mc|0"] = {
      mc1: f.truthfulqa - 0.15,
      mc1_stderr: 0.01,
      mc2: f.truthfulqa,
      mc2_stderr: 0.01,
    };
  if (f.winogrande !== undefined) results["harness|winogrande|5"] = { acc: f.winogrande, acc_stderr: 0.01 };
  if (f.gsm8k !== undefined) results["harness|gsm8k|5"] = { acc: f.gsm8k, acc_stderr: 0.01 };
  results.all = { acc: 0.5, acc_stderr: 0.03 };
  const doc = {
    config_general: {
      lighteval_sha: "494ee12240e716e804ae9ea834f84a2c864c07ca",
      num_few_shot_default: 0,
      model_name: f.model,
      model_sha: f.sha,
      model_dtype: `torch.${f.dtype ?? "float16"}`,
      model_size: "12.61 GB",
    },
    results,
    versions: { all: 0 },
    config_tasks: {},
    summary_tasks: {},
    summary_general: {},
  };
  return { path: `${f.model}/results_${f.stamp}.json`, content: JSON.stringify(doc, null, 4) };
}
