import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { datasetFile, loadRecords } from "../dataset/index.ts";
import { ReportError } from "./errors.ts";
import type { ReportInput } from "./types.ts";

/** Stage 1: read the built dataset in `dataDir`. */
export async function collectReport(dataDir: string): Promise<ReportInput> {
  const dir = resolve(dataDir);
  const file = datasetFile(dir);
  if (!existsSync(file)) {
    throw new ReportError(`no dataset at ${file}: run 'strata build --data-dir ${dataDir}' first`);
  }
  return { records: await loadRecords(dir), dataDir: dir };
}
