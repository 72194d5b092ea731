import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFile } from "./db.ts";
import { DatasetError, QueryError } from "./errors.ts";
import { exportDataset } from "./export-dataset.ts";
import { loadDataset, loadRecords } from "./load-dataset.ts";
import { queryModels } from "./query-models.ts";
import { saveDataset } from "./save-dataset.ts";
import { MODEL_COLUMNS } from "./schema.ts";
import { sampleDataset, sampleRecords } from "./test-records.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "strata-dataset-"));
  await saveDataset(dir, sampleDataset());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs one query on a file with a fresh in-memory DuckDB, independent of the code under test. */
async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const conn = await instance.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowObjectsJS();
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

describe("saveDataset / loadDataset", () => {
  it("round-trips records, v2 rows, warnings and meta exactly", async () => {
    const ds = sampleDataset();
    const back = await loadDataset(dir);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect(back.records).toEqual([...ds.records].sort(byId));
    expect(back.v2).toEqual(ds.v2);
    expect(back.warnings).toEqual(ds.warnings);
    expect(back.meta).toEqual(ds.meta);
    expect(await loadRecords(dir)).toEqual(back.records);
  });

  it("writes one complete file and no leftovers", () => {
    expect(readdirSync(dir).sort()).toEqual(["strata.duckdb"]);
  });

  it("stores typed columns: BIGINT structure, JSON provenance, a list of warnings", async () => {
    const file = datasetFile(dir);
    const types = await duck(
      `ATTACH '${file}' AS ds (READ_ONLY); SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'ds' AND table_name = 'models'`,
    );
    const typeOf = Object.fromEntries(types.map((r) => [r.column_name, r.data_type]));
    expect(typeOf.layers).toBe("BIGINT");
    expect(typeOf.params_b).toBe("DOUBLE");
    expect(typeOf.provenance).toBe("JSON");
    expect(typeOf.warnings).toBe("VARCHAR[]");
    expect(Object.keys(typeOf).sort()).toEqual(Object.keys(MODEL_COLUMNS).sort());
  });

  it("replaces an existing dataset atomically and refuses duplicate ids without touching it", async () => {
    const other = await mkdtemp(join(tmpdir(), "strata-dataset-"));
    try {
      const ds = sampleDataset();
      await saveDataset(other, ds);
      const one = ds.records.slice(0, 2);
      await expect(saveDataset(other, { ...ds, records: one })).rejects.toThrow(
        /refusing to replace .*strata\.duckdb \(6 models\) with a dataset of 2 models/,
      );
      await expect(saveDataset(other, { ...ds, records: [] })).rejects.toThrow(/with a dataset of 0 models/);
      expect(await loadRecords(other)).toHaveLength(ds.records.length);
      await saveDataset(other, { ...ds, records: one }, { force: true });
      expect((await loadRecords(other)).map((r) => r.id)).toEqual(one.map((r) => r.id).sort());
      const dup = { ...ds, records: [...one, { ...(one[0] ?? sampleRecords()[0]) }] };
      await expect(saveDataset(other, dup as typeof ds)).rejects.toThrow(/appears twice/);
      expect(await loadRecords(other)).toHaveLength(2);
      expect(readdirSync(other)).toEqual(["strata.duckdb"]);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("removes the temporaries a killed save left behind, and keeps those of a live one", async () => {
    const other = await mkdtemp(join(tmpdir(), "strata-dataset-"));
    try {
      // A pid that cannot be alive (above the kernel's pid_max), and this process's own.
      const dead = join(other, ".strata-99999999-0badf00d.duckdb.tmp");
      const live = join(other, `.strata-${process.pid}-0badf00d.duckdb.tmp`);
      for (const f of [dead, `${dead}.wal`, live]) await writeFile(f, "half-written");
      await saveDataset(other, sampleDataset());
      expect(readdirSync(other).sort()).toEqual([
        `.strata-${process.pid}-0badf00d.duckdb.tmp`,
        "strata.duckdb",
      ]);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("rejects values that break the contract, naming the row and field", async () => {
    const other = await mkdtemp(join(tmpdir(), "strata-dataset-"));
    try {
      const ds = sampleDataset();
      const bad = { ...ds, records: [{ ...sampleRecords()[0], layers: 32.5 }] } as typeof ds;
      await expect(saveDataset(other, bad)).rejects.toThrow(
        "models row 1 (meta-llama/Llama-2-7b-hf), field 'layers': expected an integer, got 32.5",
      );
      const nan = { ...ds, records: [{ ...sampleRecords()[0], mmlu: Number.NaN }] } as typeof ds;
      await expect(saveDataset(other, nan)).rejects.toThrow(/field 'mmlu': expected a finite number/);
      expect(existsSync(datasetFile(other))).toBe(false);
      expect(readdirSync(other)).toEqual([]);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("says to run strata build when the dataset is missing, and names the file", async () => {
    const empty = join(dir, "nowhere");
    const err = await loadRecords(empty).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toContain(join(empty, "strata.duckdb"));
    expect((err as Error).message).toContain("strata build");
  });

  it("asks for a rebuild when the file lacks a column this version expects", async () => {
    const other = await mkdtemp(join(tmpdir(), "strata-dataset-"));
    try {
      await saveDataset(other, sampleDataset());
      const instance = await DuckDBInstance.create(datasetFile(other));
      try {
        const conn = await instance.connect();
        await conn.run("ALTER TABLE models DROP COLUMN kv_heads");
        conn.closeSync();
      } finally {
        instance.closeSync();
      }
      await expect(loadRecords(other)).rejects.toThrow(
        `${datasetFile(other)} is not a dataset of this Strata version (missing models.kv_heads): run \`strata build\` again`,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("reports a file that is not a dataset as a DatasetError", async () => {
    const other = await mkdtemp(join(tmpdir(), "strata-dataset-"));
    try {
      writeFileSync(datasetFile(other), "not a database\n");
      await expect(loadRecords(other)).rejects.toBeInstanceOf(DatasetError);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe("queryModels", () => {
  it("filters with ANDed comparisons and sorts", async () => {
    const r = await queryModels(dir, { where: ["layers>=32", "kv_heads<32"], sort: "params_b:desc" });
    expect(r.rows.map((x) => x.id)).toEqual(["mistralai/Mixtral-8x7B-v0.1", "mistralai/Mistral-7B-v0.1"]);
    expect(r.total).toBe(2);
  });

  it("matches text exactly with = and as a case-insensitive substring with ~", async () => {
    const llama = await queryModels(dir, { where: ["model_type=llama"], columns: ["id", "layers"] });
    expect(llama.rows).toEqual([
      { id: "meta-llama/Llama-2-7b-hf", layers: 32 },
      { id: "someorg/llama-2-7b-chat-quantized", layers: 32 },
    ]);
    expect(llama.columns).toEqual(["id", "layers"]);
    const sub = await queryModels(dir, { where: ["id~MISTRAL"], columns: ["id"] });
    expect(sub.rows.map((x) => x.id)).toEqual(["mistralai/Mistral-7B-v0.1", "mistralai/Mixtral-8x7B-v0.1"]);
    const not = await queryModels(dir, { where: ["id!~mistral", "kind=pretrained"], columns: ["id"] });
    expect(not.rows.map((x) => x.id)).toEqual([
      "Qwen/Qwen2.5-0.5B",
      "meta-llama/Llama-2-7b-hf",
      "openai-community/gpt2",
    ]);
  });

  it("handles missing values, booleans, limits, warnings and sorting nulls last", async () => {
    const missing = await queryModels(dir, { where: ["params_b=null"], columns: ["id"] });
    expect(missing.rows).toEqual([{ id: "someorg/llama-2-7b-chat-quantized" }]);
    // A list column's "none" is an empty list: only the rows with a warning have warnings != null.
    const anyWarning = await queryModels(dir, { where: ["warnings!=null"], columns: ["id"] });
    const all = await queryModels(dir, { columns: ["id", "warnings"], limit: undefined });
    const withWarnings = all.rows.filter((r) => (r.warnings as string[]).length > 0).map((r) => r.id);
    expect(withWarnings.length).toBeGreaterThan(0);
    expect(withWarnings.length).toBeLessThan(all.rows.length);
    expect(anyWarning.rows.map((r) => r.id)).toEqual(withWarnings);
    const noWarning = await queryModels(dir, { where: ["warnings=null"], columns: ["id"] });
    expect(noWarning.total + anyWarning.total).toBe(all.total);
    const moe = await queryModels(dir, { where: ["is_moe=true"], columns: ["id", "moe_experts"] });
    expect(moe.rows).toEqual([{ id: "mistralai/Mixtral-8x7B-v0.1", moe_experts: 8 }]);
    const small = await queryModels(dir, {
      where: ["params_b<10"],
      sort: "-params_b",
      limit: 2,
      columns: ["id"],
    });
    expect(small.rows.map((x) => x.id)).toEqual(["mistralai/Mistral-7B-v0.1", "meta-llama/Llama-2-7b-hf"]);
    expect(small.total).toBe(4);
    const warned = await queryModels(dir, { where: ["warnings~imputed"], columns: ["id", "warnings"] });
    expect(warned.rows.map((x) => x.id)).toEqual(["someorg/llama-2-7b-chat-quantized"]);
    expect(warned.rows[0]?.warnings).toHaveLength(2);
    const byMmlu = await queryModels(dir, { sort: "mmlu", columns: ["id", "mmlu"] });
    expect(byMmlu.rows.at(-1)).toEqual({ id: "Qwen/Qwen2.5-0.5B", mmlu: null });
    expect(byMmlu.rows[0]).toEqual({ id: "openai-community/gpt2", mmlu: 25.83 });
  });

  it("returns full records with parsed provenance when no columns are asked", async () => {
    const r = await queryModels(dir, { where: ["id=openai-community/gpt2"] });
    const gpt2 = sampleRecords().find((x) => x.id === "openai-community/gpt2");
    expect(r.rows).toEqual([gpt2]);
  });

  it("binds values: SQL in a value is just text that matches nothing", async () => {
    const r = await queryModels(dir, { where: ["id=x' OR '1'='1"] });
    expect(r.total).toBe(0);
    const r2 = await queryModels(dir, { where: ["model_type~llama'; DROP TABLE models; --"] });
    expect(r2.total).toBe(0);
    expect(await loadRecords(dir)).toHaveLength(6);
  });

  it("matches regular expressions (=~, any case), groups of filters ORed, and pages with offset", async () => {
    const re = await queryModels(dir, { where: ["id=~^MISTRALAI/.*-v0\\.1$"], columns: ["id"] });
    expect(re.rows.map((x) => x.id)).toEqual(["mistralai/Mistral-7B-v0.1", "mistralai/Mixtral-8x7B-v0.1"]);
    const bins = await queryModels(dir, {
      where: ["kind=pretrained"],
      anyOf: [["params_b<=1"], ["params_b>7", "params_b<=14"]],
      columns: ["id", "params_b"],
      sort: "params_b",
    });
    expect(bins.rows).toEqual([
      { id: "openai-community/gpt2", params_b: 0.124 },
      { id: "Qwen/Qwen2.5-0.5B", params_b: 0.494 },
      { id: "mistralai/Mistral-7B-v0.1", params_b: 7.24 },
    ]);
    const page = await queryModels(dir, { sort: "id", limit: 2, offset: 2, columns: ["id"] });
    expect(page.total).toBe(6);
    expect(page.rows.map((x) => x.id)).toEqual(["mistralai/Mistral-7B-v0.1", "mistralai/Mixtral-8x7B-v0.1"]);
    await expect(queryModels(dir, { offset: -1 })).rejects.toThrow(/offset must be a whole number/);
  });

  it("loads only the records matching filters", async () => {
    const r = await loadRecords(dir, { where: ["is_moe=false", "mmlu>45"] });
    expect(r.map((x) => x.id)).toEqual([
      "meta-llama/Llama-2-7b-hf",
      "mistralai/Mistral-7B-v0.1",
      "someorg/llama-2-7b-chat-quantized",
    ]);
    expect(r[0]).toEqual(sampleRecords()[0]);
  });

  it("serves concurrent readers (the dashboard and the CLI read the same file)", async () => {
    const [all, big, sub] = await Promise.all([
      loadRecords(dir),
      queryModels(dir, { where: ["layers>=32"] }),
      queryModels(dir, { where: ["id~gpt"] }),
    ]);
    expect([all.length, big.total, sub.total]).toEqual([6, 4, 1]);
  });

  it("rejects unknown columns listing the valid ones, and malformed filters", async () => {
    const err = await queryModels(dir, { where: ["depth>3"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect((err as Error).message).toMatch(/unknown column 'depth'; valid columns: id, revision, .*layers/);
    await expect(queryModels(dir, { where: ["layers>=many"] })).rejects.toThrow(/not a number/);
    await expect(queryModels(dir, { where: ["layers"] })).rejects.toThrow(/expected <column><op><value>/);
    await expect(queryModels(dir, { where: ['id="x" OR 1=1 --=1'] })).resolves.toMatchObject({ total: 0 });
    await expect(queryModels(dir, { sort: "nope" })).rejects.toBeInstanceOf(QueryError);
    await expect(queryModels(dir, { columns: ["id", "1; DROP"] })).rejects.toBeInstanceOf(QueryError);
    await expect(queryModels(dir, { where: ["is_moe>1"] })).rejects.toThrow(/true\/false/);
  });
});

describe("exportDataset", () => {
  it.each(["parquet", "csv", "json"] as const)(
    "writes %s that DuckDB reads back row for row",
    async (format) => {
      const out = join(dir, "exports", `models.${format}`);
      const res = await exportDataset(dir, { format, out });
      expect(res).toEqual({ file: out, rows: 6 });
      const reader = { parquet: "read_parquet", csv: "read_csv_auto", json: "read_json_auto" }[format];
      const rows = await duck(`SELECT id, layers, mmlu, kv_heads FROM ${reader}('${out}') ORDER BY id`);
      const expected = sampleRecords()
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((r) => ({
          id: r.id,
          layers: BigInt(r.layers ?? 0),
          mmlu: r.mmlu,
          kv_heads: BigInt(r.kv_heads ?? 0),
        }));
      expect(rows).toEqual(expected);
    },
  );

  it("keeps provenance as a nested object in JSON and exports the v2 table", async () => {
    const out = join(dir, "exports", "models.json");
    await exportDataset(dir, { format: "json", out });
    const parsed = JSON.parse(readFileSync(out, "utf8")) as { id: string; provenance: unknown }[];
    expect(parsed.find((r) => r.id === "openai-community/gpt2")?.provenance).toMatchObject({
      d_ffn: "computed",
    });
    const v2 = await exportDataset(dir, {
      format: "csv",
      out: join(dir, "exports", "v2.csv"),
      table: "scores_v2",
    });
    expect(v2.rows).toBe(1);
    expect(readFileSync(v2.file, "utf8").split("\n")[0]).toMatch(/^id,revision,precision,kind,/);
  });

  it("rejects an unknown table or format", async () => {
    const out = join(dir, "exports", "x");
    // @ts-expect-error: checking the runtime guard for callers without types
    await expect(exportDataset(dir, { format: "xlsx", out })).rejects.toBeInstanceOf(QueryError);
    // @ts-expect-error: same
    await expect(exportDataset(dir, { format: "csv", out, table: "meta" })).rejects.toBeInstanceOf(
      QueryError,
    );
  });
});
