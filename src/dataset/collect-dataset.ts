import { join } from "node:path";
import type { CollectOptions, CollectResult } from "../hub/index.ts";
import { type BuildSummary, buildDataset } from "./build-dataset.ts";

export interface CollectDatasetOptions extends CollectOptions {
  /** Replace an existing dataset even with an empty or much smaller one (buildDataset's force). */
  force?: boolean;
  /** Progress of the build from the cache, after the crawl's own (CollectOptions.onProgress). */
  onBuildProgress?: (done: number, total: number) => void;
}

export interface CollectDatasetResult {
  collect: CollectResult;
  build: BuildSummary;
}

/**
 * `strata collect`: crawls the Hub into the cache (hub/collectHub), then builds the dataset from that
 * cache (buildDataset with fromCache), so a crawl and an offline `strata build --from-cache` give the
 * same dataset.
 */
export async function collectDataset(options: CollectDatasetOptions): Promise<CollectDatasetResult> {
  const { CACHE_SUBDIR, collectHub } = await import("../hub/index.ts");
  const cacheDir = options.cacheDir ?? join(options.dataDir, CACHE_SUBDIR);
  const collect = await collectHub({ ...options, cacheDir });
  const build = await buildDataset({
    dataDir: options.dataDir,
    fromCache: cacheDir,
    force: options.force,
    onProgress: (stage, done, total) => {
      if (stage === "import") options.onBuildProgress?.(done, total);
    },
  });
  return { collect, build };
}
