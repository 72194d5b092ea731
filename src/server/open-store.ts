import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { type DatasetMeta, isScored, type ModelRecord, type V2ScoreRow } from "../contracts/index.ts";
import { datasetFile, loadDataset, sqlString } from "../dataset/index.ts";

import { HttpError } from "./errors.ts";
import { DB_CONNECTIONS } from "./limits.ts";

/**
 * What the server reads, opened once: the records in memory (model pages, neighbours, predictions) and
 * an in-memory DuckDB holding a copy of the `models` table (filters, sorts, exports in the dataset's
 * filter language). The dataset file itself is only ever opened read-only, so `strata` commands can read
 * it meanwhile; a rebuild shows after a restart.
 */
export interface Store {
  dataDir: string;
  file: string;
  meta: DatasetMeta;
  records: readonly ModelRecord[];
  byId: ReadonlyMap<string, ModelRecord>;
  /** Leaderboard v2 rows by model id (several when several precisions were scored). */
  v2ById: ReadonlyMap<string, readonly V2ScoreRow[]>;
  /** Ids of the models that name each id as base_model or imputed_from. */
  derivedFrom: ReadonlyMap<string, readonly string[]>;
  /** Models with at least one v1 score. */
  scored: number;
  /** Runs `fn` on a pooled connection (waiting for one when all are busy); refused once closing. */
  withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Refuses new queries, waits for the running ones, then closes the database. */
  close(): Promise<void>;
}

export async function openStore(dataDir: string): Promise<Store> {
  // loadDataset checks the file exists and has this version's schema, and opens it read-only.
  const ds = await loadDataset(dataDir);
  const file = datasetFile(dataDir);
  const instance = await DuckDBInstance.create(":memory:");
  const conns: DuckDBConnection[] = [];
  try {
    const setup = await instance.connect();
    await setup.run(`ATTACH ${sqlString(file)} AS ds (READ_ONLY)`);
    await setup.run("CREATE TABLE models AS SELECT * FROM ds.models");
    await setup.run("DETACH ds");
    conns.push(setup);
    for (let i = 1; i < DB_CONNECTIONS; i++) conns.push(await instance.connect());
  } catch (err) {
    for (const c of conns) c.closeSync();
    instance.closeSync();
    throw err;
  }
  const byId = new Map(ds.records.map((r) => [r.id, r]));
  const v2ById = new Map<string, V2ScoreRow[]>();
  for (const row of ds.v2) v2ById.set(row.id, [...(v2ById.get(row.id) ?? []), row]);
  const derivedFrom = new Map<string, string[]>();
  for (const r of ds.records) {
    for (const base of new Set([r.base_model, r.imputed_from])) {
      if (base === null || base === r.id) continue;
      derivedFrom.set(base, [...(derivedFrom.get(base) ?? []), r.id]);
    }
  }
  const pool = connectionPool(conns);
  let closing: Promise<void> | null = null;
  return {
    dataDir,
    file,
    meta: ds.meta,
    records: ds.records,
    byId,
    v2ById,
    derivedFrom,
    scored: ds.records.filter(isScored).length,
    withConnection: pool.run,
    close() {
      closing ??= pool.drain().then(() => {
        for (const c of conns) c.closeSync();
        instance.closeSync();
      });
      return closing;
    },
  };
}

/**
 * A fixed set of connections handed out one request at a time, first come first served. `drain` refuses
 * new work and those still waiting, and resolves when every connection is back: closing a DuckDB
 * connection while a query runs on it would block.
 */
function connectionPool(conns: DuckDBConnection[]) {
  const free = [...conns];
  const waiting: { resolve: (c: DuckDBConnection) => void; reject: (e: Error) => void }[] = [];
  let draining = false;
  let drained: (() => void) | null = null;
  const shuttingDown = () => new HttpError(503, "the server is shutting down");
  const release = (conn: DuckDBConnection) => {
    const next = waiting.shift();
    if (next) next.resolve(conn);
    else free.push(conn);
    if (draining && free.length === conns.length) drained?.();
  };
  return {
    async run<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
      if (draining) throw shuttingDown();
      const conn =
        free.pop() ??
        (await new Promise<DuckDBConnection>((resolve, reject) => waiting.push({ resolve, reject })));
      try {
        return await fn(conn);
      } finally {
        release(conn);
      }
    },
    drain(): Promise<void> {
      draining = true;
      for (const w of waiting.splice(0)) w.reject(shuttingDown());
      return free.length === conns.length ? Promise.resolve() : new Promise((resolve) => (drained = resolve));
    },
  };
}
