/**
 * Strata's streaming CSV reader (src/leaderboard/csv.ts) and the full v1/v2 import (parse + clean +
 * validate) against DuckDB's native read_csv reading the same files as text, in the same process: once
 * counting rows inside DuckDB (the reference: parse only) and once handing all rows to JS.
 * Median of RUNS runs. Run: node --import tsx bench/leaderboard-csv.bench.ts
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { readCsvFile } from "../src/contracts/index.ts";
import { BUNDLED_LEADERBOARD_FILES as FILES, importV1, importV2 } from "../src/leaderboard/index.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function time(fn: () => Promise<number>): Promise<{ ms: number; rows: number }> {
  const t = performance.now();
  const rows = await fn();
  return { ms: performance.now() - t, rows };
}

async function strataParse(): Promise<number> {
  let n = 0;
  for (const f of [FILES.v1, FILES.v2]) for await (const it of readCsvFile(f)) if ("fields" in it) n += 1;
  return n - 2;
}

async function strataImport(): Promise<number> {
  return (await importV1(FILES.v1)).rows.length + (await importV2(FILES.v2)).rows.length;
}

const instance = await DuckDBInstance.create(":memory:");
const conn = await instance.connect();
/** DuckDB parsing only (count over the scan, nothing handed to JS). */
async function duck(): Promise<number> {
  let n = 0;
  for (const f of [FILES.v1, FILES.v2]) {
    const sql = `SELECT count(*) FROM read_csv('${f}', header = true, all_varchar = true)`;
    n += Number((await conn.runAndReadAll(sql)).getRowsJS()[0]?.[0]);
  }
  return n;
}

/** DuckDB parsing plus handing every row to JS as arrays of strings, as our reader does. */
async function duckToJs(): Promise<number> {
  let n = 0;
  for (const f of [FILES.v1, FILES.v2]) {
    const r = await conn.runAndReadAll(`SELECT * FROM read_csv('${f}', header = true, all_varchar = true)`);
    n += r.getRowsJS().length;
  }
  return n;
}

const results: Record<string, { ms: number[]; rows: number }> = {};
for (const [name, fn] of [
  ["strata readCsvFile", strataParse],
  ["strata importV1+importV2", strataImport],
  ["duckdb read_csv -> JS rows", duckToJs],
  ["duckdb read_csv (reference)", duck],
] as const) {
  results[name] = { ms: [], rows: 0 };
  for (let i = 0; i < RUNS; i++) {
    const r = await time(fn);
    const slot = results[name];
    if (slot) {
      slot.ms.push(r.ms);
      slot.rows = r.rows;
    }
  }
}
conn.closeSync();
instance.closeSync();

const ref = median(results["duckdb read_csv (reference)"]?.ms ?? []);
console.log(`leaderboard CSV (v1 + v2, ${RUNS} runs, median)`);
for (const [name, r] of Object.entries(results)) {
  const m = median(r.ms);
  console.log(
    `${name.padEnd(30)} ${m.toFixed(1).padStart(8)} ms  rows ${r.rows}  ratio to duckdb ${(m / ref).toFixed(2)}x`,
  );
}
