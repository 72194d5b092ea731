export { buildLeaderboardRecords, COVERAGE_KEYS, isCovered, pickRepresentative } from "./build.ts";
export { BUNDLED as BUNDLED_LEADERBOARD_FILES } from "./data-files.ts";
export { importV1, V1_REQUIRED_COLUMNS } from "./import-v1.ts";
export { importV2, V2_REQUIRED_COLUMNS } from "./import-v2.ts";
export {
  bundledRules,
  type ImputationRules,
  type ImputeInput,
  type ImputeResult,
  imputeStructure,
  loadImputationRules,
} from "./impute.ts";
export { type NameSize, parseNameSize } from "./name-hints.ts";
export { estimateParamsB, loadRegistry, type Registry, registryWithout } from "./registry.ts";
export type * from "./types.ts";
export { CHECKED_FIELDS, loadKnownStructures, validateImputation } from "./validate-imputation.ts";
export { parseKind } from "./values.ts";
