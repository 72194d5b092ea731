import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/test-io.ts";
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

describe.skipIf(!haveData)("strata build", () => {
  let cwd: string;

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), "strata-build-cli-"));
    // The header and first 300 rows of the real v1 export keep the CLI test quick.
    const lines = readFileSync(BUNDLED_DATA.v1File, "utf8").split("\n");
    writeFileSync(join(cwd, "v1-head.csv"), `${lines.slice(0, 301).join("\n")}\n`);
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it("prints the summary: models, coverage table, provenance, warnings file", async () => {
    const r = await runCli(["build", "--v1", "v1-head.csv", "--no-v2"], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^built strata-data\/strata\.duckdb in \d+\.\ds/);
    expect(r.stdout).toMatch(/\nmodels: \d+ \(\d+ with v1 scores, 0 v2-only\); v2 score rows: 0\n/);
    expect(r.stdout).toMatch(/\nlayers\s+\d+\.\d%\s+\d+\.\d%\n/);
    expect(r.stdout).toMatch(/\nwarnings: \d+ import warnings in strata-data\/build-warnings\.json; /);
    expect(r.stderr).toContain("writing DuckDB file");
    const models = await runCli(["models", "--json", "--limit", "0", "--columns", "id"], cwd);
    const doc = JSON.parse(models.stdout) as { total: number };
    const m = /models: (\d+)/.exec(r.stdout);
    expect(doc.total).toBe(Number(m?.[1]));
  });

  it("prints the summary as JSON with --json and exits 1 naming a missing input", async () => {
    const r = await runCli(["build", "--v1", "v1-head.csv", "--no-v2", "--data-dir", "j", "--json"], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const s = JSON.parse(r.stdout) as BuildSummary;
    expect(s.dbFile).toBe(join(cwd, "j", "strata.duckdb"));
    expect(s.scoredModels).toBe(s.models);
    expect(s.coverage.map((c) => c.column)).toContain("d_ffn");
    const missing = await runCli(["build", "--v1", "nope.csv", "--data-dir", "k"], cwd);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(cwd, "nope.csv"));
    expect(existsSync(join(cwd, "k", "strata.duckdb"))).toBe(false);
  });
});
