import { describe, expect, it } from "vitest";
import * as strata from "./index.ts";

describe("package root", () => {
  it("exports every stage and the main entry points as functions", () => {
    const stages = {
      analysis: strata.analysis,
      configs: strata.configs,
      dataset: strata.dataset,
      hub: strata.hub,
      leaderboard: strata.leaderboard,
      ml: strata.ml,
      probe: strata.probe,
      report: strata.report,
      server: strata.server,
    };
    for (const [name, ns] of Object.entries(stages)) {
      expect(Object.keys(ns).length, name).toBeGreaterThan(0);
    }
    for (const fn of [
      strata.normalizeConfig,
      strata.readModelConfig,
      strata.buildDataset,
      strata.loadRecords,
    ]) {
      expect(typeof fn).toBe("function");
    }
    expect(strata.buildReport).toBe(strata.report.buildReport);
    expect(strata.startServer).toBe(strata.server.startServer);
  });

  it("normalizes a config through the root export", () => {
    const n = strata.normalizeConfig({
      architectures: ["LlamaForCausalLM"],
      model_type: "llama",
      num_hidden_layers: 2,
      hidden_size: 64,
      intermediate_size: 172,
      num_attention_heads: 4,
      vocab_size: 100,
      max_position_embeddings: 128,
    });
    expect(n.structure.layers).toBe(2);
    expect(n.structure.kv_heads).toBe(4);
  });
});
