import type { ModelRecord, Structure, V1Benchmark, V2Benchmark } from "../contracts/index.ts";
import type { StructureSelection } from "../dataset/index.ts";
import type { TaskRunner } from "./parallel/runner.ts";

/** A dense row-major matrix: `data[i * cols + j]` is row i, column j. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** A regressor: the only classes in ml/. `fit` returns `this` so calls chain. */
export interface Regressor {
  fit(X: Matrix, y: Float64Array): this;
  predict(X: Matrix): Float64Array;
}

/** Keys of the regressors fitted on the feature matrix, one target at a time (fit/predict). */
export type MatrixRegressorName =
  | "rf"
  | "linear"
  | "ridge"
  | "lasso"
  | "tree"
  | "svr"
  | "knn"
  | "gb"
  | "xgb"
  | "mlp";

/**
 * Regressor keys, as used on the command line (`--regressors rf,linear`): the matrix regressors and
 * "llm", the study's fine-tuned language model (probe/lora), which reads each structure as text and
 * writes all six v1 scores at once.
 */
export type RegressorName = MatrixRegressorName | "llm";

/** What the CLI and report show of a regressor. */
export interface RegressorInfo {
  name: RegressorName;
  /** Human label, e.g. "Random Forest". */
  label: string;
  /** The study's hyperparameters (the defaults used), for display and the report. */
  params: Record<string, string | number | boolean>;
  /** True when predictions depend on `seed` (bootstrap, shuffling, init). */
  stochastic: boolean;
}

/** A registry entry: how to build one matrix regressor with the study's hyperparameters. */
export interface RegressorSpec extends RegressorInfo {
  name: MatrixRegressorName;
  create(opts?: { seed?: number }): Regressor;
}

/**
 * The LLM regressor's settings (see src/probe/lora): LoRA on every linear layer of a local causal LM,
 * trained with AdamW on the study's text format for each fold; defaults in ml/llm-cv.ts.
 */
export interface LlmRegressorSettings {
  /** Base model folder (default: the bundled stories260K). */
  modelDir?: string;
  rank?: number;
  alpha?: number;
  /** Optimizer steps per fold. */
  steps?: number;
  lr?: number;
  /** Examples per optimizer step. */
  batch?: number;
  /** At most this many held-out rows generated per fold (a seeded sample); default all. */
  limit?: number;
  /** After the folds, fit on every row and write the adapters here (PEFT's layout + strata-llm.json). */
  saveAdapter?: string;
}

/** Regression targets: the six leaderboard v1 benchmarks (the study's) and the six of leaderboard v2. */
export type Target = V1Benchmark | V2Benchmark;

/**
 * A record as the regressions read it: a ModelRecord, plus its leaderboard v2 scores when they were
 * attached (dataset's attachV2Scores); a v2 target on a record without them counts as missing.
 */
export type TargetRecord = ModelRecord & Partial<Record<V2Benchmark, number | null>>;

/** How rows are split into folds. */
export type Protocol = "random" | "grouped" | "time";

/** A regression feature: a numeric structure column, a flag, or the date. */
export type FeatureName =
  | "layers"
  | "d_model"
  | "d_ffn"
  | "heads"
  | "kv_heads"
  | "vocab_size"
  | "pos"
  | "params_b"
  | "moe"
  | "moe_experts"
  | "date";

/** How rows with a missing feature (or target) are handled. */
export type MissingPolicy = "drop" | "median";

export interface FeatureMatrixOptions {
  /** Features (columns), default DEFAULT_FEATURES. */
  features?: readonly FeatureName[];
  /** Target column(s) to extract as y; rows with a missing target are always dropped. */
  target?: Target;
  /** "drop" (default, as the study): drop rows with any missing feature. "median": impute train medians. */
  missing?: MissingPolicy;
  /** Keep only records with kind === "pretrained". */
  pretrainedOnly?: boolean;
}

/** Which rows' structure a regression trusts (dataset's selectByStructure); default "all", as the study. */
export interface StructureOption {
  structure?: StructureSelection;
}

export interface FeatureMatrixResult {
  X: Matrix;
  /** The target per kept row, or null when no target was asked for. */
  y: Float64Array | null;
  features: FeatureName[];
  /** Index into the input `records` of each kept row. */
  rows: Int32Array;
  /** Group key per kept row: imputed_from ?? base_model ?? id. */
  groups: string[];
  /** Date feature per kept row (months since 2023-01), NaN when unknown (only when not a feature). */
  months: Float64Array;
  /**
   * Rows with the target (or all rows when no target) dropped for a missing feature, counted per reason
   * (the first missing feature, e.g. "missing d_ffn"); noTarget counts rows skipped for lacking the target.
   */
  dropped: { total: number; reasons: Record<string, number>; noTarget: number };
}

/** One cell of the regression table: one regressor on one target. */
export interface RegressionCell {
  regressor: RegressorName;
  target: Target;
  /** Mean R^2 over folds. */
  r2: number;
  /** Standard deviation of the per-fold R^2 (population, like numpy.std). */
  std: number;
  folds: number[];
  /** Rows used (after dropping missing values). */
  n: number;
  /** Time to fit+predict all folds, milliseconds (summed over folds, in the thread that ran them). */
  ms: number;
}

