import { describe, expect, it } from "vitest";
import { emptyStructure, type Structure } from "../contracts/index.ts";
import { estimateParams } from "./estimate-params.ts";

const LLAMA2_7B: Structure = {
  ...emptyStructure(),
  layers: 32,
  d_model: 4096,
  d_ffn: 11008,
  heads: 32,
  kv_heads: 32,
  vocab_size: 32000,
  pos: 4096,
  activation: "silu",
};

describe("estimateParams", () => {
  it("counts Llama-2-7B exactly up to biases (6,738,415,616 in the checkpoint)", () => {
    // embeddings 2*32000*4096 + 32 * (4*4096^2 + 3*4096*11008 + 2*4096) + 4096
    const exact = (2 * 32000 * 4096 + 32 * (4 * 4096 ** 2 + 3 * 4096 * 11008 + 2 * 4096) + 4096) / 1e9;
    expect(estimateParams(LLAMA2_7B)).toBeCloseTo(exact, 9);
    expect(exact * 1e9).toBe(6_738_415_616);
  });

  it("a tied head saves vocab * d_model; a plain MLP has 2 matrices instead of 3", () => {
    const untied = estimateParams(LLAMA2_7B) ?? 0;
    expect(untied - (estimateParams(LLAMA2_7B, { tiedEmbeddings: true }) ?? 0)).toBeCloseTo(
      (32000 * 4096) / 1e9,
      9,
    );
    expect(untied - (estimateParams(LLAMA2_7B, { gatedMlp: false }) ?? 0)).toBeCloseTo(
      (32 * 4096 * 11008) / 1e9,
      9,
    );
  });

  it("gated by default only for SiLU-like activations", () => {
    const gelu = { ...LLAMA2_7B, activation: "gelu" };
    expect(estimateParams(gelu)).toBeCloseTo(estimateParams(LLAMA2_7B, { gatedMlp: false }) ?? 0, 9);
  });

  it("grouped-query attention shrinks K and V by kv_heads / heads", () => {
    const gqa = { ...LLAMA2_7B, kv_heads: 8 };
    const saved = (32 * 2 * 4096 * (4096 - 1024)) / 1e9;
    expect((estimateParams(LLAMA2_7B) ?? 0) - (estimateParams(gqa) ?? 0)).toBeCloseTo(saved, 9);
  });

  it("MoE counts every expert plus the router; dense layers and shared experts when given", () => {
    const moe = { ...LLAMA2_7B, moe_experts: 8, moe_active_experts: 2 };
    const perLayerExtra = 7 * 3 * 4096 * 11008 + 8 * 4096;
    expect((estimateParams(moe) ?? 0) - (estimateParams(LLAMA2_7B) ?? 0)).toBeCloseTo(
      (32 * perLayerExtra) / 1e9,
      9,
    );
    const withDense = estimateParams(moe, { denseLayers: 1, denseFfn: 11008 }) ?? 0;
    expect((estimateParams(moe) ?? 0) - withDense).toBeCloseTo(perLayerExtra / 1e9, 9);
    const shared = estimateParams(moe, { sharedExpertFfn: 1000 }) ?? 0;
    expect(shared - (estimateParams(moe) ?? 0)).toBeCloseTo((32 * 3 * 4096 * 1000) / 1e9, 9);
  });

  it("learned positions add pos * d_model", () => {
    expect(
      (estimateParams(LLAMA2_7B, { learnedPositions: true }) ?? 0) - (estimateParams(LLAMA2_7B) ?? 0),
    ).toBeCloseTo((4096 * 4096) / 1e9, 9);
  });

  it("is null when a size it needs is unknown", () => {
    for (const k of ["layers", "d_model", "vocab_size", "d_ffn"] as const) {
      expect(estimateParams({ ...LLAMA2_7B, [k]: null })).toBeNull();
    }
    // RNN and SSM bodies do not need d_ffn
    expect(estimateParams({ ...LLAMA2_7B, d_ffn: null }, { body: "mamba" })).not.toBeNull();
  });
});
