import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../contracts/index.ts";
import { BUNDLED } from "./data-files.ts";
import { loadImputationRules } from "./impute-rules.ts";

const bundled = JSON.parse(readFileSync(BUNDLED.imputationRules, "utf8")) as Record<string, unknown>;
const write = (over: Record<string, unknown>): string => {
  const file = join(mkdtempSync(join(tmpdir(), "strata-rules-")), "rules.json");
  writeFileSync(file, JSON.stringify({ ...bundled, ...over }));
  return file;
};

describe("loadImputationRules", () => {
  it("reads the bundled rules: hints with their strength, base hints, nominal sizes and first-public dates", () => {
    const r = loadImputationRules();
    expect(r.nameHints.some((h) => h.family === "llama-1" && h.strength === "weak")).toBe(true);
    expect(r.baseHints.find((h) => h.pattern.test("DialoGPT-large"))?.base).toBe("gpt2-large");
    expect(r.nominalSizes.get("huggyllama/llama-30b")).toContain(33);
    expect(r.firstPublic.get("tinyllama/tinyllama-1.1b-intermediate-step-1431k-3t")).toBe("2023-09-04");
  });

  it.each([
    [
      { name_hints: [{ pattern: "(", family: "x" }] },
      /name_hints\[0\]: "pattern" is not a valid regular expression/,
    ],
    [
      { name_hints: [{ pattern: "x", family: "x", strength: "loud" }] },
      /name_hints\[0\]: "strength" must be strong or weak/,
    ],
    [{ base_hints: [{ pattern: "x" }] }, /base_hints\[0\]: expected \{pattern, base\}/],
    [{ nominal_sizes: { "a/b": ["7"] } }, /nominal_sizes.a\/b: expected an array of positive numbers/],
    [{ first_public: { "a/b": "soon" } }, /first_public.a\/b: expected an ISO date/],
    [{ architectures: { X: "llama" } }, /architectures.X: expected an array of family names/],
  ])("rejects a broken rules file naming the file, entry and field (%j)", (over, message) => {
    const file = write(over);
    expect(() => loadImputationRules(file)).toThrow(DataError);
    expect(() => loadImputationRules(file)).toThrow(message);
    expect(() => loadImputationRules(file)).toThrow(file);
  });
});
