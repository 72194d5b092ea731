import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveProbeResult } from "../../probe/save.ts";
import { compileSpec } from "../render.ts";
import { goldenText } from "../specs/goldens.ts";
import { analyzeInsideModel, type InsideModelData } from "./analyze.ts";
import { fixtureInsideModel } from "./fixtures.ts";
import { INSIDE_GOLDEN_CASES, INSIDE_GOLDEN_DIR } from "./goldens.ts";
import { insideModelSection } from "./section.ts";

const SCHEMA_FILE = fileURLToPath(
  new URL("../../../node_modules/vega-lite/build/vega-lite-schema.json", import.meta.url),
);
const validate = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false }).compile(
  JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object,
);
const CASES = Object.entries(INSIDE_GOLDEN_CASES).map(([n, f]) => [n, f()] as const);

describe("'Inside a model' specs", () => {
  it.each(CASES)("%s is valid Vega-Lite, compiles without warnings and matches its golden", (name, spec) => {
    expect(validate(JSON.parse(JSON.stringify(spec))) ? [] : validate.errors?.slice(0, 3)).toEqual([]);
    expect(compileSpec(name, spec).warnings).toEqual([]);
    const file = `${INSIDE_GOLDEN_DIR}${name}.golden.json`;
    expect(existsSync(file), `${file} is missing: run 'npm run goldens' and review the diff`).toBe(true);
    expect(goldenText(spec)).toBe(readFileSync(file, "utf8"));
  });

  it("the section names the pruned layer, its loss change and where it ranks", () => {
    const s = insideModelSection(fixtureInsideModel());
    expect(s.id).toBe("inside-model");
    expect(s.figures.map((f) => f.id)).toEqual(["fig-inside-bi", "fig-inside-prune", "fig-inside-gradients"]);
    expect(s.reading).toContain("Removing layer 2 takes the held-out loss from 1.400 to 2.100");
    expect(s.reading).toContain("ranks 2 of 4 by loss (least harmful: layer 3)");
    expect(s.study?.verdict).toBe("no number");
    expect(s.tables[1]?.rows[0]).toEqual([
      "tiny",
      "bi",
      "Block Influence of 4 layers",
      "/data/probe/tiny/bi.json",
    ]);
  });
});

describe("analyzeInsideModel on the bundled stories260K", () => {
  let d: InsideModelData;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "strata-inside-"));
    saveProbeResult(dataDir, "/x/my-model", "bi", { layers: [0, 1], bi: [0.3, 0.1], tokens: 50 });
    d = await analyzeInsideModel({ dataDir });
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prunes the lowest-BI layer and measures the held-out loss with and without it", () => {
    expect(d.bundled).toBe(true);
    expect(d.layers).toBe(5);
    expect(d.bi.bos).toBe(true);
    const low = d.bi.bi.indexOf(Math.min(...d.bi.bi));
    expect(d.prune.removed).toBe(d.bi.layers[low]);
    expect(d.prune.lossBefore).toBeLessThan(2);
    expect(d.prune.lossAfter).toBeGreaterThan(d.prune.lossBefore);
    expect(d.prune.perLayer?.map((p) => p.layer)).toEqual([0, 1, 2, 3, 4]);
    expect(d.prune.perLayer?.find((p) => p.layer === d.prune.removed)?.loss).toBe(d.prune.lossAfter);
  });

  it("has per-layer gradient norms on both tasks, and lists the saved result", () => {
    expect(d.gradients.map((g) => [g.task, g.samples, g.layers.length])).toEqual([
      ["arc_challenge", 20, 5],
      ["truthfulqa", 20, 5],
    ]);
    for (const g of d.gradients)
      for (const v of Object.values(g.nuclearMean).flat()) expect(v).toBeGreaterThan(0);
    expect(d.saved).toEqual([
      {
        model: "my-model",
        kind: "bi",
        file: join(dataDir, "probe", "my-model", "bi.json"),
        summary: "Block Influence of 2 layers over 50 tokens; lowest: layer 1 (0.1000)",
      },
    ]);
  });
});
