import type { TopLevelSpec } from "vega-lite";
import type {
  CategoryCount,
  CorrelationMatrix,
  LikedModel,
  MonthlyNewModels,
  SizeBinStat,
  TimePoint,
} from "../analysis/index.ts";
import type { ModelRecord, Table1, V1Benchmark } from "../dataset/index.ts";
import type {
  FeatureImportances,
  Protocol,
  RegressionTable,
  RegressorName,
  ReverseRegressionResult,
} from "../ml/index.ts";

/** Progress of a long stage: `stage` names it ("regression random", "importances", "figures"). */
export type ReportProgressFn = (stage: string, done: number, total: number) => void;

/** Stage 1 (collect): the records and where they came from. */
export interface ReportInput {
  records: ModelRecord[];
  dataDir: string;
}

/** How much modelling the report does; the defaults keep `npm start` to a few minutes on 2 cores. */
export interface ReportMlOptions {
  /** Cross-validation protocols of the regression table, side by side. Default random, grouped, time. */
  regressionProtocols: Protocol[];
  folds: number;
  /** Regressors of the random-CV table (the study's protocol). Default: all ten. */
  regressors: RegressorName[];
  /** Regressors under the grouped and time protocols. Default rf, linear, xgb (all with `full`). */
  otherProtocolRegressors: RegressorName[];
  /** Permutation repeats per held-out fold (ml's default is 5; the report uses 1 unless `full`). */
  importanceRepeats: number;
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
    ml: ReportMlOptions;
    /** Wall time per stage, milliseconds. */
    timings: Record<string, number>;
  };
  table1: Table1;
  monthly: MonthlyNewModels;
  architectures: { top: CategoryCount[]; known: number; distinct: number };
  likes: LikedModel[];
  mmluOverTime: TimePoint[];
  sizeBins: SizeBinStat[];
  spearman: CorrelationMatrix;
  /** One table per protocol that ran. */
  regression: RegressionTable[];
  importances: FeatureImportances[];
  reverse: ReverseRegressionResult | null;
  pretrainedOnly: { regression: RegressionTable | null; importances: FeatureImportances[] };
  /** Parts that could not be computed and why (e.g. too few pretrained models), by part name. */
  unavailable: Record<string, string>;
  published: {
    citation: string;
    rfR2: Record<V1Benchmark, number>;
    topStructure: Record<V1Benchmark, string>;
  };
}

export interface FigureDef {
  /** DOM id and file stem, e.g. "fig-monthly". */
  id: string;
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
  /** What was computed and how (method, not findings). */
  method: string;
  figures: FigureDef[];
  tables: TableDef[];
  /** The study's number(s) beside ours, when it published one. */
  published: string | null;
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
