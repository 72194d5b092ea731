/**
 * The offline dataset build (leaderboard import + structure imputation + DuckDB write) timed end to end,
 * next to a floor: DuckDB's own read_csv_auto loading the same two CSV files into a DuckDB file. The floor
 * does no joining, cleaning or imputation, so the ratio says how much Strata's work costs over just
 * getting the bytes into DuckDB. Also times loadRecords against a bare DuckDB SELECT * of the same table.
 * Median of RUNS runs each. Run: node --import tsx bench/build.bench.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  BUNDLED_DATA,
  buildDataset,
  datasetFile,
  exportDataset,
  loadDataset,
  loadRecords,
  saveDataset,
} from "../src/dataset/index.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Rows for the write/read scale test: about the size of the study's crawl (~160k configs). */
const SCALE_ROWS = Number(process.env.BENCH_SCALE_ROWS ?? 160_000);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - t) / 1000, value };
}

async function withDuck<T>(
  file: string,
  fn: (run: (sql: string) => Promise<unknown[][]>) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  try {
    const conn = await instance.connect();
    try {
      return await fn(async (sql) => (await conn.runAndReadAll(sql)).getRowsJS());
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

const work = mkdtempSync(join(tmpdir(), "strata-bench-build-"));
try {
  const strata: number[] = [];
  const imports: number[] = [];
  const saves: number[] = [];
  let models = 0;
  let inputRows = 0;
  for (let i = 0; i < RUNS; i++) {
    const { seconds, value } = await timed(() => buildDataset({ dataDir: join(work, `s${i}`) }));
    strata.push(seconds);
    imports.push(value.timings.import);
    saves.push(value.timings.save);
    models = value.models;
    inputRows = (value.counts.v1Rows ?? 0) + (value.counts.v2Rows ?? 0);
  }

  const floor: number[] = [];
  let floorRows = 0;
  for (let i = 0; i < RUNS; i++) {
    const file = join(work, `floor${i}.duckdb`);
    const { seconds, value } = await timed(() =>
      withDuck(file, async (run) => {
        await run(`CREATE TABLE v1 AS SELECT * FROM read_csv_auto('${BUNDLED_DATA.v1File}')`);
        await run(`CREATE TABLE v2 AS SELECT * FROM read_csv_auto('${BUNDLED_DATA.v2File}')`);
        await run("CHECKPOINT");
        const rows = await run("SELECT (SELECT count(*) FROM v1) + (SELECT count(*) FROM v2)");
        return Number(rows[0]?.[0]);
      }),
    );
    floor.push(seconds);
    floorRows = value;
  }

  const dir = join(work, "s0");
  const load: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    load.push((await timed(() => loadRecords(dir))).seconds);
    raw.push(
      (
        await timed(() =>
          withDuck(datasetFile(dir), async (run) => (await run("SELECT * FROM models ORDER BY id")).length),
        )
      ).seconds,
    );
  }

  const s = median(strata);
  const f = median(floor);
  console.log(`dataset build, ${RUNS} runs, median (machine load matters: 2 shared cores)`);
  console.log(
    `  input rows (v1 + v2 CSV): ${inputRows} (DuckDB counted ${floorRows}); models written: ${models}`,
  );
  console.log(
    `  strata build            ${s.toFixed(2)} s  (import ${median(imports).toFixed(2)} s, DuckDB write ${median(saves).toFixed(2)} s)  ${(inputRows / s).toFixed(0)} rows/s`,
  );
  console.log(
    `  duckdb read_csv_auto    ${f.toFixed(2)} s  ${(floorRows / f).toFixed(0)} rows/s   (floor: load only)`,
  );
  console.log(`  ratio strata / floor    ${(s / f).toFixed(1)}x`);
  const l = median(load);
  const r = median(raw);
  console.log(`  loadRecords             ${l.toFixed(2)} s  (${(models / l).toFixed(0)} records/s)`);
  console.log(`  duckdb SELECT * (JS)    ${r.toFixed(2)} s   ratio ${(l / r).toFixed(2)}x`);

  // Scale: the real records replicated (ids suffixed) to SCALE_ROWS, written by saveDataset (JS appender)
  // and, as the floor, by DuckDB ingesting the same rows from Parquet natively.
  const base = await loadDataset(dir);
  const records = Array.from({ length: SCALE_ROWS }, (_, i) => {
    const r = base.records[i % base.records.length];
    if (!r) throw new Error("empty dataset");
    return { ...r, id: `${r.id}#${Math.floor(i / base.records.length)}` };
  });
  const big = { ...base, records };
  const bigDir = join(work, "big");
  const save: number[] = [];
  for (let i = 0; i < RUNS; i++) save.push((await timed(() => saveDataset(bigDir, big))).seconds);
  const parquet = join(work, "big.parquet");
  await exportDataset(bigDir, { format: "parquet", out: parquet });
  const ingest: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const file = join(work, `ingest${i}.duckdb`);
    ingest.push(
      (
        await timed(() =>
          withDuck(file, async (run) => {
            await run(`CREATE TABLE models AS SELECT * FROM read_parquet('${parquet}')`);
            await run("CHECKPOINT");
          }),
        )
      ).seconds,
    );
  }
  const bigLoad: number[] = [];
  for (let i = 0; i < RUNS; i++) bigLoad.push((await timed(() => loadRecords(bigDir))).seconds);
  const sv = median(save);
  const ing = median(ingest);
  const bl = median(bigLoad);
  console.log(`scale: ${SCALE_ROWS} records (real rows replicated)`);
  console.log(`  saveDataset             ${sv.toFixed(2)} s  ${(SCALE_ROWS / sv).toFixed(0)} rows/s`);
  console.log(
    `  duckdb read_parquet     ${ing.toFixed(2)} s  ${(SCALE_ROWS / ing).toFixed(0)} rows/s   ratio ${(sv / ing).toFixed(1)}x`,
  );
  console.log(`  loadRecords             ${bl.toFixed(2)} s  ${(SCALE_ROWS / bl).toFixed(0)} rows/s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
