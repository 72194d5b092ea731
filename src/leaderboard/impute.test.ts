import { describe, expect, it } from "vitest";
import { type ImputeInput, type ImputeResult, imputeStructure } from "./impute.ts";
import { bundledRules } from "./impute-rules.ts";
import { parseNameSize } from "./name-hints.ts";
import { refineImputations } from "./refine-imputations.ts";
import { loadRegistry, registryWithout } from "./registry.ts";

// Known answers come from the public config.json of each model's base (the model cards name them):
// GPT-2 small/medium/large/xl 12/24/36/48 layers (d 768/1024/1280/1600), LLaMA-33B 60 layers d 6656,
// CodeLlama-34B 48 layers d 8192, Yi-34B 60 layers d 7168, Mistral-7B 32 layers d 4096 FFN 14336 8 KV heads.
const registry = loadRegistry();
const row = (over: Partial<ImputeInput>): ImputeInput => ({
  id: "someone/model",
  architecture: "LlamaForCausalLM",
  params_floor: null,
  params_exact: null,
  is_moe: false,
  submitted_at: "2024-02-01",
  ...over,
});
const impute = (over: Partial<ImputeInput>): ImputeResult => imputeStructure(row(over), registry);
const shape = (r: ImputeResult) => {
  const s = r.structure;
  return [s.layers, s.d_model, s.d_ffn, s.heads, s.kv_heads];
};
const NULL_SHAPE = [null, null, null, null, null];

describe("parseNameSize", () => {
  it.each([
    ["meta-llama/Llama-2-13b-hf", 13, null],
    ["upstage/SOLAR-10.7B-v1.0", 10.7, null],
    ["Qwen/Qwen-1_8B", 1.8, null],
    ["openlm-research/open_llama_3b", 3, null],
    ["aisquared/chopt-1_3b", 1.3, null],
    ["bigscience/bloom-7b1", 7.1, null],
    ["mistralai/Mixtral-8x7B-v0.1", 7, 8],
    ["cloudyu/Mixtral_7Bx2_MoE", 7, 2],
    ["Weyaxi/Bagel-Hermes-2x34B", 34, 2],
    ["222gate/TinyMistral-248Mx4-MOE", 0.248, 4],
    ["facebook/opt-350m", 0.35, null],
    ["BreadAi/gpt-YA-1-1_160M", 0.16, null],
    ["Locutusque/LocutusqueXFelladrin-TinyMistral248M-Instruct", 0.248, null],
    ["Qwen/Qwen1.5-MoE-A2.7B", null, null],
    ["someone/zephyr-beta-v0.1", null, null],
  ])("%s -> size %s, experts %s", (id, size, experts) => {
    expect(parseNameSize(id)).toEqual({ size_b: size, experts });
  });
});

