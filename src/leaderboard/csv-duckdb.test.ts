import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { readCsvFile } from "../contracts/index.ts";
import { BUNDLED } from "./data-files.ts";

/** DuckDB's CSV reader as the reference: every cell as text, empty cells as "". */
async function duckCells(file: string): Promise<string[][]> {
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const conn = await instance.connect();
    try {
      const sql = `SELECT * FROM read_csv('${file}', header = true, all_varchar = true, quote = '"', escape = '"')`;
      const rows = (await conn.runAndReadAll(sql)).getRowsJS();
      return rows.map((r) => r.map((v) => (v === null ? "" : String(v))));
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

describe("readCsvFile agrees with DuckDB read_csv on the bundled exports", () => {
  it.each([
    ["v1", BUNDLED.v1],
    ["v2", BUNDLED.v2],
  ])("%s: same rows, same cells", async (_name, file) => {
    const ours: string[][] = [];
    for await (const it of readCsvFile(file)) {
      if ("error" in it) throw new Error(`line ${it.line}: ${it.error}`);
      ours.push(it.fields);
    }
    const ref = await duckCells(file);
    const body = ours.slice(1);
    expect(body.length).toBe(ref.length);
    let differing = 0;
    for (let i = 0; i < ref.length; i++) {
      if (JSON.stringify(body[i]) !== JSON.stringify(ref[i])) differing += 1;
    }
    expect(differing).toBe(0);
  });
});
