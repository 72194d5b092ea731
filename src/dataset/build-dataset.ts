import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildLeaderboardRecords } from "../leaderboard/index.ts";
import type { ImportWarning } from "../leaderboard/types.ts";
import { type DatasetSummary, summarizeDataset } from "./build-summary.ts";
import { DEFAULT_DATA_DIR } from "./db.ts";
import { saveDataset } from "./save-dataset.ts";
import type { Dataset } from "./types.ts";

/** The data Strata ships, resolved from this file so a build works from any working directory. */
export const BUNDLED_DATA = {
  v1File: fileURLToPath(new URL("../../data/leaderboard/open_llm_leaderboard_v1.csv", import.meta.url)),
  v2File: fileURLToPath(new URL("../../data/leaderboard/open_llm_leaderboard_v2.csv", import.meta.url)),
  registryFile: fileURLToPath(new URL("../../data/base-models.json", import.meta.url)),
} as const;

export const WARNINGS_FILE_NAME = "build-warnings.json";

export type BuildStage = "import" | "save";

export interface BuildOptions {
  /** Dataset folder (created if needed); DEFAULT_DATA_DIR relative to the working directory by default. */
  dataDir?: string;
  /** Leaderboard v1 CSV; the bundled export by default. */
  v1File?: string;
  /** Leaderboard v2 CSV; the bundled export by default. `null` skips v2. */
  v2File?: string | null;
  /** Base-model registry JSON; the bundled data/base-models.json by default. */
  registryFile?: string;
  /** Progress: the stage and, during the import, rows done of total. */
  onProgress?: (stage: BuildStage, done: number, total: number) => void;
  /** Clock for the build timestamp (tests). */
  now?: () => Date;
}

export interface BuildSummary extends DatasetSummary {
  dbFile: string;
  /** Every import warning (file, line, field, message) as JSON. */
  warningsFile: string;
  /** Wall time of the whole build, seconds. */
  seconds: number;
  /** Seconds spent importing (CSV parsing, joining, imputing) and saving (DuckDB write). */
  timings: { import: number; save: number };
  inputs: InputFile[];
}

export interface InputFile {
  role: "v1" | "v2" | "registry";
  file: string;
  bytes: number;
  sha256: string;
}

/**
 * The offline build: imports the leaderboard exports with the base-model registry (leaderboard/),
 * writes the DuckDB dataset and <dir>/build-warnings.json, and returns what it built in numbers.
 */
export async function buildDataset(opts: BuildOptions = {}): Promise<BuildSummary> {
  const t0 = performance.now();
  const dir = opts.dataDir ?? DEFAULT_DATA_DIR;
  const v1File = opts.v1File ?? BUNDLED_DATA.v1File;
  const v2File = opts.v2File === null ? undefined : (opts.v2File ?? BUNDLED_DATA.v2File);
  const registryFile = opts.registryFile ?? BUNDLED_DATA.registryFile;
  const progress = opts.onProgress;
  const lb = await buildLeaderboardRecords({
    v1File,
    v2File,
    registryFile,
    onProgress: progress ? (done, total) => progress("import", done, total) : undefined,
  });
  const t1 = performance.now();
  const inputs: InputFile[] = [
    describeInput("v1", v1File),
    ...(v2File ? [describeInput("v2", v2File)] : []),
    describeInput("registry", registryFile),
  ];
  const builtAt = (opts.now?.() ?? new Date()).toISOString();
  const ds: Dataset = {
    records: [...lb.records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    v2: lb.v2,
    warnings: lb.warnings,
    meta: {
      builtAt,
      source: inputs.map((i) => basename(i.file)).join(" + "),
      counts: lb.counts,
      imputationChecks: lb.imputationChecks,
      inputs,
      strataVersion: packageVersion(),
    },
  };
  progress?.("save", 0, 1);
  const { dbFile } = await saveDataset(dir, ds);
  const warningsFile = await writeWarnings(dir, builtAt, lb.warnings);
  progress?.("save", 1, 1);
  const t2 = performance.now();
  return {
    dbFile,
    warningsFile,
    ...summarizeDataset(ds),
    seconds: (t2 - t0) / 1000,
    timings: { import: (t1 - t0) / 1000, save: (t2 - t1) / 1000 },
    inputs,
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

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: string;
  };
  return pkg.version ?? "unknown";
}
