import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { attachV2Scores, datasetFile, loadDataset } from "../dataset/index.ts";
import { ReportError } from "./errors.ts";
import type { ReportInput } from "./types.ts";

/** Stage 1: read the built dataset in `dataDir`: its models with their v2 scores, and the build's checks. */
export async function collectReport(dataDir: string): Promise<ReportInput> {
  const dir = resolve(dataDir);
  const file = datasetFile(dir);
  if (!existsSync(file)) {
    throw new ReportError(`no dataset at ${file}: run 'strata build --data-dir ${dataDir}' first`);
  }
  const ds = await loadDataset(dir);
  return {
    records: attachV2Scores(ds.records, ds.v2),
    dataDir: dir,
    imputationChecks: ds.meta.imputationChecks ?? null,
  };
}