describe("imputeStructure: each evidence path", () => {
  it("registry: an exact (case-insensitive) id is the base itself", () => {
    const r = impute({ id: "MistralAI/Mixtral-8x7B-v0.1", architecture: "MixtralForCausalLM" });
    expect(r.evidence).toBe("registry");
    expect(r.structure.moe_experts).toBe(8);
    expect(r.provenance.layers).toBe("config");
    expect(r.imputed_from).toBeNull();
  });

  it("lineage: a declared registry base that fits the size; a declared base that does not is refused", () => {
    const ok = impute({ id: "x/some-tune", params_exact: 7.242, base_model: "mistralai/Mistral-7B-v0.1" });
    expect(ok.evidence).toBe("lineage");
    expect(ok.imputed_from).toBe("mistralai/Mistral-7B-v0.1");
    expect(shape(ok)).toEqual([32, 4096, 14336, 32, 8]);
    const bad = impute({ id: "x/upscaled", params_floor: 10, base_model: "mistralai/Mistral-7B-v0.1" });
    expect(bad.evidence).not.toBe("lineage");
    expect(bad.warnings.join(" ")).toMatch(/declared base mistralai\/Mistral-7B-v0.1 .* does not fit/);
  });

  it("name+size: a 33B LLaMA fine-tune is LLaMA-33B (60 layers, d 6656), not CodeLlama-34B", () => {
    // The v1 export shows 33 for these: the leaderboard read the size from the name (no safetensors).
    for (const id of ["jondurbin/airoboros-33b-gpt4-1.4", "Henk717/chronoboros-33B", "elinas/chronos-33b"]) {
      const r = impute({ id, params_floor: 33, submitted_at: "2023-09-09" });
      expect(r.evidence, id).toBe("name+size");
      expect(shape(r), id).toEqual([60, 6656, 17920, 52, 52]);
    }
  });

  it("size-only: a Mistral-class row of 7.x B with nothing in its name is Mistral-7B", () => {
    const r = impute({ id: "x/Marcoroni-v3", architecture: "MistralForCausalLM", params_floor: 7 });
    expect(r.evidence).toBe("size-only");
    expect(shape(r)).toEqual([32, 4096, 14336, 32, 8]);
    expect(r.impute_confidence).toBeGreaterThan(0.5);
  });

  it("size-only: an exact 34.39B is Yi-34B, and 33.74B CodeLlama-34B (+-0.5%, no overlap)", () => {
    expect(shape(impute({ id: "x/tune", params_exact: 34.389 }))).toEqual([60, 7168, 20480, 56, 8]);
    expect(shape(impute({ id: "x/tune", params_exact: 33.744 }))).toEqual([48, 8192, 22016, 64, 8]);
  });

  it("name-only: the GPT-2 tier a DialoGPT or gpt2-* name states, with no size anywhere", () => {
    const cases: [string, number[]][] = [
      ["microsoft/DialoGPT-small", [12, 768, 3072, 12, 12]],
      ["abhiramtirumala/DialoGPT-sarcastic-medium", [24, 1024, 4096, 16, 16]],
      ["microsoft/DialoGPT-large", [36, 1280, 5120, 20, 20]],
      ["Mikivis/gpt2-large-lora-sft", [36, 1280, 5120, 20, 20]],
      ["MrNJK/gpt2-xl-sft", [48, 1600, 6400, 25, 25]],
      ["postbot/distilgpt2-emailgen", [6, 768, 3072, 12, 12]],
      ["vicgalle/gpt2-alpaca-gpt4", [12, 768, 3072, 12, 12]],
      ["Josephgflowers/GPT2-774M-CINDER-SHOW-MULTI-CHAT", [36, 1280, 5120, 20, 20]],
    ];
    for (const [id, want] of cases) {
      const r = impute({ id, architecture: "GPT2LMHeadModel" });
      expect(shape(r), id).toEqual(want);
      expect(r.evidence, id).toBe("name-only");
    }
  });

  it("name-only: a quantized upload's reported size is not used, the name's is", () => {
    const r = impute({
      id: "TFLai/pythia-2.8b-4bit-alpaca",
      architecture: "GPTNeoXForCausalLM",
      params_floor: 1,
      precision: "4bit",
    });
    expect(r.warnings.join(" ")).toMatch(/not used: a quantized upload/);
    expect(shape(r)).toEqual([32, 2560, 10240, 32, 32]);
  });

  it("unresolved: no size and nothing in the name leaves every field null and asks for the prior", () => {
    const r = impute({ id: "BreadAi/StoryPy", architecture: "GPTNeoXForCausalLM" });
    expect(r.evidence).toBe("unresolved");
    expect(r.needsPrior).toBe(true);
    expect(shape(r)).toEqual(NULL_SHAPE);
    expect(r.warnings.join(" ")).toMatch(/no size/);
  });

  it("prior: a sizeless row takes its class's usual shape only when it holds 90% of the well-evidenced rows", () => {
    const items = [
      ...Array.from({ length: 40 }, (_, i) =>
        row({
          id: `u${i}/tune-7b`,
          architecture: "GemmaForCausalLM",
          params_floor: 8,
          submitted_at: "2024-04-01",
        }),
      ),
      row({ id: "u/sizeless", architecture: "GemmaForCausalLM", submitted_at: "2024-04-01" }),
      ...Array.from({ length: 20 }, (_, i) =>
        row({ id: `v${i}/phi-2-tune`, architecture: "PhiForCausalLM", params_floor: 2 }),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        row({ id: `w${i}/phi-1_5-tune`, architecture: "PhiForCausalLM", params_floor: 1 }),
      ),
      row({ id: "v/sizeless", architecture: "PhiForCausalLM" }),
    ].map((input) => ({ input, imp: imputeStructure(input, registry) }));
    refineImputations(items, registry, bundledRules());
    const gemma = items.find((i) => i.input.id === "u/sizeless")?.imp;
    expect(gemma?.evidence).toBe("prior");
    expect(gemma?.structure.d_model).toBe(3072);
    expect(gemma?.impute_confidence).toBeLessThan(0.8);
    const phi = items.find((i) => i.input.id === "v/sizeless")?.imp;
    expect(phi?.evidence).toBe("unresolved");
    expect(phi?.warnings.join(" ")).toMatch(/no single usual shape/);
  });
});

