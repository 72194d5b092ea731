import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { withDataset } from "./db.ts";
import { QueryError } from "./errors.ts";
import { anyOfSql, columnKind, conditionsSql } from "./filter.ts";
import { fromDuckDb } from "./load-dataset.ts";
import { MODEL_COLUMNS } from "./schema.ts";

/** Which models: filters in the `--where` language (see filter.ts). */
export interface ModelSelection {
  /** Filters, ANDed. */
  where?: readonly string[];
  /** Groups of filters: a row must match every filter of at least one group (ANDed with `where`). */
  anyOf?: readonly (readonly string[])[];
}

export interface QueryOptions extends ModelSelection {
  /** A column to sort by: `layers` (ascending), `layers:desc` or `-layers`. Missing values sort last. */
  sort?: string;
  /** At most this many rows (all when omitted). */
  limit?: number;
  /** Skip this many matching rows first (after sorting). */
  offset?: number;
  /** Columns to return, in this order (all when omitted). */
  columns?: readonly string[];
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Matching rows before the limit. */
  total: number;
}

/** Selects models from the dataset in `dir` with the safe filter language; values are bound, never spliced. */
export async function queryModels(dir: string, opts: QueryOptions = {}): Promise<QueryResult> {
  return withDataset(dir, (conn) => queryModelsOn(conn, opts));
}

/** queryModels on an open connection whose `models` table has the dataset's columns (e.g. the server's). */
export async function queryModelsOn(conn: DuckDBConnection, opts: QueryOptions = {}): Promise<QueryResult> {
  const { sql, params, columns } = selectModelsSql(opts);
  const values = params as DuckDBValue[];
  const { sql: where, params: whereParams } = selectionSql(opts);
  const run = async (text: string, bound: DuckDBValue[]) => {
    try {
      return await conn.runAndReadAll(text, bound);
    } catch (err) {
      // What the filter parser cannot foresee (an RE2-only pattern error) is still the query's fault.
      if (err instanceof Error && /^Invalid Input Error/.test(err.message))
        throw new QueryError(`filter ${JSON.stringify(opts.where ?? [])}: ${err.message}`);
      throw err;
    }
  };
  const count = await run(`SELECT count(*) FROM models${where}`, whereParams as DuckDBValue[]);
  const total = Number(count.getRowsJS()[0]?.[0] ?? 0);
  const reader = await run(sql, values);
  const rows = reader.getRowsJS().map((row) => {
    const out: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      out[c] = fromDuckDb(MODEL_COLUMNS[c as keyof typeof MODEL_COLUMNS], row[i]);
    });
    return out;
  });
  return { columns, rows, total };
}

/**
 * The SELECT of a query (columns checked against the table, filters bound as parameters), for callers
 * that run it their own way (COPY ... TO for an export of the selection).
 */
export function selectModelsSql(opts: QueryOptions = {}): {
  sql: string;
  params: unknown[];
  columns: string[];
} {
  const columns = opts.columns?.length ? [...opts.columns] : Object.keys(MODEL_COLUMNS);
  for (const c of columns) columnKind(c, MODEL_COLUMNS);
  const { sql: where, params } = selectionSql(opts);
  const order = orderSql(opts.sort);
  const limit = opts.limit !== undefined ? ` LIMIT ${wholeNumber("limit", opts.limit)}` : "";
  const offset = opts.offset ? ` OFFSET ${wholeNumber("offset", opts.offset)}` : "";
  const select = columns.map((c) => `"${c}"`).join(", ");
  return { sql: `SELECT ${select} FROM models${where} ORDER BY ${order}${limit}${offset}`, params, columns };
}

/** ` WHERE ...` (or "") for a selection, with its parameters numbered from $1. */
export function selectionSql(sel: ModelSelection): { sql: string; params: unknown[] } {
  const all = conditionsSql(sel.where ?? [], MODEL_COLUMNS);
  const any = anyOfSql(sel.anyOf ?? [], MODEL_COLUMNS, all.params.length + 1);
  const parts = [all.sql, any.sql].filter((p) => p !== "");
  return { sql: parts.length ? ` WHERE ${parts.join(" AND ")}` : "", params: [...all.params, ...any.params] };
}

function wholeNumber(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new QueryError(`${name} must be a whole number >= 0, got ${n}`);
  return n;
}

/** `ORDER BY` terms for a sort spec (`col`, `col:desc`, `-col`); ties broken by id, missing values last. */
export function orderSql(sort: string | undefined): string {
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
  if (kind === "list" || kind === "json") throw new QueryError(`cannot sort by ${column}`);
  return column === "id" ? `"id" ${dir}` : `"${column}" ${dir} NULLS LAST, "id"`;
}
