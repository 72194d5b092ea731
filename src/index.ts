/**
 * Strata's public API. Each stage is exported as a namespace so names stay unambiguous
 * (e.g. `dataset.loadRecords`, `ml.runRegressionTable`, `probe.loadModel`); the most used
 * entry points are also exported directly.
 */
export * as analysis from "./analysis/index.ts";
export * as configs from "./configs/index.ts";
export { normalizeConfig, readModelConfig } from "./configs/index.ts";
export type { ModelRecord, NormalizedConfig, Structure } from "./contracts/index.ts";
export * as contracts from "./contracts/index.ts";
export { StrataError } from "./contracts/index.ts";
/** What the reproduced study published (arXiv 2509.18136), each value with its table or figure. */
export * as study from "./contracts/study.ts";
export * as dataset from "./dataset/index.ts";
export { buildDataset, loadRecords } from "./dataset/index.ts";
export * as hub from "./hub/index.ts";
export * as leaderboard from "./leaderboard/index.ts";
export * as ml from "./ml/index.ts";
export * as probe from "./probe/index.ts";
export * as report from "./report/index.ts";
export { buildReport } from "./report/index.ts";
export * as server from "./server/index.ts";
export { startServer } from "./server/index.ts";
