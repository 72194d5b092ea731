/**
 * The dataset stage: the ModelRecord table stored in one DuckDB file (<dir>/strata.duckdb), its
 * exports, queries and the study's Table 1. See record.ts for the row contract.
 */

export { attachV2Scores, type RecordWithV2 } from "./attach-v2-scores.ts";
export {
  BUNDLED_DATA,
  type BuildOptions,
  type BuildStage,
  type BuildSummary,
  buildDataset,
  type CacheBuildFacts,
  type InputFile,
  MAX_LISTED_PROBLEMS,
  WARNINGS_FILE_NAME,
} from "./build-dataset.ts";
export { type ColumnCoverage, type DatasetSummary, summarizeDataset } from "./build-summary.ts";
export { type CollectDatasetOptions, type CollectDatasetResult, collectDataset } from "./collect-dataset.ts";
export { DB_FILE_NAME, DEFAULT_DATA_DIR, datasetFile, sqlString, withDatabase } from "./db.ts";
export { cellValue, DEFAULT_MODEL_COLUMNS } from "./display.ts";
export { DatasetError, QueryError } from "./errors.ts";
export {
  COPY_OPTIONS,
  EXPORT_FORMATS,
  EXPORT_TABLES,
  type ExportFormat,
  type ExportOptions,
  type ExportTable,
  exportDataset,
} from "./export-dataset.ts";
export { anyOfSql, columnKind, conditionsSql, FILTER_OPERATORS, parseFilter } from "./filter.ts";
export { type LoadOptions, loadDataset, loadRecords, loadRecordsWithV2 } from "./load-dataset.ts";
export {
  type ModelSelection,
  orderSql,
  type QueryOptions,
  type QueryResult,
  queryModels,
  queryModelsOn,
  selectionSql,
  selectModelsSql,
} from "./query-models.ts";
export { type SaveOptions, saveDataset } from "./save-dataset.ts";
export { type ColumnKind, MODEL_COLUMNS, V2_COLUMNS } from "./schema.ts";
export { MAX_SEARCH_LENGTH, SEARCH_ALIASES, searchFilters } from "./search.ts";
export {
  CONFIDENT_IMPUTATION,
  STRUCTURE_SELECTIONS,
  type StructureSelection,
  selectByStructure,
  structureSelected,
} from "./structure-selection.ts";
