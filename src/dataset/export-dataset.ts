import { mkdir, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { sqlString, withDataset } from "./db.ts";
import { QueryError } from "./errors.ts";

export const EXPORT_FORMATS = ["parquet", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_TABLES = ["models", "scores_v2"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** DuckDB COPY options of each export format. */
export const COPY_OPTIONS: Readonly<Record<ExportFormat, string>> = {
  parquet: "FORMAT parquet",
  csv: "FORMAT csv, HEADER true",
  json: "FORMAT json, ARRAY true",
};

export interface ExportOptions {
  format: ExportFormat;
  /** File to write (created or replaced). */
  out: string;
  /** Which table; models by default. */
  table?: ExportTable;
}

/**
 * Writes one table of the dataset in `dir` with DuckDB's COPY: Parquet (typed columns, lists and
 * JSON kept), CSV with a header (lists as [a, b], provenance as JSON text) or one JSON array of objects
 * (provenance as a nested object). Models are ordered by id, v2 rows in import order.
 */
export async function exportDataset(
  dir: string,
  opts: ExportOptions,
): Promise<{ file: string; rows: number }> {
  const table = opts.table ?? "models";
  if (!EXPORT_TABLES.includes(table)) {
    throw new QueryError(`unknown table '${table}'; one of: ${EXPORT_TABLES.join(", ")}`);
  }
  if (!EXPORT_FORMATS.includes(opts.format)) {
    throw new QueryError(`unknown export format '${opts.format}'; one of: ${EXPORT_FORMATS.join(", ")}`);
  }
  const file = resolve(opts.out);
  await mkdir(dirname(file), { recursive: true });
  const order = table === "models" ? "id" : "rowid";
  const options = COPY_OPTIONS[opts.format];
  return withDataset(dir, async (conn) => {
    // COPY overwrites, but DuckDB refuses some targets that exist as other types: start clean.
    await rm(file, { force: true });
    const result = await conn.run(
      `COPY (SELECT * FROM ${table} ORDER BY ${order}) TO ${sqlString(file)} (${options})`,
    );
    return { file, rows: result.rowsChanged };
  });
}
