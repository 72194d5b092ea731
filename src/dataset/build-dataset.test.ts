import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../contracts/index.ts";
import { BUNDLED_DATA, type BuildSummary, buildDataset } from "./build-dataset.ts";
import { loadDataset } from "./load-dataset.ts";
import { queryModels } from "./query-models.ts";

const haveData = existsSync(BUNDLED_DATA.v1File) && existsSync(BUNDLED_DATA.registryFile);
if (!haveData) console.warn(`skipping the bundled-data build: ${BUNDLED_DATA.v1File} is missing`);

describe.skipIf(!haveData)("buildDataset on the bundled leaderboard exports", () => {
  let dir: string;
  let summary: BuildSummary;
  let ds: Dataset;
  const stages = new Set<string>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "strata-build-"));
    summary = await buildDataset({ dataDir: dir, onProgress: (stage) => stages.add(stage) });
    ds = await loadDataset(dir);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("has one model per distinct id: every v1 model plus the v2-only ones", () => {
    const csv = readFileSync(BUNDLED_DATA.v1File, "utf8");
    // SOURCES.md: 7,169 v1 rows over 6,797 distinct model ids.
    expect(csv.trimEnd().split("\n").length - 1).toBeGreaterThanOrEqual(7169);
    expect(summary.counts.v1Models).toBe(6797);
    expect(summary.scoredModels).toBe(summary.counts.v1Models);
    expect(summary.models).toBe((summary.counts.v1Models ?? 0) + (summary.counts.v2OnlyModels ?? 0));
    expect(ds.records).toHaveLength(summary.models);
    expect(new Set(ds.records.map((r) => r.id)).size).toBe(summary.models);
    expect(ds.v2).toHaveLength(summary.v2Rows);
    expect(summary.v2Rows).toBe(4576);
    expect([...stages]).toEqual(["import", "save"]);
  });

  it("reports structural coverage at least as high as the leaderboard import does", () => {
    const cov = Object.fromEntries(summary.coverage.map((c) => [c.column, c]));
    // The import counts a scored model as covered when layers, d_model, d_ffn and heads are all known.
    const joint = ds.records.filter(
      (r) =>
        r.average !== null && r.layers !== null && r.d_model !== null && r.d_ffn !== null && r.heads !== null,
    ).length;
    expect(joint / summary.scoredModels).toBeCloseTo(summary.counts.coverageV1Models ?? Number.NaN, 3);
    for (const c of ["layers", "d_model", "d_ffn", "heads"]) {
      expect(cov[c]?.scored).toBeGreaterThanOrEqual((summary.counts.coverageV1Models ?? 1) - 1e-12);
    }
    expect(cov.moe_experts?.over).toBe("moe-models");
    const provTotal = Object.values(summary.provenance).reduce((s, n) => s + (n ?? 0), 0);
    const known = ds.records.reduce(
      (s, r) => s + summary.coverage.filter((c) => r[c.column as keyof typeof r] !== null).length,
      0,
    );
    expect(provTotal).toBe(known);
  });

  it("keeps the leaderboard's scores for a known model", async () => {
    // open_llm_leaderboard_v1.csv, the float16 row of meta-llama/Llama-2-7b-hf: 50.97 average, MMLU 46.87.
    const r = await queryModels(dir, { where: ["id=meta-llama/Llama-2-7b-hf"] });
    expect(r.rows[0]).toMatchObject({
      layers: 32,
      d_model: 4096,
      d_ffn: 11008,
      heads: 32,
      mmlu: 46.87,
      average: 50.97,
    });
    const big = await queryModels(dir, {
      where: ["layers>=80", "kind=pretrained"],
      columns: ["id", "layers"],
    });
    expect(big.total).toBeGreaterThan(0);
    for (const row of big.rows) expect(row.layers).toBeGreaterThanOrEqual(80);
  });

  it("writes every warning to build-warnings.json and pins its inputs by hash", () => {
    const doc = JSON.parse(readFileSync(summary.warningsFile, "utf8")) as {
      count: number;
      warnings: { file: string; line: number | null; field: string | null; message: string }[];
    };
    expect(doc.count).toBe(summary.warnings);
    expect(doc.warnings).toHaveLength(ds.warnings.length);
    for (const w of doc.warnings) expect(Object.keys(w)).toEqual(["file", "line", "field", "message"]);
    const v1 = summary.inputs.find((i) => i.role === "v1");
    expect(v1?.sha256).toBe(createHash("sha256").update(readFileSync(BUNDLED_DATA.v1File)).digest("hex"));
    expect(ds.meta.inputs).toEqual(summary.inputs);
    expect(ds.meta.counts).toEqual(summary.counts);
  });
});
