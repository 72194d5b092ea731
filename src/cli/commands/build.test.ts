import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_DATA, type BuildSummary } from "../../dataset/index.ts";
import { runCli } from "../test-io.ts";

const haveData = existsSync(BUNDLED_DATA.v1File) && existsSync(BUNDLED_DATA.registryFile);
if (!haveData) console.warn(`skipping strata build: ${BUNDLED_DATA.v1File} is missing`);

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
