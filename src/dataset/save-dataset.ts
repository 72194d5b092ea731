import { randomUUID } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { type DuckDBAppender, type DuckDBConnection, LIST, listValue, VARCHAR } from "@duckdb/node-api";
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
import type { Dataset } from "./types.ts";

/**
 * Writes the dataset as one DuckDB file `<dir>/strata.duckdb` with tables models, scores_v2,
 * build_warnings and meta. The file is written under a temporary name in the same folder and renamed
 * into place, so readers never see a half-written dataset and a failed save leaves the old one intact.
 */
export async function saveDataset(dir: string, ds: Dataset): Promise<{ dbFile: string }> {
  await mkdir(dir, { recursive: true });
  const dbFile = datasetFile(dir);
  checkUniqueIds(ds, dbFile);
  const tmp = join(dir, `.strata-${process.pid}-${randomUUID().slice(0, 8)}.duckdb.tmp`);
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
