import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveDataset } from "../../dataset/index.ts";
import { sampleDataset } from "../../dataset/test-records.ts";
import { runCli } from "../test-io.ts";

// The CLI resolves --data-dir against its cwd: the dataset sits in <cwd>/strata-data, the default.
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "strata-cli-"));
  await saveDataset(join(cwd, "strata-data"), sampleDataset());
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe("strata models", () => {
  it("prints an aligned table of the filtered models", async () => {
    const r = await runCli(
      ["models", "--where", "layers>=32", "--sort", "params_b:desc", "--columns", "id,params_b"],
      cwd,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^id\s+params_b$/);
    expect(lines[2]).toMatch(/^mistralai\/Mixtral-8x7B-v0\.1\s+46\.7$/);
    expect(lines.at(-2)).toMatch(/^someorg\/llama-2-7b-chat-quantized\s+-$/);
    expect(lines.at(-1)).toBe("4 of 4 matching models");
    // Numbers are right-aligned: every data row ends at the same column.
    const widths = new Set(lines.slice(2, -1).map((l) => l.length));
    expect(widths.size).toBe(1);
  });

  it("prints one JSON document with --json and honours --limit", async () => {
    const r = await runCli(["models", "--where", "id~mistral", "--limit", "1", "--json"], cwd);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { total: number; rows: { id: string }[]; columns: string[] };
    expect(doc.total).toBe(2);
    expect(doc.rows.map((x) => x.id)).toEqual(["mistralai/Mistral-7B-v0.1"]);
    expect(doc.columns[0]).toBe("id");
  });

  it("exits 2 naming the valid columns for an unknown one", async () => {
    const r = await runCli(["models", "--where", "depth>3"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^strata: unknown column 'depth'; valid columns: id, /);
    const bad = await runCli(["models", "--limit", "ten"], cwd);
    expect(bad.code).toBe(2);
  });

  it("tells the user to build first when there is no dataset", async () => {
    const r = await runCli(["models", "--data-dir", "empty"], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `strata: no dataset at ${join(cwd, "empty", "strata.duckdb")}: run \`strata build\` first (or pass --data-dir)\n`,
    );
  });
});

describe("strata export", () => {
  it("writes the file and prints it with the row count", async () => {
    const r = await runCli(["export", "--format", "csv", "--out", "out/models.csv"], cwd);
    expect(r.code).toBe(0);
    const file = join(cwd, "out", "models.csv");
    expect(r.stdout).toBe(`wrote 6 models rows to ${file}\n`);
    expect(readFileSync(file, "utf8").trimEnd().split("\n")).toHaveLength(7);
    const j = await runCli(["export", "--format", "parquet", "--table", "scores_v2", "--json"], cwd);
    expect(JSON.parse(j.stdout)).toEqual({
      file: join(cwd, "strata-data", "scores_v2.parquet"),
      rows: 1,
      format: "parquet",
      table: "scores_v2",
    });
    expect(existsSync(join(cwd, "strata-data", "scores_v2.parquet"))).toBe(true);
  });

  it("exits 2 without a valid --format or --table", async () => {
    expect((await runCli(["export"], cwd)).stderr).toBe(
      "strata: --format is required (--format parquet|csv|json)\n",
    );
    expect((await runCli(["export", "--format", "xlsx"], cwd)).code).toBe(2);
    expect((await runCli(["export", "--format", "csv", "--table", "meta"], cwd)).code).toBe(2);
  });
});

describe("strata stats", () => {
  it("prints Table 1 as text and as JSON", async () => {
    const r = await runCli(["stats"], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Table 1 over 6 models");
    // layers: 12 24 32 32 32 32 -> n 6, Q1 26, Q2 32, max 32, none missing
    expect(r.stdout).toMatch(/\nlayers\s+6\s+27\.33\s+32\s+26\s+32\s+32\s+32\s+\S+\s+\S+\s+0\.0%\n/);
    const j = await runCli(["stats", "--json"], cwd);
    const doc = JSON.parse(j.stdout) as {
      models: number;
      rows: { label: string; skewness: number | null }[];
    };
    expect(doc.models).toBe(6);
    expect(doc.rows.find((x) => x.label === "downloads")?.skewness).toBeNull();
    const sub = await runCli(["stats", "--where", "kind=pretrained", "--where", "mmlu!=null"], cwd);
    expect(sub.stdout).toContain("Table 1 over 4 models matching kind=pretrained and mmlu!=null");
    // layers of Llama-2-7b, Mistral-7B, Mixtral, gpt2: 32 32 32 12 -> Q1 at h = 0.75: 12 + 0.75 * 20 = 27
    expect(sub.stdout).toMatch(/\nlayers\s+4\s+27\s+32\s+27\s+32\s+32\s+32\s/);
  });
});
