export { benchmarkSpearman } from "./benchmark-correlation.ts";
export { type DateField, modelDate, numericColumn } from "./columns.ts";
export {
  COLUMN_ORIGINS,
  type ColumnOrigin,
  type DataQuality,
  type DateSourceCounts,
  dataQuality,
  dateSourceCounts,
  STRUCTURE_COLUMNS,
} from "./data-quality.ts";
export { type Bin, equalFrequencyBins } from "./equal-frequency-bins.ts";
export { type MonthlyCount, type MonthlyNewModels, monthlyNewModels } from "./monthly-new-models.ts";
export { pretrainedOverTime, type TimePoint } from "./pretrained-over-time.ts";
export { sampleRecords, sampleV2Rows } from "./sample-records.ts";
export {
  FINE_TUNED_KINDS,
  type SizeBinStat,
  type SizeGroup,
  scoreVsSize,
  sizeGroup,
} from "./score-vs-size.ts";
export {
  averageRanks,
  type CorrelationMatrix,
  pearson,
  type SpearmanResult,
  spearman,
  spearmanMatrix,
} from "./spearman.ts";
export { type Spread, spread } from "./stats.ts";
export { datasetTable1, TABLE1_COLUMNS, type Table1, type Table1Row, table1 } from "./table1.ts";
export { type CategoryCount, type LikedModel, topByLikes, topCategories } from "./top-counts.ts";
