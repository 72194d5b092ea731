import { describe, expect, it } from "vitest";
import { type ImputeInput, imputeStructure } from "./impute.ts";
import { parseNameSize } from "./name-hints.ts";
import { loadRegistry } from "./registry.ts";

const registry = loadRegistry();
const row = (over: Partial<ImputeInput>): ImputeInput => ({
  id: "someone/model",
  architecture: "LlamaForCausalLM",
  params_floor: null,
  params_exact: null,
  is_moe: false,
  ...over,
});

describe("parseNameSize", () => {
  it.each([
    ["meta-llama/Llama-2-13b-hf", 13, null],
    ["upstage/SOLAR-10.7B-v1.0", 10.7, null],
    ["Qwen/Qwen-1_8B", 1.8, null],
    ["mistralai/Mixtral-8x7B-v0.1", 7, 8],
    ["cloudyu/Mixtral_7Bx2_MoE", 7, 2],
    ["Weyaxi/Bagel-Hermes-2x34B", 34, 2],
    ["facebook/opt-350m", 0.35, null],
    ["Qwen/Qwen1.5-MoE-A2.7B", null, null],
    ["someone/zephyr-beta-v0.1", null, null],
  ])("%s -> size %s, experts %s", (id, size, experts) => {
    expect(parseNameSize(id)).toEqual({ size_b: size, experts });
  });
});

describe("imputeStructure", () => {
  it("uses the registry for an exact (case-insensitive) id", () => {
    const r = imputeStructure(
      row({ id: "MistralAI/Mixtral-8x7B-v0.1", architecture: "MixtralForCausalLM" }),
      registry,
    );
    expect(r.match).toBe("config");
    expect(r.structure.moe_experts).toBe(8);
    expect(r.structure.params_b).toBe(46.7);
    expect(r.provenance.layers).toBe("config");
    expect(r.imputed_from).toBeNull();
  });

  it("maps a 7B Mistral fine-tune to Mistral-7B with provenance 'imputed'", () => {
    const r = imputeStructure(
      row({ id: "x/zephyr-7b", architecture: "MistralForCausalLM", params_floor: 7 }),
      registry,
    );
    expect(r.imputed_from).toBe("mistralai/Mistral-7B-v0.1");
    expect(r.structure.layers).toBe(32);
    expect(r.provenance.layers).toBe("imputed");
    expect(r.structure.params_b).toBe(7.24);
    expect(r.impute_confidence).toBeGreaterThan(0.4);
  });

  it("maps depth-upscaled 10.7B/11B models (Llama or Mistral class) to the 48-layer SOLAR shape", () => {
    for (const [arch, floor, id] of [
      ["LlamaForCausalLM", 10, "x/merged-10.7B"],
      ["MistralForCausalLM", 10, "x/Fimbulvetr-11B-v2"],
      ["LlamaForCausalLM", 10, "x/some-solar-tune"],
    ] as const) {
      const r = imputeStructure(row({ id, architecture: arch, params_floor: floor }), registry);
      expect(r.structure.layers, id).toBe(48);
      expect(r.imputed_from).toBe("upstage/SOLAR-10.7B-v1.0");
    }
  });

  it("builds MoE merges with the expert count from the name", () => {
    const four = imputeStructure(
      row({ id: "x/Beagle-4x7B-MoE", architecture: "MixtralForCausalLM", params_floor: 24, is_moe: true }),
      registry,
    );
    expect(four.structure.moe_experts).toBe(4);
    expect(four.structure.d_ffn).toBe(14336);
    expect(four.structure.params_b).toBeGreaterThanOrEqual(24);
    expect(four.structure.params_b).toBeLessThan(25);
    const two = imputeStructure(
      row({ id: "x/Yi-2x34B", architecture: "MixtralForCausalLM", params_floor: 60 }),
      registry,
    );
    expect(two.structure.moe_experts).toBe(2);
    expect(two.structure.d_model).toBe(7168);
    // Without a count in the name the count is solved from the size: 3 x Mistral-7B is ~18.5B.
    const three = imputeStructure(
      row({ id: "x/moerge", architecture: "MixtralForCausalLM", params_floor: 18 }),
      registry,
    );
    expect(three.structure.moe_experts).toBe(3);
    expect(three.warnings.join(" ")).toMatch(/solved from the size/);
  });

  it("prefers the family the name hints (Llama-3 8B, Qwen1.5 llamafied 72B)", () => {
    const l3 = imputeStructure(row({ id: "x/Llama-3-8B-tune", params_floor: 8 }), registry);
    expect(l3.structure.vocab_size).toBe(128256);
    const qwen = imputeStructure(row({ id: "x/qwen72b-llamafied", params_floor: 72 }), registry);
    expect(qwen.imputed_from?.startsWith("Qwen/")).toBe(true);
  });

  it("keeps a consistent params_b and flags a base that disagrees with the floored size", () => {
    // 9B Llama-class rows: the nearest base is Yi-9B (8.83B), outside [9, 10).
    const r = imputeStructure(row({ id: "x/frankenmerge", params_floor: 9 }), registry);
    expect(r.structure.params_b).toBeGreaterThanOrEqual(9);
    expect(r.structure.params_b).toBeLessThan(10);
    expect(r.provenance.params_b).toBe("estimated");
    expect(r.warnings.join(" ")).toMatch(/floored size 9B disagrees/);
  });

  it("uses the exact v2 size when there is one", () => {
    const r = imputeStructure(
      row({ id: "x/y", architecture: "Qwen2ForCausalLM", params_exact: 7.616 }),
      registry,
    );
    expect(r.structure.params_b).toBe(7.616);
    expect(r.provenance.params_b).toBe("leaderboard");
    expect(r.structure.d_model).toBe(3584);
  });

  it("leaves a row unresolved when nothing fits, keeping the floored size as the fallback", () => {
    const r = imputeStructure(
      row({ id: "x/rwkv", architecture: "RwkvForCausalLM", params_floor: 7 }),
      registry,
    );
    expect(r.match).toBe("none");
    expect(r.structure.layers).toBeNull();
    expect(r.structure.params_b).toBe(7);
    expect(r.provenance.params_b).toBe("leaderboard");
    const nosize = imputeStructure(row({ id: "x/nameless" }), registry);
    expect(nosize.match).toBe("none");
    expect(nosize.warnings.join(" ")).toMatch(/no size/);
  });
});

