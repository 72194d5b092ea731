import { existsSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { StrataError } from "../errors.ts";
import { DatasetError } from "./errors.ts";

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
    return await withDatabase(file, "read", fn);
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
