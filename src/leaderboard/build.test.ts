import { beforeAll, describe, expect, it } from "vitest";
import type { ModelRecord } from "../contracts/index.ts";
import { buildLeaderboardRecords, isCovered } from "./build.ts";
import { BUNDLED } from "./data-files.ts";
import type { LeaderboardBuild } from "./types.ts";

let build: LeaderboardBuild;
const byId = new Map<string, ModelRecord>();
beforeAll(async () => {
  build = await buildLeaderboardRecords({ v1File: BUNDLED.v1, v2File: BUNDLED.v2 });
  for (const r of build.records) byId.set(r.id, r);
});

describe("buildLeaderboardRecords on the bundled exports", () => {
  it("has one record per model id and the expected counts", () => {
    const c = build.counts;
    expect(c.v1Rows).toBe(7169);
    expect(c.v1Models).toBe(6797);
    expect(c.v2Rows).toBe(4576);
    expect(build.v2).toHaveLength(4576);
    expect(c.v1Models + c.v2OnlyModels).toBe(build.records.length);
    const ids = build.records.map((r) => r.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
    expect(c.registryHits + c.imputed + c.unresolved).toBe(build.records.length);
    expect(build.records.filter((r) => r.source === "leaderboard-v1")).toHaveLength(6797);
  });

  it("fills known models from the registry", () => {
    const mixtral = byId.get("mistralai/Mixtral-8x7B-v0.1");
    expect(mixtral?.is_moe).toBe(true);
    expect(mixtral?.params_b).toBe(46.7);
    expect(mixtral?.provenance.params_b).toBe("config");
    expect(mixtral?.moe_experts).toBe(8);
    expect(mixtral?.kind).toBe("pretrained");
    expect(mixtral?.created_at).toBe("2023-12-11");
    const llama = byId.get("meta-llama/Llama-2-7b-hf");
    // The float16 row (line 5254) wins over the 4bit one.
    expect([
      llama?.arc,
      llama?.hellaswag,
      llama?.mmlu,
      llama?.truthfulqa,
      llama?.winogrande,
      llama?.gsm8k,
    ]).toEqual([53.07, 78.59, 46.87, 38.76, 74.03, 14.48]);
    expect(llama?.precision).toBe("float16");
    expect(llama?.layers).toBe(32);
    expect(llama?.base_model).toBe("meta-llama/Llama-2-7b-hf");
    expect(llama?.warnings.some((w) => w.includes("2 v1 rows"))).toBe(true);
  });

  it("keeps v2-only models without v1 scores", () => {
    const v2only = build.records.filter((r) => r.source === "leaderboard-v2");
    expect(v2only.length).toBe(build.counts.v2OnlyModels);
    expect(v2only.every((r) => r.arc === null && r.average === null)).toBe(true);
    expect(v2only.every((r) => r.base_model === null || !r.base_model.endsWith(")"))).toBe(true);
  });

  it("labels every structure with its evidence, and fills only what the evidence supports", () => {
    const v1 = build.records.filter((r) => r.source === "leaderboard-v1");
    for (const r of v1) {
      if (r.evidence === "unresolved") {
        expect([r.layers, r.d_model, r.d_ffn, r.heads, r.kv_heads], r.id).toEqual([
          null,
          null,
          null,
          null,
          null,
        ]);
        expect(r.warnings.length, r.id).toBeGreaterThan(0);
      } else if (r.evidence === "registry") {
        expect(r.provenance.layers, r.id).toBe("config");
      } else {
        expect(r.imputed_from, r.id).not.toBeNull();
        if (r.layers !== null) expect(r.provenance.layers, r.id).toBe("imputed");
        if (r.vocab_size !== null) expect(r.provenance.vocab_size, r.id).toBe("imputed");
        expect(r.impute_confidence, r.id).toBeGreaterThan(0);
        expect(r.impute_confidence, r.id).toBeLessThanOrEqual(1);
      }
    }
    const covered = v1.filter(isCovered);
    const modelsCoverage = covered.length / v1.length;
    console.log(
      `v1 coverage (layers, d_model, d_ffn, heads all filled): rows ${(100 * (build.counts.coverageV1Rows ?? 0)).toFixed(1)}%, ` +
        `models ${(100 * modelsCoverage).toFixed(1)}% (${covered.length}/${v1.length})`,
    );
    expect(modelsCoverage).toBeCloseTo(build.counts.coverageV1Models ?? -1, 10);
    // Preferring unknown to wrong costs coverage: no size, unknown class, custom or upscaled shapes stay null.
    expect(modelsCoverage).toBeGreaterThanOrEqual(0.8);
  });

  it("measures its own precision: no wrong core value on the registry checks or the hand-checked fine-tunes", () => {
    const byName = new Map(build.imputationChecks.map((c) => [c.name, c]));
    for (const name of ["registry leave-one-out", "registry shape held out", "hand-checked fine-tunes"]) {
      const c = byName.get(name);
      expect(c, name).toBeDefined();
      for (const f of c?.fields ?? []) {
        const limit = f.field === "vocab_size" ? 1 : 0.02;
        if (f.filled > 0) expect(f.wrong / f.filled, `${name} ${f.field}`).toBeLessThanOrEqual(limit);
      }
    }
    const hand = byName.get("hand-checked fine-tunes");
    expect((hand?.filledCore ?? 0) / (hand?.cases ?? 1)).toBeGreaterThanOrEqual(0.9);
    const loo = byName.get("registry leave-one-out");
    const vocab = loo?.fields.find((f) => f.field === "vocab_size");
    expect((vocab?.wrong ?? 1) / (vocab?.filled ?? 1)).toBeLessThanOrEqual(0.1);
  });

  it("maps SOLAR-style merges to 48 layers and moerges to Mixtral shapes", () => {
    const v1 = build.records.filter((r) => r.source === "leaderboard-v1");
    const solarish = v1.filter((r) => /10\.7b/i.test(r.id) && r.layers !== null);
    expect(solarish.length).toBeGreaterThan(50);
    expect(solarish.filter((r) => r.layers === 48).length / solarish.length).toBeGreaterThan(0.95);
    const fourX7 = v1.filter((r) => /4x7b/i.test(r.id) && r.architecture === "MixtralForCausalLM");
    const filled = fourX7.filter((r) => r.moe_experts !== null);
    expect(filled.length).toBeGreaterThan(30);
    expect(filled.every((r) => r.moe_experts === 4 && r.is_moe)).toBe(true);
  });
});
