import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBValue } from "@duckdb/node-api";
import { COPY_OPTIONS, selectModelsSql, sqlString } from "../../dataset/index.ts";
import {
  checkRegexes,
  readColumns,
  readSelection,
  readSort,
  SELECTION_PARAMS,
  toModelSelection,
} from "../model-selection.ts";
import type { Store } from "../open-store.ts";
import { QueryParams } from "../query-params.ts";

export const EXPORT_PARAMS = [...SELECTION_PARAMS, "format", "sort", "columns"] as const;
export const DOWNLOAD_FORMATS = ["csv", "parquet"] as const;

export interface ExportFile {
  /** A temporary file holding the export; call `cleanup` when it has been sent. */
  file: string;
  /** The name to offer the browser. */
  filename: string;
  contentType: string;
  rows: number;
  cleanup(): Promise<void>;
}

/**
 * GET /api/export: every selected model (all rows, not one page) as CSV or Parquet, written by DuckDB's
 * COPY with the filters bound as parameters, exactly as `strata export` writes the whole table.
 */
export async function exportModels(store: Store, sp: URLSearchParams): Promise<ExportFile> {
  const p = new QueryParams(sp, EXPORT_PARAMS);
  const format = p.oneOf("format", DOWNLOAD_FORMATS, "csv");
  const parts = readSelection(p);
  const sort = readSort(p);
  const columns = readColumns(p);
  await checkRegexes(store, parts);
  const { sql, params } = selectModelsSql({ ...toModelSelection(parts), sort, columns });
  const dir = await mkdtemp(join(tmpdir(), "strata-serve-export-"));
  const file = join(dir, `models.${format}`);
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const result = await store.withConnection((conn) =>
      conn.run(`COPY (${sql}) TO ${sqlString(file)} (${COPY_OPTIONS[format]})`, params as DuckDBValue[]),
    );
    return {
      file,
      filename: `strata-models.${format}`,
      contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.apache.parquet",
      rows: result.rowsChanged,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
