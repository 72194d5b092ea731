import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { type DuckDBAppender, type DuckDBConnection, LIST, listValue, VARCHAR } from "@duckdb/node-api";
import { type Dataset, processAlive } from "../contracts/index.ts";
import { datasetFile, withDatabase } from "./db.ts";
import { DatasetError } from "./errors.ts";
import {
  type ColumnKind,
  type ColumnMap,
  createTableSql,
  MODEL_COLUMNS,
  V2_COLUMNS,
  WARNING_COLUMNS,
} from "./schema.ts";

export interface SaveOptions {
  /** Replace an existing dataset even with an empty one or one under half its size. */
  force?: boolean;
}

/**
 * Writes the dataset as one DuckDB file `<dir>/strata.duckdb` with tables models, scores_v2,
 * build_warnings and meta. The file is written under a temporary name in the same folder and renamed
 * into place, so readers never see a half-written dataset and a failed save leaves the old one intact;
 * the temporary files of a write that was killed are removed by the next save. An existing dataset is
 * not replaced by one with no models or fewer than half as many unless `force` (a failed crawl must not
 * wipe a built dataset).
 */
export async function saveDataset(
  dir: string,
  ds: Dataset,
  opts: SaveOptions = {},
): Promise<{ dbFile: string }> {
  await mkdir(dir, { recursive: true });
  const dbFile = datasetFile(dir);
  checkUniqueIds(ds, dbFile);
  await removeStaleTemporaries(dir);
  if (!opts.force) await checkReplacement(dbFile, ds.records.length);
  const tmp = join(dir, `${TMP_PREFIX}${process.pid}-${randomUUID().slice(0, 8)}${TMP_SUFFIX}`);
  try {
    await withDatabase(tmp, "write", async (conn) => {
      await writeTable(conn, "models", MODEL_COLUMNS, ds.records, "id");
      await writeTable(conn, "scores_v2", V2_COLUMNS, ds.v2);
      await writeTable(conn, "build_warnings", WARNING_COLUMNS, ds.warnings);
      await conn.run("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value JSON)");
      const appender = await conn.createAppender("meta");
      try {
        for (const [key, value] of Object.entries(ds.meta)) {
          if (value === undefined) continue;
          appender.appendVarchar(key);
          appender.appendVarchar(JSON.stringify(value));
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      // Fold the write-ahead log into the file so the rename moves one complete file.
      await conn.run("CHECKPOINT");
    });
    // A stale WAL beside the target would be replayed onto the new file.
    await rm(`${dbFile}.wal`, { force: true });
    await rename(tmp, dbFile);
  } catch (err) {
    await rm(tmp, { force: true });
    await rm(`${tmp}.wal`, { force: true });
    throw err;
  }
  return { dbFile };
}

const TMP_PREFIX = ".strata-";
const TMP_SUFFIX = ".duckdb.tmp";
/** `.strata-<pid>-<id>.duckdb.tmp` and its `.wal`. */
const TMP_PATTERN = /^\.strata-(\d+)-[0-9a-f]+\.duckdb\.tmp(\.wal)?$/;

/** Deletes the temporaries of saves whose process is gone (a kill -9 mid-write). */
async function removeStaleTemporaries(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const m = TMP_PATTERN.exec(name);
    if (m && !processAlive(Number(m[1]))) await rm(join(dir, name), { force: true });
  }
}

/** Refuses to replace a dataset of N models with one of none or fewer than N/2 (DatasetError). */
export async function checkReplacement(dbFile: string, newCount: number): Promise<void> {
  if (!existsSync(dbFile)) return;
  let oldCount: number;
  try {
    oldCount = await withDatabase(dbFile, "read", async (conn) => {
      const reader = await conn.runAndReadAll("SELECT count(*) FROM models");
      return Number(reader.getRowsJS()[0]?.[0] ?? 0);
    });
  } catch {
    return; // an unreadable old file is what a rebuild is for
  }
  if (oldCount > 0 && (newCount === 0 || newCount < oldCount / 2)) {
    throw new DatasetError(
      `refusing to replace ${dbFile} (${oldCount} models) with a dataset of ${newCount} models; ` +
        "force the replacement (--force) if that is what you want",
      dbFile,
    );
  }
}

function checkUniqueIds(ds: Dataset, file: string): void {
  const seen = new Set<string>();
  for (const r of ds.records) {
    if (seen.has(r.id)) throw new DatasetError(`cannot save ${file}: model id '${r.id}' appears twice`, file);
    seen.add(r.id);
  }
}

async function writeTable<T extends object>(
  conn: DuckDBConnection,
  table: string,
  columns: ColumnMap,
  rows: readonly T[],
  primaryKey?: string,
): Promise<void> {
  await conn.run(createTableSql(table, columns, primaryKey));
  const entries = Object.entries(columns);
  const appender = await conn.createAppender(table);
  try {
    rows.forEach((row, i) => {
      const values = row as Record<string, unknown>;
      for (const [name, kind] of entries) {
        appendValue(
          appender,
          kind,
          values[name],
          () => `${table} row ${i + 1}${rowLabel(values)}, field '${name}'`,
        );
      }
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function rowLabel(values: Record<string, unknown>): string {
  return typeof values.id === "string" ? ` (${values.id})` : "";
}

const VARCHAR_LIST = LIST(VARCHAR);

/** Appends one value, checking it has the type the column holds (the contract forbids NaN for unknown). */
function appendValue(a: DuckDBAppender, kind: ColumnKind, v: unknown, where: () => string): void {
  if (v === null || v === undefined) {
    if (kind === "list") a.appendValue(listValue([]), VARCHAR_LIST);
    else a.appendNull();
    return;
  }
  const bad = (expected: string): DatasetError =>
    new DatasetError(`${where()}: expected ${expected}, got ${JSON.stringify(v) ?? String(v)}`);
  switch (kind) {
    case "text":
      if (typeof v !== "string") throw bad("a string");
      a.appendVarchar(v);
      return;
    case "int":
      if (typeof v !== "number" || !Number.isSafeInteger(v)) throw bad("an integer");
      a.appendBigInt(BigInt(v));
      return;
    case "float":
      if (typeof v !== "number" || !Number.isFinite(v)) throw bad("a finite number (null when unknown)");
      a.appendDouble(v);
      return;
    case "bool":
      if (typeof v !== "boolean") throw bad("a boolean");
      a.appendBoolean(v);
      return;
    case "json":
      a.appendVarchar(JSON.stringify(v));
      return;
    case "list":
      if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) throw bad("a list of strings");
      a.appendValue(listValue(v as string[]), VARCHAR_LIST);
      return;
    default:
      kind satisfies never;
  }
}
