import type {
  ImportWarning,
  ImputationCheck,
  ModelKind,
  ModelRecord,
  V2ScoreRow,
} from "../contracts/index.ts";
import type { ImputeResult } from "./impute.ts";

/** The leaderboard import's counts (a type literal, so it is also a Record<string, number>). */
export type LeaderboardCounts = {
  v1Rows: number;
  v1Models: number;
  v1DuplicateRows: number;
  v1IdsWithSeveralRows: number;
  v2Rows: number;
  v2Models: number;
  v2OnlyModels: number;
  v1ModelsInV2: number;
  registryHits: number;
  imputed: number;
  unresolved: number;
  v1RowsCovered: number;
  v1ModelsCovered: number;
  v2OnlyCovered: number;
  coverageV1Rows: number;
  coverageV1Models: number;
  warnings: number;
};

/** What the leaderboard import hands to the dataset build. */
export interface LeaderboardBuild {
  /** One record per distinct model id (v1 models with their scores; v2-only models without v1 scores). */
  records: ModelRecord[];
  v2: V2ScoreRow[];
  warnings: ImportWarning[];
  /** Counts for the build summary (documented at buildLeaderboardRecords). */
  counts: LeaderboardCounts;
  /** Precision of the structure imputation on sets with known answers (validate-imputation.ts). */
  imputationChecks: ImputationCheck[];
}

export interface LeaderboardBuildOptions {
  v1File: string;
  v2File?: string;
  /** The curated base-model registry (JSON); defaults to the bundled data/base-models.json. */
  registryFile?: string;
  onProgress?: (done: number, total: number) => void;
  /** Called with every case of the imputation checks (validate-imputation.ts), to look at the misses. */
  onImputationCase?: (
    check: string,
    id: string,
    imp: ImputeResult,
    truth: Record<string, number | null>,
  ) => void;
}

/** One row of the leaderboard v1 export, cleaned (inverted flags negated, 0 params -> null). */
export interface V1ScoreRow {
  /** 1-based line where the row starts in the CSV. */
  line: number;
  id: string;
  revision: string | null;
  precision: string | null;
  /** "Original", "Adapter" or "Delta". */
  weight_type: string | null;
  kind: ModelKind | null;
  /** config.json architectures[0], repaired ("L;l;a;m;a..." -> LlamaForCausalLM) or null when unknown. */
  architecture: string | null;
  /** The export's params_b: floored to an integer, so the true size lies in [p, p+1); null when 0. */
  params_b_floor: number | null;
  is_merged: boolean;
  is_moe: boolean;
  flagged: boolean;
  available_on_hub: boolean | null;
  likes: number | null;
  license: string | null;
  /** `date` column: submission to the leaderboard, ISO timestamp. */
  submitted_at: string | null;
  arc: number | null;
  hellaswag: number | null;
  mmlu: number | null;
  truthfulqa: number | null;
  winogrande: number | null;
  gsm8k: number | null;
  average: number | null;
}

export interface ImportResult<Row> {
  file: string;
  rows: Row[];
  warnings: ImportWarning[];
}

/** One entry of data/base-models.json: a public base model's structure from its config.json. */
export interface BaseModelEntry {
  hub_id: string;
  family: string;
  architecture: string;
  model_type: string;
  layers: number;
  d_model: number;
  /** Per-layer FFN width (per expert for MoE). */
  d_ffn: number;
  heads: number;
  kv_heads: number;
  vocab_size: number;
  /** max_position_embeddings (null for models without a fixed one). */
  pos: number | null;
  activation: string;
  moe_experts: number | null;
  moe_active_experts: number | null;
  /** Published total parameter count, billions. */
  params_b: number;
  /** Release date, ISO. */
  released: string;
}
