import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import type { Dataset, DatasetMeta, ImportWarning, ModelRecord, V2ScoreRow } from "../contracts/index.ts";
import { attachV2Scores, type RecordWithV2 } from "./attach-v2-scores.ts";
import { withDataset } from "./db.ts";
import { whereSql } from "./filter.ts";

import { type ColumnKind, type ColumnMap, MODEL_COLUMNS, V2_COLUMNS, WARNING_COLUMNS } from "./schema.ts";

export interface LoadOptions {
  /** Keep only the models matching these filters (the `--where` language of queryModels), ANDed. */
  where?: string[];
}

/** The models of the dataset in `dir`, ordered by id: the rows analysis/, ml/ and report/ consume. */
export async function loadRecords(dir: string, opts: LoadOptions = {}): Promise<ModelRecord[]> {
  const where = whereSql(opts.where ?? [], MODEL_COLUMNS);
  return withDataset(dir, (conn) => readTable<ModelRecord>(conn, "models", MODEL_COLUMNS, "id", where));
}

/** The models of the dataset in `dir` with their leaderboard v2 scores attached (attachV2Scores). */
export async function loadRecordsWithV2(dir: string): Promise<RecordWithV2[]> {
  const { records, v2 } = await loadDataset(dir);
  return attachV2Scores(records, v2);
}

/** The whole dataset in `dir` exactly as `saveDataset` wrote it. */
export async function loadDataset(dir: string): Promise<Dataset> {
  return withDataset(dir, async (conn) => {
    const records = await readTable<ModelRecord>(conn, "models", MODEL_COLUMNS, "id");
    const v2 = await readTable<V2ScoreRow>(conn, "scores_v2", V2_COLUMNS, "rowid");
    const warnings = await readTable<ImportWarning>(conn, "build_warnings", WARNING_COLUMNS, "rowid");
    // ImportWarning.field is optional: a warning saved without one comes back without the key.
    for (const w of warnings) if (w.field === null) delete w.field;
    return { records, v2, warnings, meta: await readMeta(conn) };
  });
}

export async function readMeta(conn: DuckDBConnection): Promise<DatasetMeta> {
  const reader = await conn.runAndReadAll("SELECT key, value FROM meta ORDER BY rowid");
  const meta: Record<string, unknown> = {};
  for (const [key, value] of reader.getRowsJS()) meta[String(key)] = JSON.parse(String(value));
  return meta as DatasetMeta;
}

async function readTable<T>(
  conn: DuckDBConnection,
  table: string,
  columns: ColumnMap,
  order: string,
  where: { sql: string; params: unknown[] } = { sql: "", params: [] },
): Promise<T[]> {
  const names = Object.keys(columns);
  const kinds = Object.values(columns);
  const sql = `SELECT ${names.map((n) => `"${n}"`).join(", ")} FROM ${table}${where.sql} ORDER BY ${order}`;
  const reader = await conn.runAndReadAll(sql, where.params as DuckDBValue[]);
  // Column-wise conversion is several times faster than getRowsJS() on wide tables.
  const cols = reader.getColumnsJS();
  const rows: Record<string, unknown>[] = Array.from({ length: reader.currentRowCount }, () => ({}));
  names.forEach((n, j) => {
    const kind = kinds[j] ?? "text";
    const col = cols[j] ?? [];
    for (let i = 0; i < rows.length; i++) (rows[i] as Record<string, unknown>)[n] = fromDuckDb(kind, col[i]);
  });
  return rows as T[];
}

/** Maps a value read from DuckDB back to the JS shape of the record field. */
export function fromDuckDb(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) return kind === "list" ? [] : null;
  switch (kind) {
    case "int":
      return typeof v === "bigint" ? Number(v) : v;
    case "json":
      return typeof v === "string" ? JSON.parse(v) : v;
    case "list":
      return Array.isArray(v) ? v.map(String) : [];
    case "text":
    case "float":
    case "bool":
      return v;
    default:
      return kind satisfies never;
  }
}
