import { describe, expect, it } from "vitest";
import { ModelError } from "../errors.ts";
import { parseModelConfig } from "./config.ts";

const base = {
  model_type: "qwen2",
  hidden_size: 896,
  intermediate_size: 4864,
  num_hidden_layers: 24,
  num_attention_heads: 14,
  num_key_value_heads: 2,
  vocab_size: 151936,
  rms_norm_eps: 1e-6,
  rope_theta: 1000000,
  tie_word_embeddings: true,
  hidden_act: "silu",
  sliding_window: 131072,
  use_sliding_window: false,
};

describe("parseModelConfig", () => {
  it("reads the Qwen2-0.5B config (values from its config.json on the Hub)", () => {
    const c = parseModelConfig(base);
    expect(c).toMatchObject({
      family: "qwen2",
      headDim: 64,
      kvHeads: 2,
      qkvBias: true,
      oBias: false,
      tieWordEmbeddings: true,
      ropeTheta: 1e6,
      slidingWindow: null,
    });
  });

  it("llama defaults: kv heads = heads, no biases unless attention_bias, rope_theta 10000", () => {
    const { num_key_value_heads: _kv, rope_theta: _rt, ...rest } = base;
    const c = parseModelConfig({ ...rest, model_type: "llama", attention_bias: true });
    expect(c).toMatchObject({ kvHeads: 14, qkvBias: true, oBias: true, ropeTheta: 10000, mlpBias: false });
  });

  it.each([
    [{ model_type: "gpt2" }, "model_type", /'gpt2' is not supported/],
    [{ rope_scaling: { type: "linear", factor: 2 } }, "rope_scaling", /not supported/],
    [{ hidden_act: "gelu" }, "hidden_act", /'gelu'/],
    [{ num_key_value_heads: 3 }, "num_key_value_heads", /does not divide/],
    [{ hidden_size: 0 }, "hidden_size", /positive integer/],
  ])("rejects %j naming the field", (patch, field, msg) => {
    let err: unknown;
    try {
      parseModelConfig({ ...base, ...patch }, "/m/config.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).field).toBe(field);
    expect((err as Error).message).toMatch(msg);
    expect((err as Error).message).toContain(`/m/config.json: ${field}`);
  });
});