export interface RegressionTable {
  protocol: Protocol;
  folds: number;
  seed: number;
  pretrainedOnly: boolean;
  /** Rows kept by their structure's evidence (selectByStructure) before the feature matrix. */
  structure: StructureSelection;
  features: FeatureName[];
  targets: Target[];
  regressors: RegressorName[];
  cells: RegressionCell[];
  /** Rows per target, and rows with the target dropped for a missing feature. */
  n: Record<string, number>;
  dropped: Record<string, number>;
  /** The study's published Random Forest R^2 (arXiv 2509.18136, Table 2), for the v1 targets only. */
  published: Partial<Record<Target, number>>;
  /** Problems met on the way (e.g. non-finite predictions replaced by the training mean). */
  warnings: string[];
  elapsedMs: number;
}

export type ProgressFn = (done: number, total: number, note?: string) => void;

export interface RegressionTableOptions extends StructureOption {
  targets?: Target[];
  protocol: Protocol;
  regressors?: RegressorName[];
  folds?: number;
  seed?: number;
  pretrainedOnly?: boolean;
  features?: readonly FeatureName[];
  missing?: MissingPolicy;
  /** Worker threads (default: available cores, capped at 2); 0 or 1 runs in this thread. */
  workers?: number;
  /** Run the fits through a job's runner (shared threads, results cache) instead; `workers` is then unused. */
  runner?: TaskRunner;
  /** Settings of the "llm" regressor, when it is among `regressors`. */
  llm?: LlmRegressorSettings;
  onProgress?: ProgressFn;
}

export interface PermutationImportance {
  feature: FeatureName | string;
  /** Mean drop in held-out R^2 when the column is shuffled. */
  mean: number;
  std: number;
  /** 95% confidence interval of the mean (t over folds x repeats). */
  ci95: [number, number];
}

export interface ImpurityImportance {
  feature: FeatureName | string;
  /** Normalized mean decrease in impurity (sums to 1), like sklearn feature_importances_. */
  importance: number;
}

export interface FeatureImportanceOptions extends StructureOption {
  target: Target;
  pretrainedOnly?: boolean;
  /** Permutation repeats per held-out fold (default 5). */
  repeats?: number;
  folds?: number;
  seed?: number;
  features?: readonly FeatureName[];
  /** Run the fits through a job's runner (shared threads, results cache). */
  runner?: TaskRunner;
  onProgress?: ProgressFn;
}

export interface FeatureImportances {
  target: Target;
  n: number;
  pretrainedOnly: boolean;
  structure: StructureSelection;
  /** Random Forest impurity importance fitted on all rows, sorted descending. */
  impurity: ImpurityImportance[];
  /** Permutation importance on held-out folds, sorted descending by mean. */
  permutation: PermutationImportance[];
  /** Held-out R^2 of the forest the permutations were measured on. */
  r2: number;
}

/** Structural columns predicted in the reverse regression. */
export type ReverseTarget = "layers" | "d_model" | "d_ffn" | "heads";

export interface ReverseRegressionOptions extends StructureOption {
  targets?: ReverseTarget[];
  regressors?: MatrixRegressorName[];
  protocol?: Protocol;
  folds?: number;
  seed?: number;
  pretrainedOnly?: boolean;
  /** Run the fits through a job's runner (shared threads, results cache). */
  runner?: TaskRunner;
  onProgress?: ProgressFn;
}

export interface ReverseRegressionResult {
  protocol: Protocol;
  pretrainedOnly: boolean;
  structure: StructureSelection;
  /** The six v1 scores are the features. */
  features: V1Benchmark[];
  cells: {
    regressor: RegressorName;
    target: ReverseTarget;
    r2: number;
    std: number;
    folds: number[];
    n: number;
  }[];
  /** Random Forest impurity importances of each score, per structural target. */
  importances: { target: ReverseTarget; n: number; impurity: ImpurityImportance[] }[];
}

export interface PredictScoresOptions {
  /** Date feature as "YYYY-MM" (default: the newest submission month in the records). */
  date?: string;
  /** Miscoverage: intervals are (1 - alpha) prediction intervals (default 0.1). */
  alpha?: number;
  /** Nearest known models to list (default 5). */
  k?: number;
  seed?: number;
}

export interface ScorePrediction {
  target: V1Benchmark;
  prediction: number;
  lower: number;
  upper: number;
  /** Rows the model was trained (and calibrated) on. */
  n: number;
}

export interface Neighbour {
  id: string;
  /** Euclidean distance over standardized features. */
  distance: number;
  kind: ModelRecord["kind"];
  scores: Record<V1Benchmark, number | null>;
}

export interface ScorePredictions {
  /** "split-conformal" around a Random Forest. */
  method: "split-conformal";
  alpha: number;
  /** The feature values used for the query. */
  features: Record<string, number>;
  scores: ScorePrediction[];
  neighbours: Neighbour[];
  warnings: string[];
}

/** What predictScores accepts: a normalized structure (plus optional dates) or a record. */
export type ScoreQuery = Structure & {
  submitted_at?: string | null;
  created_at?: string | null;
  is_moe?: boolean;
};
