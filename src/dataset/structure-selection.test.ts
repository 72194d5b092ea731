import { describe, expect, it } from "vitest";
import { emptyRecord, type ModelRecord } from "../contracts/index.ts";
import { selectByStructure, structureSelected } from "./structure-selection.ts";

const rec = (id: string, o: Partial<ModelRecord>): ModelRecord => ({ ...emptyRecord(id), ...o });

describe("structure selection", () => {
  const rows = [
    rec("a/config", { evidence: "config" }),
    rec("a/registry", { evidence: "registry" }),
    rec("a/strong", { evidence: "name+size", impute_confidence: 0.9 }),
    rec("a/edge", { evidence: "size-only", impute_confidence: 0.8 }),
    rec("a/weak", { evidence: "name-only", impute_confidence: 0.5 }),
    rec("a/unresolved", { evidence: "unresolved", impute_confidence: null }),
  ];
  it("all keeps every row, config only those read from a config.json", () => {
    expect(selectByStructure(rows, "all").map((r) => r.id)).toHaveLength(6);
    expect(selectByStructure(rows, "config").map((r) => r.id)).toEqual(["a/config", "a/registry"]);
  });
  it("confident adds imputations at or above 0.8 and never an unresolved row", () => {
    expect(selectByStructure(rows, "confident").map((r) => r.id)).toEqual([
      "a/config",
      "a/registry",
      "a/strong",
      "a/edge",
    ]);
    expect(structureSelected({ evidence: "unresolved", impute_confidence: 1 }, "confident")).toBe(false);
  });
});
