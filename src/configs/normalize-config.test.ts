import { describe, expect, it } from "vitest";
import { ConfigError } from "../contracts/index.ts";
import { MAX_D_FFN, MAX_LAYERS } from "./bounds.ts";
import { normalizeConfig } from "./normalize-config.ts";

const LLAMA = {
  architectures: ["LlamaForCausalLM"],
  model_type: "llama",
  hidden_size: 4096,
  intermediate_size: 11008,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 32,
  max_position_embeddings: 4096,
  vocab_size: 32000,
  hidden_act: "silu",
};

function configError(raw: unknown, file = "m/config.json"): ConfigError {
  try {
    normalizeConfig(raw, { file });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("normalizeConfig rejects what is not a model config", () => {
  it.each([
    ["a JSON array", [1, 2]],
    ["null", null],
    ["a string", "llama"],
    ["a number", 7],
  ])("%s: names the file and what it got", (what, raw) => {
    const e = configError(raw);
    expect(e.message).toBe(`m/config.json: not a model config: expected a JSON object, got ${what}`);
    expect(e.file).toBe("m/config.json");
  });

  it("an empty object or one with only unrelated keys: names file and the field looked for", () => {
    for (const raw of [{}, { model_type: "llama" }, { tokenizer_class: "X", torch_dtype: "float16" }]) {
      const e = configError(raw);
      expect(e.message).toMatch(
        /^m\/config\.json: not a model config: field 'layers' \/ 'd_model' not found/,
      );
      expect(e.message).toContain("num_hidden_layers");
      expect(e.field).toBe("layers");
    }
  });
});

describe("normalizeConfig flags implausible values instead of keeping them", () => {
  it("the study's absurd d_ffn and layer count become null with a warning naming file, key and value", () => {
    const n = normalizeConfig(
      { ...LLAMA, intermediate_size: 13_100_072, num_hidden_layers: 8928 },
      { file: "x.json" },
    );
    expect(n.structure.d_ffn).toBeNull();
    expect(n.structure.layers).toBeNull();
    expect(n.structure.params_b).toBeNull();
    expect(n.provenance.d_ffn).toBeUndefined();
    expect(n.sources.layers).toBe("num_hidden_layers");
    const byField = Object.fromEntries(n.warnings.map((w) => [w.field, w]));
    expect(byField.d_ffn?.message).toBe(
      `x.json: intermediate_size = 13,100,072 exceeds the plausible maximum ${MAX_D_FFN.toLocaleString("en-US")}; d_ffn set to null`,
    );
    expect(byField.d_ffn?.value).toBe(13_100_072);
    expect(byField.layers?.message).toBe(
      `x.json: num_hidden_layers = 8,928 exceeds the plausible maximum ${MAX_LAYERS}; layers set to null`,
    );
  });

  it.each([
    [-4096, "is not positive"],
    [0, "is not positive"],
    [4096.5, "is not an integer"],
    ["4096", "is string, not a number"],
    [true, "is boolean, not a number"],
  ])("hidden_size %j: %s", (value, why) => {
    const n = normalizeConfig({ ...LLAMA, hidden_size: value }, { file: "x.json" });
    expect(n.structure.d_model).toBeNull();
    expect(n.warnings.map((w) => w.message)).toContain(
      `x.json: hidden_size = ${JSON.stringify(value).replace("-4096", "-4,096")} ${why}; d_model set to null`,
    );
  });

  it("heads that do not divide d_model without head_dim: kept and flagged", () => {
    const n = normalizeConfig(
      { ...LLAMA, num_attention_heads: 30, num_key_value_heads: 30 },
      { file: "x.json" },
    );
    expect(n.structure.heads).toBe(30);
    expect(n.warnings).toEqual([
      {
        field: "heads",
        value: 30,
        message:
          "x.json: num_attention_heads = 30 does not divide hidden_size = 4096 and no head_dim is given (kept)",
      },
    ]);
    // with an explicit head_dim the widths are independent: no warning
    expect(
      normalizeConfig({ ...LLAMA, num_attention_heads: 30, num_key_value_heads: 30, head_dim: 128 }).warnings,
    ).toEqual([]);
  });

  it("kv_heads above heads is dropped; kv_heads not dividing heads is kept and flagged", () => {
    const above = normalizeConfig({ ...LLAMA, num_key_value_heads: 64 }, { file: "x.json" });
    expect(above.structure.kv_heads).toBeNull();
    expect(above.warnings[0]?.message).toBe(
      "x.json: num_key_value_heads = 64 exceeds num_attention_heads = 32; kv_heads set to null",
    );
    const odd = normalizeConfig({ ...LLAMA, num_key_value_heads: 5 }, { file: "x.json" });
    expect(odd.structure.kv_heads).toBe(5);
    expect(odd.warnings[0]?.field).toBe("kv_heads");
  });

  it("more active experts than experts is dropped", () => {
    const n = normalizeConfig(
      { ...LLAMA, model_type: "mixtral", num_local_experts: 4, num_experts_per_tok: 8 },
      { file: "x.json" },
    );
    expect(n.structure.moe_experts).toBe(4);
    expect(n.structure.moe_active_experts).toBeNull();
    expect(n.warnings[0]?.message).toBe(
      "x.json: num_experts_per_tok = 8 exceeds the 4 experts; moe_active_experts set to null",
    );
  });

  it("an FFN more than 32x d_model is dropped even under the absolute bound", () => {
    const n = normalizeConfig({
      ...LLAMA,
      hidden_size: 256,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      intermediate_size: 65536,
    });
    expect(n.structure.d_ffn).toBeNull();
    expect(n.warnings[0]?.field).toBe("d_ffn");
  });

  it("missing core fields are null and reported, other fields still read", () => {
    const n = normalizeConfig(
      { model_type: "llama", hidden_size: 4096, num_attention_heads: 32 },
      { file: "x.json" },
    );
    expect(n.structure).toMatchObject({
      d_model: 4096,
      heads: 32,
      kv_heads: 32,
      layers: null,
      vocab_size: null,
      params_b: null,
    });
    expect(n.warnings.map((w) => w.field)).toEqual(["layers", "vocab_size"]);
    expect(n.warnings[0]?.message).toBe(
      "x.json: no layers (looked for num_hidden_layers, n_layer, n_layers, num_layers)",
    );
  });

  it("a dense config carrying num_experts: 0 is not MoE and not flagged", () => {
    const n = normalizeConfig({ ...LLAMA, num_experts: 0, num_experts_per_tok: 2 });
    expect(n.structure.moe_experts).toBeNull();
    expect(n.structure.moe_active_experts).toBeNull();
    expect(n.warnings).toEqual([]);
  });
});

describe("normalizeConfig aliases and implicit widths", () => {
  it("falcon with the current transformers names (falcon, new_decoder_architecture, num_kv_heads)", () => {
    const n = normalizeConfig({
      model_type: "falcon",
      architectures: ["FalconForCausalLM"],
      hidden_size: 8192,
      num_hidden_layers: 60,
      num_attention_heads: 128,
      num_kv_heads: 8,
      new_decoder_architecture: true,
      vocab_size: 65024,
    });
    expect(n.structure).toMatchObject({ kv_heads: 8, d_ffn: 32768, activation: "gelu" });
    const mq = normalizeConfig({
      model_type: "falcon",
      hidden_size: 4544,
      num_hidden_layers: 32,
      num_attention_heads: 71,
      multi_query: true,
      vocab_size: 65024,
    });
    expect(mq.structure.kv_heads).toBe(1);
    const mha = normalizeConfig({
      model_type: "falcon",
      hidden_size: 4544,
      num_hidden_layers: 32,
      num_attention_heads: 71,
      vocab_size: 65024,
    });
    expect(mha.structure.kv_heads).toBe(71);
  });

  it("MPT with a GQA attn_config and DBRX-style ffn_config read nested keys", () => {
    const mpt = normalizeConfig({
      model_type: "mpt",
      d_model: 4096,
      n_layers: 32,
      n_heads: 32,
      expansion_ratio: 2.5,
      attn_config: { kv_n_heads: 8 },
      vocab_size: 50432,
    });
    expect(mpt.structure).toMatchObject({ d_ffn: 10240, kv_heads: 8 });
    expect(mpt.sources.kv_heads).toBe("attn_config.kv_n_heads");
    const dbrx = normalizeConfig({
      model_type: "dbrx",
      d_model: 6144,
      n_layers: 40,
      n_heads: 48,
      max_seq_len: 32768,
      vocab_size: 100352,
      attn_config: { kv_n_heads: 8 },
      ffn_config: { ffn_hidden_size: 10752, moe_num_experts: 16, moe_top_k: 4, ffn_act_fn: { name: "silu" } },
    });
    expect(dbrx.structure).toMatchObject({
      d_ffn: 10752,
      kv_heads: 8,
      moe_experts: 16,
      moe_active_experts: 4,
      activation: "silu",
      pos: 32768,
    });
    // DBRX is 132B total
    expect(Math.abs((dbrx.structure.params_b ?? 0) - 132) / 132).toBeLessThan(0.03);
  });

  it("nested language models: llm_config and language_config, vision markers at top level", () => {
    const intern = normalizeConfig({
      architectures: ["InternVLChatModel"],
      model_type: "internvl_chat",
      llm_config: {
        model_type: "internlm2",
        architectures: ["InternLM2ForCausalLM"],
        hidden_size: 4096,
        num_hidden_layers: 32,
        num_attention_heads: 32,
        num_key_value_heads: 8,
        intermediate_size: 14336,
        vocab_size: 92553,
      },
      vision_config: { hidden_size: 1024, num_hidden_layers: 24, intermediate_size: 4096 },
    });
    expect(intern.structure).toMatchObject({
      model_type: "internlm2",
      architecture: "InternVLChatModel",
      layers: 32,
      kv_heads: 8,
      multimodal: true,
    });
    expect(intern.sources.layers).toBe("llm_config.num_hidden_layers");
    const lang = normalizeConfig({
      model_type: "multi_modality",
      language_config: { model_type: "llama", num_hidden_layers: 30 },
    });
    expect(lang.structure).toMatchObject({ layers: 30, d_model: 4096, multimodal: true });
    expect(lang.provenance).toMatchObject({ layers: "config", d_model: "imputed" });
    const qwenvl = normalizeConfig({ ...LLAMA, model_type: "qwen2_vl", vision_config: { depth: 32 } });
    expect(qwenvl.structure.multimodal).toBe(true);
    expect(qwenvl.sources.multimodal).toBe("vision_config");
  });

  it("legacy GPT-2 style keys and an unknown family", () => {
    const n = normalizeConfig({
      model_type: "my_gpt",
      n_layer: 6,
      n_embd: 512,
      n_head: 8,
      n_inner: 2048,
      n_ctx: 512,
      vocab_size: 1000,
      activation_function: "gelu",
    });
    expect(n.structure).toMatchObject({
      layers: 6,
      d_model: 512,
      d_ffn: 2048,
      heads: 8,
      kv_heads: 8,
      pos: 512,
      activation: "gelu",
    });
    expect(n.provenance.kv_heads).toBe("computed");
  });
});

describe("normalizeConfig on corrupted configs", () => {
  const JUNK: unknown[] = [
    null,
    -1,
    0,
    1.5,
    1e12,
    Number.NaN,
    "32",
    "",
    true,
    [],
    [32],
    {},
    { a: 1 },
    "constructor",
  ];
  const KEYS = [
    "model_type",
    "architectures",
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "num_key_value_heads",
    "intermediate_size",
    "vocab_size",
    "max_position_embeddings",
    "hidden_act",
    "num_local_experts",
    "num_experts_per_tok",
    "text_config",
    "vision_config",
    "multi_query",
    "tie_word_embeddings",
    "head_dim",
  ];

  it("never throws anything but ConfigError and never returns a non-positive or non-integer size", () => {
    // deterministic pseudo-random mutations (LCG) of a valid config
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let returned = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const cfg: Record<string, unknown> = { ...LLAMA };
      for (let m = 0; m < 1 + rand(4); m++) cfg[KEYS[rand(KEYS.length)] ?? "x"] = JUNK[rand(JUNK.length)];
      let n: ReturnType<typeof normalizeConfig>;
      try {
        n = normalizeConfig(cfg, { file: "f.json" });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        continue;
      }
      returned++;
      for (const k of [
        "layers",
        "d_model",
        "d_ffn",
        "heads",
        "kv_heads",
        "vocab_size",
        "pos",
        "moe_experts",
        "moe_active_experts",
      ] as const) {
        const v = n.structure[k];
        if (v !== null)
          expect(Number.isInteger(v) && v > 0, `${k}=${v} from ${JSON.stringify(cfg)}`).toBe(true);
      }
      const p = n.structure.params_b;
      if (p !== null) expect(Number.isFinite(p) && p > 0).toBe(true);
      for (const w of n.warnings) expect(w.message.startsWith("f.json: ")).toBe(true);
    }
    expect(returned).toBeGreaterThan(600);
  });
});

describe("normalizeConfig with an empty nested text_config", () => {
  it("reads the top-level fields and still marks the config multimodal", () => {
    const n = normalizeConfig({ ...LLAMA, text_config: {} });
    expect(n.structure).toMatchObject({ layers: 32, d_model: 4096, multimodal: true });
    expect(n.sources.layers).toBe("num_hidden_layers");
  });
});

describe("normalizeConfig on MoE configs of families without a row", () => {
  it("reports the per-expert width when moe_intermediate_size is given (Qwen3-30B-A3B)", () => {
    const n = normalizeConfig({
      architectures: ["Qwen3MoeForCausalLM"],
      model_type: "qwen3_moe",
      hidden_size: 2048,
      intermediate_size: 6144,
      moe_intermediate_size: 768,
      num_hidden_layers: 48,
      num_attention_heads: 32,
      num_key_value_heads: 4,
      head_dim: 128,
      num_experts: 128,
      num_experts_per_tok: 8,
      vocab_size: 151936,
      max_position_embeddings: 40960,
      hidden_act: "silu",
      tie_word_embeddings: false,
    });
    expect(n.structure).toMatchObject({ d_ffn: 768, moe_experts: 128, moe_active_experts: 8, kv_heads: 4 });
    expect(n.sources.d_ffn).toBe("moe_intermediate_size");
    // Qwen3-30B-A3B: 30.5B total
    expect(Math.abs((n.structure.params_b ?? 0) - 30.5) / 30.5).toBeLessThan(0.03);
  });
});
