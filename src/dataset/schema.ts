import type { ImportWarning, ModelRecord, V2ScoreRow } from "../contracts/index.ts";

/**
 * How each field is stored. `int` columns are BIGINT (values must be safe integers), `json` is DuckDB's
 * JSON type holding the object as text (nested objects in JSON exports), `list` a VARCHAR[].
 * Dates stay ISO strings (VARCHAR) so they round-trip exactly whatever their precision.
 */
export type ColumnKind = "text" | "int" | "float" | "bool" | "json" | "list";

export const SQL_TYPE: Record<ColumnKind, string> = {
  text: "VARCHAR",
  int: "BIGINT",
  float: "DOUBLE",
  bool: "BOOLEAN",
  json: "JSON",
  list: "VARCHAR[]",
};

/** The `models` table: one row per model id, columns in this order. Every ModelRecord key, no other. */
export const MODEL_COLUMNS = {
  id: "text",
  revision: "text",
  source: "text",
  kind: "text",
  architecture: "text",
  model_type: "text",
  params_b: "float",
  layers: "int",
  d_model: "int",
  d_ffn: "int",
  heads: "int",
  kv_heads: "int",
  vocab_size: "int",
  pos: "int",
  activation: "text",
  moe_experts: "int",
  moe_active_experts: "int",
  multimodal: "bool",
  is_moe: "bool",
  is_merged: "bool",
  flagged: "bool",
  created_at: "text",
  submitted_at: "text",
  date_source: "text",
  likes: "int",
  downloads: "int",
  last_modified: "text",
  library: "text",
  pipeline_tag: "text",
  gated: "text",
  license: "text",
  precision: "text",
  base_model: "text",
  imputed_from: "text",
  impute_confidence: "float",
  evidence: "text",
  arc: "float",
  hellaswag: "float",
  mmlu: "float",
  truthfulqa: "float",
  winogrande: "float",
  gsm8k: "float",
  average: "float",
  provenance: "json",
  warnings: "list",
} as const satisfies Record<keyof ModelRecord, ColumnKind>;

/** The `scores_v2` table: leaderboard v2 rows (several per id when several precisions were scored). */
export const V2_COLUMNS = {
  id: "text",
  revision: "text",
  precision: "text",
  kind: "text",
  architecture: "text",
  params_b: "float",
  is_merged: "bool",
  is_moe: "bool",
  flagged: "bool",
  likes: "int",
  license: "text",
  base_model: "text",
  uploaded_at: "text",
  submitted_at: "text",
  ifeval: "float",
  bbh: "float",
  math: "float",
  gpqa: "float",
  musr: "float",
  mmlu_pro: "float",
  average: "float",
} as const satisfies Record<keyof V2ScoreRow, ColumnKind>;

export const WARNING_COLUMNS = {
  file: "text",
  line: "int",
  field: "text",
  message: "text",
} as const satisfies Record<keyof ImportWarning, ColumnKind>;

export type ColumnMap = Readonly<Record<string, ColumnKind>>;

export const MODEL_COLUMN_NAMES = Object.keys(MODEL_COLUMNS) as (keyof ModelRecord)[];
export const V2_COLUMN_NAMES = Object.keys(V2_COLUMNS) as (keyof V2ScoreRow)[];

export function createTableSql(table: string, columns: ColumnMap, primaryKey?: string): string {
  const cols = Object.entries(columns).map(
    ([name, kind]) => `"${name}" ${SQL_TYPE[kind]}${name === primaryKey ? " PRIMARY KEY" : ""}`,
  );
  return `CREATE TABLE ${table} (${cols.join(", ")})`;
}
