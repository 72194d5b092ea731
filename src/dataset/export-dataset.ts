import { mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { checkOutputFile } from "../contracts/index.ts";
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
  const file = checkOutputFile(opts.out, "the export");
  await mkdir(dirname(file), { recursive: true });
  const order = table === "models" ? "id" : "rowid";
  const options = COPY_OPTIONS[opts.format];
  // COPY into a temporary beside the target, renamed into place: a failed export leaves the old file.
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    const rows = await withDataset(dir, async (conn) => {
      const result = await conn.run(
        `COPY (SELECT * FROM ${table} ORDER BY ${order}) TO ${sqlString(tmp)} (${options})`,
      );
      return result.rowsChanged;
    });
    await rename(tmp, file);
    return { file, rows };
  } finally {
    await rm(tmp, { force: true });
  }
}
