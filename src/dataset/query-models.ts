import type { DuckDBValue } from "@duckdb/node-api";
import { UsageError } from "../errors.ts";
import { withDataset } from "./db.ts";
import { columnKind, whereSql } from "./filter.ts";
import { fromDuckDb } from "./load-dataset.ts";
import { MODEL_COLUMNS } from "./schema.ts";

export interface QueryOptions {
  /** Filters in the `--where` language (see filter.ts), ANDed. */
  where?: string[];
  /** A column to sort by: `layers` (ascending), `layers:desc` or `-layers`. Missing values sort last. */
  sort?: string;
  /** At most this many rows (all when omitted). */
  limit?: number;
  /** Columns to return, in this order (all when omitted). */
  columns?: string[];
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Matching rows before the limit. */
  total: number;
}

/** Selects models from the dataset in `dir` with the safe filter language; values are bound, never spliced. */
export async function queryModels(dir: string, opts: QueryOptions = {}): Promise<QueryResult> {
  const columns = opts.columns?.length ? opts.columns : Object.keys(MODEL_COLUMNS);
  for (const c of columns) columnKind(c, MODEL_COLUMNS);
  const { sql: where, params } = whereSql(opts.where ?? [], MODEL_COLUMNS);
  const order = orderSql(opts.sort);
  if (opts.limit !== undefined && (!Number.isSafeInteger(opts.limit) || opts.limit < 0)) {
    throw new UsageError(`limit must be a whole number >= 0, got ${opts.limit}`);
  }
  const limit = opts.limit !== undefined ? ` LIMIT ${opts.limit}` : "";
  const select = columns.map((c) => `"${c}"`).join(", ");
  return withDataset(dir, async (conn) => {
    const values = params as DuckDBValue[];
    const count = await conn.runAndReadAll(`SELECT count(*) FROM models${where}`, values);
    const total = Number(count.getRowsJS()[0]?.[0] ?? 0);
    const reader = await conn.runAndReadAll(
      `SELECT ${select} FROM models${where} ORDER BY ${order}${limit}`,
      values,
    );
    const rows = reader.getRowsJS().map((row) => {
      const out: Record<string, unknown> = {};
      columns.forEach((c, i) => {
        out[c] = fromDuckDb(MODEL_COLUMNS[c as keyof typeof MODEL_COLUMNS], row[i]);
      });
      return out;
    });
    return { columns, rows, total };
  });
}

function orderSql(sort: string | undefined): string {
  if (!sort) return '"id"';
  let column = sort.trim();
  let dir = "ASC";
  if (column.startsWith("-")) {
    column = column.slice(1);
    dir = "DESC";
  }
  const m = /^(.*):(asc|desc)$/i.exec(column);
  if (m) {
    column = m[1] ?? "";
    dir = (m[2] ?? "asc").toUpperCase();
  }
  const kind = columnKind(column, MODEL_COLUMNS);
  if (kind === "list" || kind === "json") throw new UsageError(`cannot sort by ${column}`);
  return `"${column}" ${dir} NULLS LAST, "id"`;
}