describe("imputeStructure: the failure kinds of issue 8 stay unknown instead of wrong", () => {
  it("a 13B name with a 64B measured size contradicts every base: null structure and a warning", () => {
    const r = impute({ id: "64bits/LexPodLM-13B", params_floor: 64, submitted_at: "2023-09-09" });
    expect(r.evidence).toBe("unresolved");
    expect(shape(r)).toEqual(NULL_SHAPE);
    expect(r.warnings.join(" ")).toMatch(/the name says 13B; the measured size is 64-65B/);
    expect(r.structure.params_b).toBe(64);
  });

  it("tiny custom GPT-2s and GPT-NeoX models without a size are not given a big base's structure", () => {
    for (const id of ["dpv/finetuned-gpt2-tiny", "BreadAi/DiscordPy", "Sharathhebbar24/SSH_300M"]) {
      expect(shape(impute({ id, architecture: "GPT2LMHeadModel" })), id).toEqual(NULL_SHAPE);
    }
    expect(shape(impute({ id: "BreadAi/gpt-Youtube", architecture: "GPTNeoXForCausalLM" }))).toEqual(
      NULL_SHAPE,
    );
    // A size in the name is evidence: pythia-160m is 12 layers of d 768.
    const named = impute({ id: "BreadAi/gpt-YA-1-1_160M", architecture: "GPTNeoXForCausalLM" });
    expect(shape(named)).toEqual([12, 768, 3072, 12, 12]);
  });

  it("a 248M x4 MoE and a TinyMistral are not given Mixtral's or Mistral-7B's structure", () => {
    const moe = impute({ id: "222gate/TinyMistral-248Mx4-MOE", architecture: "MixtralForCausalLM" });
    expect(shape(moe)).toEqual(NULL_SHAPE);
    expect(moe.structure.moe_experts).toBeNull();
    const tiny = impute({ id: "x/TinyMistral-v2-Test1", architecture: "MistralForCausalLM" });
    expect(shape(tiny)).toEqual(NULL_SHAPE);
    expect(tiny.warnings.join(" ")).toMatch(/calls it small/);
  });

  it("a family named in the id without a fitting base stays unknown (no fall back to another family)", () => {
    // internlm2 at 20B: the registry's internlm2-20b removed, internlm-20b (another family) must not stand in.
    const held = registryWithout(registry, (e) => e.hub_id === "internlm/internlm2-20b");
    const r = imputeStructure(
      row({ id: "x/internlm2-20b-chat", architecture: null, params_floor: 20 }),
      held,
    );
    expect(shape(r)).toEqual(NULL_SHAPE);
  });

  it("a base released after the submission is never the base", () => {
    // Mistral-7B appeared on 2023-09-27: a 7.x B Mistral-class row submitted in August cannot be it.
    const r = impute({
      id: "x/early",
      architecture: "MistralForCausalLM",
      params_floor: 7,
      submitted_at: "2023-08-01",
    });
    expect(String(r.imputed_from)).not.toMatch(/mistral/i);
    expect(r.warnings.join(" ")).toMatch(/released after the submission/);
  });

  it("MoE names: 8x7B is Mixtral, 4x7B a four-expert merge of Mistral-7B", () => {
    const eight = impute({
      id: "x/dolphin-mixtral-8x7b",
      architecture: "MixtralForCausalLM",
      params_floor: 46,
    });
    expect([...shape(eight), eight.structure.moe_experts]).toEqual([32, 4096, 14336, 32, 8, 8]);
    const four = impute({ id: "x/Beagle-4x7B-MoE", architecture: "MixtralForCausalLM", params_floor: 24 });
    expect([...shape(four), four.structure.moe_experts]).toEqual([32, 4096, 14336, 32, 8, 4]);
    // A count in the name that the size contradicts (4 x 7B at 18B) is unknown, not solved to 3.
    const wrong = impute({ id: "x/Mistral-4x7b", architecture: "MixtralForCausalLM", params_floor: 18 });
    expect(wrong.structure.moe_experts).toBeNull();
  });

  it("depth-upscaled 10.7B/11B models (Llama or Mistral class) get the 48-layer SOLAR shape", () => {
    for (const [arch, id] of [
      ["LlamaForCausalLM", "x/merged-10.7B"],
      ["MistralForCausalLM", "x/Fimbulvetr-11B-v2"],
      ["LlamaForCausalLM", "x/Sakura-SOLAR-Instruct"],
    ] as const) {
      const r = impute({ id, architecture: arch, params_floor: 10 });
      expect(r.structure.layers, id).toBe(48);
    }
  });

  it("takes the context length most agreeing bases share (Llama-2's 4096 over LLaMA-1's 2048), labelled imputed", () => {
    const r = impute({ id: "x/some-7b-tune", params_floor: 6, submitted_at: "2023-10-01" });
    expect(shape(r)).toEqual([32, 4096, 11008, 32, 32]);
    expect(r.structure.pos).toBe(4096);
    expect(r.provenance.pos).toBe("imputed");
  });

  it("keeps the vocabulary of the base, labelled imputed, never as read", () => {
    const r = impute({
      id: "teknium/OpenHermes-2.5-Mistral-7B",
      architecture: "MistralForCausalLM",
      params_floor: 7,
    });
    expect(r.structure.vocab_size).toBe(32000);
    expect(r.provenance.vocab_size).toBe("imputed");
  });

  it("a contradictory name is a warning, never a crash", () => {
    const r = impute({ id: "x/llama-2-13b-mistral-7b-qwen-72b", params_floor: 6 });
    expect(Array.isArray(r.warnings)).toBe(true);
    expect(["unresolved", "name+size", "size-only"]).toContain(r.evidence);
  });
});
