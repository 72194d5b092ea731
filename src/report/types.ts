import type { TopLevelSpec } from "vega-lite";
import type {
  CategoryCount,
  CorrelationMatrix,
  DataQuality,
  DateSourceCounts,
  LikedModel,
  MonthlyNewModels,
  SizeBinStat,
  TimePoint,
} from "../analysis/index.ts";
import type {
  ImputationCheck,
  RecordWithV2,
  StructureSelection,
  Table1,
  V1Benchmark,
} from "../dataset/index.ts";
import type {
  FeatureImportances,
  Protocol,
  RegressionTable,
  RegressorName,
  ReverseRegressionResult,
  Target,
} from "../ml/index.ts";

import type { InsideModelData } from "./inside-model/analyze.ts";

/** Progress of a long stage: `stage` names it ("regression random", "importances", "figures"). */
export type ReportProgressFn = (stage: string, done: number, total: number) => void;

/** Stage 1 (collect): the records (with their v2 scores) and what the build measured about them. */
export interface ReportInput {
  records: RecordWithV2[];
  dataDir: string;
  /** The build's precision checks of the structure imputation (dataset meta), null when it has none. */
  imputationChecks: ImputationCheck[] | null;
}

/**
 * Everything that decides the report's numbers, written to report.json (meta.settings) with the
 * command line that reproduces them (meta.command). The defaults keep `npm start` to minutes on 2 cores.
 */
export interface ReportSettings {
  /** The complete run: every regressor under every protocol, 5 permutation repeats. */
  full: boolean;
  /**
   * Benchmarks regressed: the v1 ones in the study's sections, the v2 ones in "The same on leaderboard
   * v2". Default all twelve.
   */
  targets: Target[];
  /** Rows the modelling uses, by how their structure is known (selectByStructure). Default all, as the study. */
  structure: StructureSelection;
  /** Cross-validation protocols of the regression table, side by side. Default random, grouped, time. */
  regressionProtocols: Protocol[];
  folds: number;
  /** Regressors of the random-CV table (the study's protocol). Default: all ten. */
  regressors: RegressorName[];
  /** Regressors under the grouped and time protocols. Default rf, linear, xgb (all with `full`). */
  otherProtocolRegressors: RegressorName[];
  /** Permutation repeats per held-out fold (ml's default is 5; the report uses 1 unless `full`). */
  importanceRepeats: number;
  /** Folds and seeded regressors; the same seed gives `strata regress` the same numbers. */
  seed: number;
}

/** Stage 2 (analyze): every number the report shows. Written as report.json and embedded in the HTML. */
export interface ReportData {
  meta: {
    generatedAt: string;
    dataDir: string;
    models: number;
    /** Models with at least one leaderboard v1 score. */
    scored: number;
    /** Scored models the modelling used after the structure selection. */
    modelled: number;
    settings: ReportSettings;
    /** The command that reruns this report with the same settings. */
    command: string;
    /** Wall time per stage, milliseconds. */
    timings: Record<string, number>;
  };
  table1: Table1;
  /** Where each model's date comes from (date_source), over all models and the scored ones. */
  dates: { all: DateSourceCounts; scored: DateSourceCounts };
  dataQuality: DataQuality;
  imputationChecks: ImputationCheck[] | null;
  monthly: MonthlyNewModels;
  architectures: { top: CategoryCount[]; known: number; distinct: number };
  likes: LikedModel[];
  mmluOverTime: TimePoint[];
  /** Models that are leaderboard "pretrained" and have an MMLU score but no date (left out of the figure). */
  mmluUndated: number;
  sizeBins: SizeBinStat[];
  spearman: CorrelationMatrix;
  /** One table per protocol that ran (v1 targets, rows of `settings.structure`). */
  regression: RegressionTable[];
  /** Random Forest under random and grouped CV on all rows and on confident rows, side by side. */
  structureComparison: { selection: StructureSelection; tables: RegressionTable[] }[];
  importances: FeatureImportances[];
  reverse: ReverseRegressionResult | null;
  pretrainedOnly: { regression: RegressionTable | null; importances: FeatureImportances[] };
  /** The v2 targets: regression (random and grouped CV) and importances; null when no v2 target or score. */
  v2: { models: number; regression: RegressionTable[]; importances: FeatureImportances[] } | null;
  /** Parts that could not be computed and why (e.g. too few pretrained models), by part name. */
  unavailable: Record<string, string>;
  /** "Inside a model" (probe engine on the bundled or a given checkpoint); absent when not run. */
  insideModel?: InsideModelData | null;
  /** The study's published values the report compares with (src/study.ts), copied for the reader. */
  published: {
    citation: string;
    rfR2: Record<V1Benchmark, number>;
    llmR2: Record<V1Benchmark, number>;
    topStructure: Record<V1Benchmark, string>;
  };
}

/** The study's value or finding beside ours, and whether we agree. */
export interface StudyComparison {
  /** Table or figure of the paper. */
  source: string;
  /** What the study published there. */
  study: string;
  /** agree / partly / differ, or "no number" when the study shows a figure without values to compare. */
  verdict: "agree" | "partly" | "differ" | "no number";
  /** One honest line computed from our numbers and theirs. */
  line: string;
}

export interface FigureDef {
  /** DOM id and file stem, e.g. "fig-monthly". */
  id: string;
  /** What the figure shows, including which rows it uses. */
  caption: string;
  spec: TopLevelSpec;
}

export interface TableDef {
  caption: string;
  header: string[];
  rows: (string | number | null)[][];
}

/** Stage 3 (assemble): one section of the report, ready to render. */
export interface SectionDef {
  id: string;
  title: string;
  /** Short label in the page's menu. */
  nav: string;
  /** What was computed and how (method, not findings). */
  method: string;
  figures: FigureDef[];
  tables: TableDef[];
  /** The study's number or finding beside ours; null where the study did not do this at all. */
  study: StudyComparison | null;
  /** One line read off our numbers. */
  reading: string;
}

/** A figure rendered to both formats. */
export interface RenderedFigure {
  id: string;
  caption: string;
  svg: string;
  png: Buffer;
}
