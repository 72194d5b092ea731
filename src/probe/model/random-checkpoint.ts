import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DType } from "../safetensors/dtype.ts";
import { fromFloat32 } from "../safetensors/dtype.ts";
import { type TensorToWrite, writeSafetensors } from "../safetensors/write.ts";
import type { Family } from "./config.ts";
import { INDEX_FILE, SINGLE_FILE } from "./weights.ts";

export interface RandomCheckpointSpec {
  family: Family;
  layers: number;
  dModel: number;
  dFfn: number;
  heads: number;
  kvHeads: number;
  vocabSize: number;
  dtype?: DType;
  tied?: boolean;
  /** Number of shard files (1: a single model.safetensors). */
  shards?: number;
  seed?: number;
  /** Std of the random weights (default 0.5 / sqrt(dModel)-ish scale per matrix). */
  scale?: number;
  ropeTheta?: number;
  /** Extra config.json keys. */
  extraConfig?: Record<string, unknown>;
}

/** Deterministic xorshift + Box-Muller normal generator. */
export function normalRng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Deterministic uniform values on [-sqrt(3), sqrt(3)] (mean 0, variance 1). */
export function unitUniformRng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s / 2147483648 - 1) * Math.SQRT2 * 1.224744871391589;
  };
}

/**
 * Writes a random checkpoint in Hugging Face layout (config.json + safetensors, sharded if asked),
 * used by tests and the benchmark. Returns the tensor names in file order.
 */
export function writeRandomCheckpoint(dir: string, spec: RandomCheckpointSpec): string[] {
  mkdirSync(dir, { recursive: true });
  const dtype = spec.dtype ?? "F32";
  // Uniform with unit variance: one generator step per value keeps a 0.5B-parameter checkpoint quick to write.
  const rng = unitUniformRng(spec.seed ?? 1);
  const hd = spec.dModel / spec.heads;
  const tied = spec.tied ?? false;
  const tensors: TensorToWrite[] = [];
  const add = (name: string, shape: number[], kind: "matrix" | "norm" | "bias") => {
    const n = shape.reduce((a, b) => a * b, 1);
    const fanIn = shape[shape.length - 1] as number;
    const std = kind === "matrix" ? (spec.scale ?? 1) / Math.sqrt(fanIn) : 0.1;
    tensors.push({
      name,
      dtype,
      shape,
      data: () => {
        const v = new Float32Array(n);
        for (let i = 0; i < n; i++) v[i] = kind === "norm" ? 1 + 0.1 * rng() : std * rng();
        return fromFloat32(v, dtype);
      },
    });
  };
  const d = spec.dModel;
  add("model.embed_tokens.weight", [spec.vocabSize, d], "bias");
  for (let i = 0; i < spec.layers; i++) {
    const p = `model.layers.${i}.`;
    add(`${p}input_layernorm.weight`, [d], "norm");
    add(`${p}self_attn.q_proj.weight`, [spec.heads * hd, d], "matrix");
    add(`${p}self_attn.k_proj.weight`, [spec.kvHeads * hd, d], "matrix");
    add(`${p}self_attn.v_proj.weight`, [spec.kvHeads * hd, d], "matrix");
    if (spec.family === "qwen2") {
      add(`${p}self_attn.q_proj.bias`, [spec.heads * hd], "bias");
      add(`${p}self_attn.k_proj.bias`, [spec.kvHeads * hd], "bias");
      add(`${p}self_attn.v_proj.bias`, [spec.kvHeads * hd], "bias");
    }
    add(`${p}self_attn.o_proj.weight`, [d, spec.heads * hd], "matrix");
    add(`${p}post_attention_layernorm.weight`, [d], "norm");
    add(`${p}mlp.gate_proj.weight`, [spec.dFfn, d], "matrix");
    add(`${p}mlp.up_proj.weight`, [spec.dFfn, d], "matrix");
    add(`${p}mlp.down_proj.weight`, [d, spec.dFfn], "matrix");
  }
  add("model.norm.weight", [d], "norm");
  if (!tied) add("lm_head.weight", [spec.vocabSize, d], "matrix");

  const arch = { llama: "LlamaForCausalLM", mistral: "MistralForCausalLM", qwen2: "Qwen2ForCausalLM" }[
    spec.family
  ];
  const config = {
    architectures: [arch],
    model_type: spec.family,
    hidden_size: d,
    intermediate_size: spec.dFfn,
    num_hidden_layers: spec.layers,
    num_attention_heads: spec.heads,
    num_key_value_heads: spec.kvHeads,
    vocab_size: spec.vocabSize,
    rms_norm_eps: 1e-6,
    rope_theta: spec.ropeTheta ?? 10000,
    hidden_act: "silu",
    tie_word_embeddings: tied,
    max_position_embeddings: 4096,
    torch_dtype: { F32: "float32", F16: "float16", BF16: "bfloat16" }[dtype],
    ...spec.extraConfig,
  };
  writeFileSync(join(dir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);

  const shards = spec.shards ?? 1;
  if (shards <= 1) {
    writeSafetensors(join(dir, SINGLE_FILE), tensors, { format: "pt" });
  } else {
    const per = Math.ceil(tensors.length / shards);
    const weightMap: Record<string, string> = {};
    for (let s = 0; s < shards; s++) {
      const file = `model-${String(s + 1).padStart(5, "0")}-of-${String(shards).padStart(5, "0")}.safetensors`;
      const part = tensors.slice(s * per, (s + 1) * per);
      for (const t of part) weightMap[t.name] = file;
      writeSafetensors(join(dir, file), part, { format: "pt" });
    }
    writeFileSync(
      join(dir, INDEX_FILE),
      `${JSON.stringify({ metadata: {}, weight_map: weightMap }, null, 2)}\n`,
    );
  }
  return tensors.map((t) => t.name);
}
