import { describe, expect, it } from "vitest";
import { mergeNestedConfig, nestedConfigRef } from "./nested-config.ts";
import { baseModelFromTags, isMergeFromTags, kindFromTags, licenseFromTags, toMeta } from "./to-record.ts";

describe("Hub tags and listing fields", () => {
  const tags = [
    "transformers",
    "safetensors",
    "llama",
    "text-generation",
    "base_model:meta-llama/Llama-3.1-8B",
    "base_model:finetune:meta-llama/Llama-3.1-8B",
    "license:llama3.1",
  ];
  it("reads license, base model, kind and merges from the tags the Hub writes", () => {
    expect(licenseFromTags(tags)).toBe("llama3.1");
    expect(baseModelFromTags(tags)).toBe("meta-llama/Llama-3.1-8B");
    expect(baseModelFromTags(["base_model:quantized:Qwen/Qwen2-7B"])).toBe("Qwen/Qwen2-7B");
    expect(kindFromTags(tags)).toBe("fine-tuned");
    expect(kindFromTags(["mergekit", "merge"])).toBe("merge");
    expect(kindFromTags(["transformers"])).toBeNull();
    expect(isMergeFromTags(["base_model:merge:a/b"])).toBe(true);
    expect(isMergeFromTags(tags)).toBe(false);
  });

  it("keeps what the listing gave and null for what it left out", () => {
    const m = toMeta({
      id: "a/b",
      sha: "abc",
      likes: 3,
      safetensors: { parameters: { BF16: 10 }, total: 10 },
      gated: "auto",
    });
    expect(m).toEqual({
      sha: "abc",
      createdAt: null,
      lastModified: null,
      likes: 3,
      downloads: null,
      tags: [],
      library_name: null,
      pipeline_tag: null,
      gated: "auto",
      safetensors_total: 10,
    });
  });
});

describe("nested language-model configs of multimodal wrappers", () => {
  it("asks for the base config only when the nested one has no dimensions", () => {
    expect(
      nestedConfigRef({ text_config: { _name_or_path: "lmsys/vicuna-13b-v1.5", model_type: "llama" } }),
    ).toEqual({
      key: "text_config",
      id: "lmsys/vicuna-13b-v1.5",
    });
    expect(nestedConfigRef({ llm_config: { _name_or_path: "internlm/internlm2-chat-7b" } })?.key).toBe(
      "llm_config",
    );
    expect(nestedConfigRef({ text_config: { _name_or_path: "x/y", hidden_size: 4096 } })).toBeNull();
    expect(nestedConfigRef({ text_config: { _name_or_path: "/local/path" } })).toBeNull();
    expect(nestedConfigRef({ hidden_size: 1 })).toBeNull();
  });

  it("fills the nested config from the base, the wrapper's own keys winning", () => {
    const merged = mergeNestedConfig(
      { model_type: "llava", text_config: { _name_or_path: "a/b", vocab_size: 32064 } },
      "text_config",
      { hidden_size: 5120, vocab_size: 32000, num_hidden_layers: 40 },
    );
    expect(merged.text_config).toEqual({
      _name_or_path: "a/b",
      hidden_size: 5120,
      vocab_size: 32064,
      num_hidden_layers: 40,
    });
  });
});
