import { describe, expect, it } from "vitest";
import { QueryError } from "./errors.ts";
import { parseFilter } from "./filter.ts";
import { MODEL_COLUMNS } from "./schema.ts";
import { searchFilters } from "./search.ts";

const f = (q: string) => searchFilters(q, MODEL_COLUMNS);

describe("searchFilters", () => {
  it("reads free text as a substring of the id and /.../ as a regular expression", () => {
    expect(f("mistral 7b")).toEqual(["id~mistral 7b"]);
    expect(f("/^meta-llama\\/.*chat$/")).toEqual(["id=~^meta-llama\\/.*chat$"]);
    expect(f("")).toEqual([]);
    expect(f("   ")).toEqual([]);
  });

  it("reads @field:value as a substring on text, equality on numbers and flags", () => {
    expect(f("@architecture:mistral @kind:merge @evidence:config")).toEqual([
      "architecture~mistral",
      "kind~merge",
      "evidence~config",
    ]);
    expect(f("@layers:32 @is_moe:true")).toEqual(["layers=32", "is_moe=true"]);
    expect(f("hermes @type:chat")).toEqual(["id~hermes", "kind~chat"]);
  });

  it("takes an operator at the start of a value, aliases and quoted values", () => {
    expect(f('@params_b:>=7 @size:<14 @kind:!=merge @arch:=~^llama @license:"llama 2"')).toEqual([
      "params_b>=7",
      "params_b<14",
      "kind!=merge",
      "architecture=~^llama",
      "license~llama 2",
    ]);
  });

  it("produces filters the filter language parses", () => {
    for (const expr of f("qwen @params_b:>=7 @evidence:name+size @family:qwen2 @flagged:false")) {
      expect(() => parseFilter(expr, MODEL_COLUMNS)).not.toThrow();
    }
  });

  it("rejects unknown fields, empty values and overlong text naming the problem", () => {
    expect(() => f("@depth:3")).toThrow(/unknown column 'depth'/);
    expect(() => f("@layers:")).toThrow(/@layers: needs a value/);
    expect(() => f("x".repeat(501))).toThrow(QueryError);
    // a non-numeric value for a numeric field fails when parsed, as a --where would
    expect(() => parseFilter(f("@layers:many")[0] ?? "", MODEL_COLUMNS)).toThrow(/not a number/);
  });
});
