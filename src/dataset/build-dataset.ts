import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  BUNDLED,
  checkOutputDir,
  type Dataset,
  type ImportWarning,
  type ModelRecord,
  STRATA_VERSION,
  type V2ScoreRow,
} from "../contracts/index.ts";
import type { HubProblem } from "../hub/index.ts";
import { buildLeaderboardRecords } from "../leaderboard/index.ts";
import { type DatasetSummary, summarizeDataset } from "./build-summary.ts";
import { DEFAULT_DATA_DIR, datasetFile } from "./db.ts";
import { checkReplacement, saveDataset } from "./save-dataset.ts";

/** The data Strata ships, resolved from the package so a build works from any working directory. */
export const BUNDLED_DATA = {
  v1File: BUNDLED.v1,
  v2File: BUNDLED.v2,
  registryFile: BUNDLED.registry,
} as const;

export const WARNINGS_FILE_NAME = "build-warnings.json";

export type BuildStage = "import" | "save";

export interface BuildOptions {
  /** Dataset folder (created if needed); DEFAULT_DATA_DIR relative to the working directory by default. */
  dataDir?: string;
  /**
   * Build from a `strata collect` crawl cache (this folder) instead of the leaderboard exports; the
   * v1File/v2File/registryFile options are then unused.
   */
  fromCache?: string;
  /** Leaderboard v1 CSV; the bundled export by default. */
  v1File?: string;
  /** Leaderboard v2 CSV; the bundled export by default. `null` skips v2. */
  v2File?: string | null;
  /** Base-model registry JSON; the bundled data/base-models.json by default. */
  registryFile?: string;
  /** Replace an existing dataset even with one of no models or under half as many (see saveDataset). */
  force?: boolean;
  /** Progress: the stage and, during the import, rows done of total. */
  onProgress?: (stage: BuildStage, done: number, total: number) => void;
  /** Clock for the build timestamp (tests). */
  now?: () => Date;
}

/** What a build from the crawl cache adds to the summary: the crawl's counts and its unusable models. */
export interface CacheBuildFacts {
  cacheDir: string;
  /** Models that did not become records (first MAX_LISTED_PROBLEMS; all are in the dataset meta). */
  problems: HubProblem[];
  problemCount: number;
}

/** Problems a build summary lists; the dataset's meta keeps all of them. */
export const MAX_LISTED_PROBLEMS = 50;

export interface BuildSummary extends DatasetSummary {
  dbFile: string;
  /** Every import warning (file, line, field, message) as JSON. */
  warningsFile: string;
  /** Wall time of the whole build, seconds. */
  seconds: number;
  /** Seconds spent importing (CSV parsing, joining, imputing, or reading the cache) and saving (DuckDB write). */
  timings: { import: number; save: number };
  inputs: InputFile[];
  /** Set when the build read a crawl cache (fromCache). */
  cache: CacheBuildFacts | null;
}

export interface InputFile {
  role: "v1" | "v2" | "registry";
  file: string;
  bytes: number;
  sha256: string;
}

/**
 * The one way a dataset is built and written: imports its rows from the leaderboard exports with the
 * base-model registry (leaderboard/), or from a crawl cache (hub/, with `fromCache`), then writes the
 * DuckDB dataset and <dir>/build-warnings.json and returns what it built in numbers. The output folder is
 * checked before the import starts; an existing dataset is never replaced by an empty or much smaller one
 * unless `force` (saveDataset).
 */
export async function buildDataset(opts: BuildOptions = {}): Promise<BuildSummary> {
  const t0 = performance.now();
  const dir = opts.dataDir ?? DEFAULT_DATA_DIR;
  checkOutputDir(dir, "the dataset folder");
  const progress = opts.onProgress;
  const onImport = progress ? (done: number, total: number) => progress("import", done, total) : undefined;
  const imported = opts.fromCache
    ? await importCache(opts.fromCache, onImport)
    : await importLeaderboards(opts, onImport);
  const t1 = performance.now();
  const builtAt = (opts.now?.() ?? new Date()).toISOString();
  const ds: Dataset = {
    records: [...imported.records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    v2: imported.v2,
    warnings: imported.warnings,
    meta: { builtAt, ...imported.meta, strataVersion: STRATA_VERSION },
  };
  if (!opts.force) await checkReplacement(datasetFile(dir), ds.records.length);
  progress?.("save", 0, 1);
  const { dbFile } = await saveDataset(dir, ds, { force: opts.force });
  const warningsFile = await writeWarnings(dir, builtAt, imported.warnings);
  progress?.("save", 1, 1);
  const t2 = performance.now();
  return {
    dbFile,
    warningsFile,
    ...summarizeDataset(ds),
    seconds: (t2 - t0) / 1000,
    timings: { import: (t1 - t0) / 1000, save: (t2 - t1) / 1000 },
    inputs: imported.inputs,
    cache: imported.cache,
  };
}

interface Imported {
  records: ModelRecord[];
  v2: V2ScoreRow[];
  warnings: ImportWarning[];
  /** The dataset meta but its build time. */
  meta: { source: string; [key: string]: unknown };
  inputs: InputFile[];
  cache: CacheBuildFacts | null;
}

async function importLeaderboards(
  opts: BuildOptions,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<Imported> {
  const v1File = opts.v1File ?? BUNDLED_DATA.v1File;
  const v2File = opts.v2File === null ? undefined : (opts.v2File ?? BUNDLED_DATA.v2File);
  const registryFile = opts.registryFile ?? BUNDLED_DATA.registryFile;
  const lb = await buildLeaderboardRecords({ v1File, v2File, registryFile, onProgress });
  const inputs: InputFile[] = [
    describeInput("v1", v1File),
    ...(v2File ? [describeInput("v2", v2File)] : []),
    describeInput("registry", registryFile),
  ];
  return {
    records: lb.records,
    v2: lb.v2,
    warnings: lb.warnings,
    meta: {
      source: inputs.map((i) => basename(i.file)).join(" + "),
      counts: lb.counts,
      imputationChecks: lb.imputationChecks,
      inputs,
    },
    inputs,
    cache: null,
  };
}

async function importCache(
  cacheDir: string,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<Imported> {
  // Loaded on use: the crawl's modules (and @huggingface/hub) stay out of every other command's start.
  const { recordsFromCache } = await import("../hub/index.ts");
  const c = await recordsFromCache({ cacheDir, onProgress });
  return {
    records: c.records,
    v2: c.v2,
    warnings: c.warnings,
    meta: { source: `Hugging Face Hub crawl (${cacheDir})`, counts: c.counts, hub_problems: c.problems },
    inputs: [],
    cache: {
      cacheDir,
      problems: c.problems.slice(0, MAX_LISTED_PROBLEMS),
      problemCount: c.problems.length,
    },
  };
}

function describeInput(role: InputFile["role"], file: string): InputFile {
  // The import has read these files already, so they exist; hashing them pins what the dataset came from.
  const bytes = statSync(file).size;
  const sha256 = createHash("sha256").update(readFileSync(file)).digest("hex");
  return { role, file, bytes, sha256 };
}

async function writeWarnings(dir: string, builtAt: string, warnings: ImportWarning[]): Promise<string> {
  const file = join(dir, WARNINGS_FILE_NAME);
  const rows = warnings.map((w) => ({
    file: w.file,
    line: w.line,
    field: w.field ?? null,
    message: w.message,
  }));
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ builtAt, count: rows.length, warnings: rows }, null, 1)}\n`);
  await rename(tmp, file);
  return file;
}
