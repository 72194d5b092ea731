import type { ModelKind, ModelRecord } from "./record.ts";

/** A recoverable data problem found while importing: the row is skipped or the value dropped. */
export interface ImportWarning {
  file: string;
  /** 1-based line number in the file, when the problem is tied to a row. */
  line: number | null;
  field?: string;
  message: string;
}

/** One row of leaderboard v2 scores (normalized scores, 0-100), kept as its own score set. */
export interface V2ScoreRow {
  id: string;
  revision: string | null;
  precision: string | null;
  kind: ModelKind | null;
  architecture: string | null;
  params_b: number | null;
  is_merged: boolean;
  is_moe: boolean;
  flagged: boolean;
  likes: number | null;
  license: string | null;
  base_model: string | null;
  /** metadata_upload_date (model upload to the Hub), ISO date. */
  uploaded_at: string | null;
  /** metadata_submission_date, ISO date. */
  submitted_at: string | null;
  ifeval: number | null;
  bbh: number | null;
  math: number | null;
  gpqa: number | null;
  musr: number | null;
  mmlu_pro: number | null;
  average: number | null;
}

/** Everything one build produces: what `saveDataset` writes and `loadDataset` reads back. */
export interface Dataset {
  records: ModelRecord[];
  v2: V2ScoreRow[];
  warnings: ImportWarning[];
  meta: DatasetMeta;
}

/** How one imputed field fared against a set of models whose real structure is known. */
export interface FieldPrecision {
  field: string;
  /** Cases whose real value of this field is known. */
  checked: number;
  /** Of those, how many the imputation filled (not null). */
  filled: number;
  /** Of the filled, how many differ from the real value. */
  wrong: number;
}

/** The imputation checked against one validation set (e.g. the registry's leave-one-out). */
export interface ImputationCheck {
  /** Short name of the validation set, e.g. "registry leave-one-out". */
  name: string;
  /** What the set is and where its answers come from. */
  description: string;
  cases: number;
  /** Cases with layers, d_model, d_ffn and heads all filled. */
  filledCore: number;
  fields: FieldPrecision[];
  /** Per evidence class of the imputed cases: how many, how many with the core filled, and how many of
   * those have any of layers, d_model, d_ffn, heads, kv_heads wrong. */
  byEvidence?: Record<string, { cases: number; filledCore: number; wrongCore: number }>;
}

export interface DatasetMeta {
  /** ISO timestamp of the build. */
  builtAt: string;
  /** What the rows came from, e.g. "open_llm_leaderboard_v1.csv + open_llm_leaderboard_v2.csv". */
  source: string;
  counts?: Record<string, number>;
  /** Precision of the structure imputation on validation sets with known answers (leaderboard builds). */
  imputationChecks?: ImputationCheck[];
  /** Any other JSON-serializable facts about the build (kept as JSON in the meta table). */
  [k: string]: unknown;
}
