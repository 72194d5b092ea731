import { describe, expect, it } from "vitest";
import { emptyRecord, type ModelRecord } from "../contracts/index.ts";
import { dataQuality, dateSourceCounts } from "./data-quality.ts";

function rec(id: string, over: Partial<ModelRecord>): ModelRecord {
  return { ...emptyRecord(id), arc: 50, ...over };
}

const read = { layers: 32, d_model: 4096, provenance: { layers: "config", d_model: "config" } } as const;
const imputed = { layers: 32, d_model: 4096, provenance: { layers: "imputed", d_model: "imputed" } } as const;
const records: ModelRecord[] = [
  rec("base/llama", { ...read, evidence: "registry", date_source: "registry-release" }),
  rec("a/ft-1", { ...imputed, evidence: "name+size", impute_confidence: 0.9, date_source: "hub" }),
  rec("a/ft-2", {
    ...imputed,
    evidence: "name+size",
    impute_confidence: 0.54,
    date_source: "leaderboard-submission",
  }),
  rec("a/ft-3", { ...imputed, evidence: "size-only", impute_confidence: 0.05, imputed_from: "base/llama" }),
  rec("a/odd", { evidence: "unresolved", warnings: ["no size: params_b unknown and no size in the name"] }),
  rec("a/unscored", { ...imputed, evidence: "prior", impute_confidence: 0.1, arc: null }),
];

describe("dataQuality", () => {
  const q = dataQuality(records, (r) => r.arc !== null, 2);

  it("counts models per evidence class and per structure selection, all and scored", () => {
    const by = Object.fromEntries(q.evidence.map((e) => [e.evidence, [e.all, e.scored]]));
    expect(by).toMatchObject({ registry: [1, 1], "name+size": [2, 2], "size-only": [1, 1], prior: [1, 0] });
    expect(by.unresolved).toEqual([1, 1]);
    expect(q.selections).toEqual({
      all: { all: 6, scored: 5 },
      confident: { all: 2, scored: 2 },
      config: { all: 1, scored: 1 },
    });
  });

  it("bins the confidence of imputed models; read and unresolved ones have none", () => {
    const nonEmpty = q.confidence.filter((b) => b.all > 0).map((b) => [b.lo, b.all, b.scored]);
    expect(nonEmpty).toEqual([
      [0, 1, 1],
      [0.1, 1, 0],
      [0.5, 1, 1],
      [0.9, 1, 1],
    ]);
    expect(q.noConfidence).toEqual({ all: 2, scored: 2 });
  });

  it("says per column of the scored models what was read, imputed or is missing", () => {
    const layers = q.columns.find((c) => c.column === "layers");
    expect(layers).toMatchObject({ read: 1, imputed: 3, missing: 1, leaderboard: 0, estimated: 0 });
  });

  it("lists the least certain scored models with a structure, and the unresolved ones with why", () => {
    expect(q.leastCertain.map((m) => [m.id, m.impute_confidence])).toEqual([
      ["a/ft-3", 0.05],
      ["a/ft-2", 0.54],
    ]);
    expect(q.unresolved).toEqual({
      count: 1,
      examples: [{ id: "a/odd", warning: "no size: params_b unknown and no size in the name" }],
    });
  });

  it("counts date sources, undated as none", () => {
    expect(dateSourceCounts(records)).toEqual({
      hub: 1,
      "registry-release": 1,
      "leaderboard-submission": 1,
      none: 3,
    });
  });
});
