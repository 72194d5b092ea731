import { existsSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { StrataError } from "../contracts/index.ts";
import { DatasetError } from "./errors.ts";
import { MODEL_COLUMNS, V2_COLUMNS, WARNING_COLUMNS } from "./schema.ts";

/** The dataset folder the CLI uses when --data-dir is not given, relative to the working directory. */
export const DEFAULT_DATA_DIR = "strata-data";
/** File name of the DuckDB database inside the dataset folder. */
export const DB_FILE_NAME = "strata.duckdb";

export function datasetFile(dir: string): string {
  return join(dir, DB_FILE_NAME);
}

/**
 * Opens `file`, runs `fn` on one connection and closes connection and database whatever happens.
 * Readers open the file read-only so several processes (CLI, dashboard) can read it at once.
 */
export async function withDatabase<T>(
  file: string,
  mode: "read" | "write",
  fn: (conn: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(file, mode === "read" ? { access_mode: "READ_ONLY" } : {});
  try {
    const conn = await instance.connect();
    try {
      return await fn(conn);
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Opens the dataset in `dir` read-only; a missing file is a DatasetError telling the user to build. */
export async function withDataset<T>(dir: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const file = datasetFile(dir);
  if (!existsSync(file)) {
    throw new DatasetError(`no dataset at ${file}: run \`strata build\` first (or pass --data-dir)`, file);
  }
  try {
    return await withDatabase(file, "read", async (conn) => {
      await checkSchema(conn, file);
      return fn(conn);
    });
  } catch (err) {
    if (err instanceof StrataError || !(err instanceof Error) || !isDuckDbError(err)) throw err;
    throw new DatasetError(`cannot read dataset ${file}: ${err.message}`, file, { cause: err });
  }
}

function isDuckDbError(err: Error): boolean {
  return /IO Error|Serialization Error|not a valid DuckDB database|Catalog Error/i.test(err.message);
}

/** Quotes a path as a SQL string literal (COPY targets cannot be bound as parameters). */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

const EXPECTED_TABLES: Record<string, readonly string[]> = {
  models: Object.keys(MODEL_COLUMNS),
  scores_v2: Object.keys(V2_COLUMNS),
  build_warnings: Object.keys(WARNING_COLUMNS),
  meta: ["key", "value"],
};

/** A dataset written before a column was added reads as a clear "rebuild" message, not a binder error. */
async function checkSchema(conn: DuckDBConnection, file: string): Promise<void> {
  const reader = await conn.runAndReadAll(
    "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database()",
  );
  const have = new Set(reader.getRowsJS().map(([t, c]) => `${String(t)}.${String(c)}`));
  const missing = Object.entries(EXPECTED_TABLES).flatMap(([t, cols]) =>
    cols.filter((c) => !have.has(`${t}.${c}`)).map((c) => `${t}.${c}`),
  );
  if (missing.length) {
    const shown =
      missing.slice(0, 8).join(", ") + (missing.length > 8 ? `, ... (${missing.length} in all)` : "");
    throw new DatasetError(
      `${file} is not a dataset of this Strata version (missing ${shown}): run \`strata build\` again`,
      file,
    );
  }
}
