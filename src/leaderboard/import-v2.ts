import type { ImportWarning, V2ScoreRow } from "../contracts/index.ts";
import { repairArchitecture } from "./data-files.ts";
import { readTable } from "./table.ts";
import type { ImportResult } from "./types.ts";
import {
  parseCount,
  parseFlag,
  parseIsoDate,
  parseKind,
  parseModelId,
  parseNumber,
  parseScore,
  text,
} from "./values.ts";

const V2_SCORE_COLUMNS = {
  ifeval: "evaluations_ifeval_normalized_score",
  bbh: "evaluations_bbh_normalized_score",
  math: "evaluations_math_normalized_score",
  gpqa: "evaluations_gpqa_normalized_score",
  musr: "evaluations_musr_normalized_score",
  mmlu_pro: "evaluations_mmlu_pro_normalized_score",
} as const;

/** Columns importV2 needs; a header without one of them is a DataError. */
export const V2_REQUIRED_COLUMNS = [
  "model_name",
  "model_sha",
  "model_precision",
  "model_type",
  "model_architecture",
  "model_average_score",
  ...Object.values(V2_SCORE_COLUMNS),
  "features_is_merged",
  "features_is_moe",
  "features_is_flagged",
  "metadata_upload_date",
  "metadata_submission_date",
  "metadata_base_model",
  "metadata_hub_license",
  "metadata_hub_hearts",
  "metadata_params_billions",
] as const;

/**
 * Imports the Open LLM Leaderboard v2 export (csv/huggingface_v2.csv). Unlike v1, its features_is_*
 * flags are stored as-is (Mixtral-8x7B has features_is_moe=TRUE), and metadata_params_billions is the
 * exact parameter count.
 */
export async function importV2(file: string): Promise<ImportResult<V2ScoreRow>> {
  const warnings: ImportWarning[] = [];
  const rows: V2ScoreRow[] = [];
  for await (const r of readTable(file, V2_REQUIRED_COLUMNS, warnings)) {
    const line = r.line;
    const id = parseModelId(r.get("model_name"), "model_name", file, line, warnings);
    if (id === null) continue;
    const flag = (col: string): boolean => parseFlag(r.get(col), col, file, line, warnings) ?? false;
    const score = (col: string): number | null => parseScore(r.get(col), col, file, line, warnings);
    const paramsRaw = r.get("metadata_params_billions");
    let params = parseNumber(paramsRaw);
    if ((params === null && paramsRaw.trim() !== "") || (params !== null && params < 0)) {
      warnings.push({
        file,
        line,
        field: "metadata_params_billions",
        message: `invalid parameter count ${JSON.stringify(paramsRaw)}; set to null`,
      });
      params = null;
    }
    if (params === 0) params = null;
    rows.push({
      id,
      revision: text(r.get("model_sha")),
      precision: text(r.get("model_precision")),
      kind: parseKind(r.get("model_type")),
      architecture: repairArchitecture(r.get("model_architecture")),
      params_b: params,
      is_merged: flag("features_is_merged"),
      is_moe: flag("features_is_moe"),
      flagged: flag("features_is_flagged"),
      likes: parseCount(r.get("metadata_hub_hearts"), "metadata_hub_hearts", file, line, warnings),
      license: text(r.get("metadata_hub_license")),
      base_model: text(r.get("metadata_base_model")),
      uploaded_at: parseIsoDate(r.get("metadata_upload_date")),
      submitted_at: parseIsoDate(r.get("metadata_submission_date")),
      ifeval: score(V2_SCORE_COLUMNS.ifeval),
      bbh: score(V2_SCORE_COLUMNS.bbh),
      math: score(V2_SCORE_COLUMNS.math),
      gpqa: score(V2_SCORE_COLUMNS.gpqa),
      musr: score(V2_SCORE_COLUMNS.musr),
      mmlu_pro: score(V2_SCORE_COLUMNS.mmlu_pro),
      average: score("model_average_score"),
    });
  }
  return { file, rows, warnings };
}