describe("leave-one-out on the registry's own models in leaderboard v1", () => {
  it("recovers the exact shape of a held-out base when a same-family twin of it remains", async () => {
    const { importV1 } = await import("./import-v1.ts");
    const { BUNDLED } = await import("./data-files.ts");
    const v1 = await importV1(BUNDLED.v1);
    const shape = (s: {
      layers: number | null;
      d_model: number | null;
      d_ffn: number | null;
      heads: number | null;
    }) => `${s.layers}/${s.d_model}/${s.d_ffn}/${s.heads}`;
    const byId = new Map<string, typeof v1.rows>();
    for (const r of v1.rows) {
      const k = r.id.toLowerCase();
      byId.set(k, [...(byId.get(k) ?? []), r]);
    }
    let all = 0;
    let allOk = 0;
    let twins = 0;
    let twinsOk = 0;
    for (const [key, rows] of byId) {
      const held = registry.byId.get(key);
      const first = rows[0];
      if (!held || !first) continue;
      const without = {
        ...registry,
        entries: registry.entries.filter((e) => e !== held),
        byId: new Map([...registry.byId].filter(([id]) => id !== key)),
        byFamily: new Map([...registry.byFamily].map(([f, es]) => [f, es.filter((e) => e !== held)])),
      };
      const r = imputeStructure(
        {
          id: first.id,
          architecture: rows.map((x) => x.architecture).find((x) => x !== null) ?? null,
          params_floor: rows.map((x) => x.params_b_floor).find((x) => x !== null) ?? null,
          params_exact: null,
          is_moe: first.is_moe,
          submitted_at: first.submitted_at,
        },
        without,
      );
      const ok = shape(r.structure) === shape(held);
      all += 1;
      if (ok) allOk += 1;
      if (registry.entries.some((e) => e !== held && e.family === held.family && shape(e) === shape(held))) {
        twins += 1;
        if (ok) twinsOk += 1;
      }
    }
    console.log(
      `leave-one-out: exact shape recovered for ${allOk}/${all} held-out registry models in v1; ` +
        `${twinsOk}/${twins} of those with a same-family twin`,
    );
    expect(twins).toBeGreaterThan(50);
    expect(twinsOk / twins).toBeGreaterThanOrEqual(0.85);
  });
});
