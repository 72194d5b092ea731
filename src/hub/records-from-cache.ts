import { existsSync } from "node:fs";
import { join } from "node:path";
import { normalizeConfig } from "../configs/index.ts";
import {
  ConfigError,
  dateSourceOf,
  type ImportWarning,
  type ModelRecord,
  V1_BENCHMARKS,
  type V2ScoreRow,
} from "../contracts/index.ts";
import { loadModelJournal, readJsonFile } from "./cache.ts";
import { cachedV1Results, cachedV2Files } from "./collect-leaderboard.ts";
import { HubError } from "./errors.ts";
import { joinV1 } from "./leaderboard-v1.ts";
import { readV2Contents } from "./leaderboard-v2.ts";
import { mergeNestedConfig, nestedConfigRef } from "./nested-config.ts";
import { toModelRecord } from "./to-record.ts";
import { type CachedModel, MODEL_STATUSES, type ModelStatus } from "./types.ts";

export interface RecordsFromCacheOptions {
  cacheDir: string;
  onProgress?: (done: number, total: number) => void;
}

/** A crawled model that did not become a record, and why. */
export interface HubProblem {
  id: string;
  status: ModelStatus | "not-a-config";
  reason: string;
}

/** The dataset's rows as the crawl cache gives them, for the dataset stage to save. */
export interface CacheRecords {
  records: ModelRecord[];
  v2: V2ScoreRow[];
  warnings: ImportWarning[];
  /** Journal outcome per status, plus records, v1/v2-scored models, nested configs, corrupt journal lines. */
  counts: Record<string, number>;
  problems: HubProblem[];
}

/**
 * The dataset's records from the crawl cache alone, never touching the network: folds the journal by id
 * (last entry wins), normalizes each cached config.json (with the fetched base config merged into a
 * multimodal wrapper's nested text config), and joins cached leaderboard v1 results by id (and revision
 * where known) and v2 rows by id. Saving them is the dataset stage's (dataset/buildDataset).
 */
export async function recordsFromCache(options: RecordsFromCacheOptions): Promise<CacheRecords> {
  const { cacheDir } = options;
  if (!existsSync(cacheDir))
    throw new HubError(`no crawl cache at ${cacheDir}: run \`strata collect\` first`);
  const journalStats = { corrupt: 0 };
  const journal = await loadModelJournal(cacheDir, journalStats);
  const v1 = await cachedV1Results(cacheDir);
  const counts: Record<string, number> = Object.fromEntries(MODEL_STATUSES.map((s) => [s, 0]));
  const records: ModelRecord[] = [];
  const warnings: ImportWarning[] = [];
  const problems: HubProblem[] = [];
  let done = 0;
  let nestedUsed = 0;
  let v1Scored = 0;
  for (const entry of journal.values()) {
    counts[entry.status] = (counts[entry.status] ?? 0) + 1;
    options.onProgress?.(++done, journal.size);
    if (entry.status !== "fetched") {
      problems.push({ id: entry.id, status: entry.status, reason: entry.reason ?? entry.status });
      continue;
    }
    const built = buildRecord(entry, cacheDir);
    if ("problem" in built) {
      problems.push(built.problem);
      warnings.push({ file: `${entry.id}/config.json`, line: null, message: built.problem.reason });
      continue;
    }
    const { record } = built;
    if (built.nested) nestedUsed++;
    const joined = joinV1(v1.get(entry.id) ?? [], entry.revision);
    if (joined) {
      for (const b of V1_BENCHMARKS) record[b] = joined.scores[b] ?? null;
      const vals = V1_BENCHMARKS.map((b) => record[b]);
      record.average = vals.every((v) => v !== null)
        ? (vals as number[]).reduce((a, b) => a + b, 0) / vals.length
        : null;
      record.precision = joined.precision;
      record.submitted_at = joined.date ? joined.date.slice(0, 10) : null;
      record.date_source = dateSourceOf(record.created_at, "hub", record.submitted_at);
      if (joined.revision !== null && entry.revision !== null && joined.revision !== entry.revision) {
        record.warnings.push(`leaderboard v1 scored revision ${joined.revision}, crawled ${entry.revision}`);
      }
      v1Scored++;
    }
    for (const w of record.warnings)
      warnings.push({ file: `${entry.id}/config.json`, line: null, message: w });
    records.push(record);
  }
  // Journal order is completion order; sort so that the same cache always gives the same dataset.
  records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Set(records.map((r) => r.id));
  const v2 = await readV2Contents(cachedV2Files(cacheDir), ids);
  Object.assign(counts, {
    records: records.length,
    v1Scored,
    v2Rows: v2.length,
    v2Models: new Set(v2.map((r) => r.id)).size,
    nestedConfigs: nestedUsed,
    corruptJournalLines: journalStats.corrupt,
    notAConfig: problems.filter((p) => p.status === "not-a-config").length,
  });
  return { records, v2, warnings, counts, problems };
}

function buildRecord(
  entry: CachedModel,
  cacheDir: string,
): { record: ModelRecord; nested: boolean } | { problem: HubProblem } {
  const file = entry.configFile ? join(cacheDir, entry.configFile) : null;
  let raw = file ? readJsonFile<Record<string, unknown>>(file) : null;
  if (raw === null || typeof raw !== "object") {
    return {
      problem: { id: entry.id, status: "failed", reason: `cached config unreadable: ${file ?? "(none)"}` },
    };
  }
  let nested = false;
  if (entry.nested) {
    const base = readJsonFile<Record<string, unknown>>(join(cacheDir, entry.nested.file));
    const ref = nestedConfigRef(raw);
    if (base && ref) {
      raw = mergeNestedConfig(raw, ref.key, base);
      nested = true;
    }
  }
  try {
    const norm = normalizeConfig(raw, { file: `${entry.id}/config.json` });
    const record = toModelRecord(entry, norm);
    if (nested && entry.nested)
      record.warnings.push(`text config filled from ${entry.nested.id}/config.json`);
    return { record, nested };
  } catch (err) {
    if (err instanceof ConfigError)
      return { problem: { id: entry.id, status: "not-a-config", reason: err.message } };
    throw err;
  }
}
