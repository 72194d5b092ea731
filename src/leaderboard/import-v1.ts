import { type ImportWarning, V1_BENCHMARKS } from "../contracts/index.ts";
import { repairArchitecture } from "./data-files.ts";
import { readTable } from "./table.ts";
import type { ImportResult, V1ScoreRow } from "./types.ts";
import {
  parseBool,
  parseCount,
  parseFlag,
  parseIsoDate,
  parseKind,
  parseModelId,
  parseNumber,
  parseScore,
  text,
} from "./values.ts";

/** Columns importV1 needs; a header without one of them is a DataError. */
export const V1_REQUIRED_COLUMNS = [
  "model",
  "average",
  ...V1_BENCHMARKS,
  "type",
  "architecture",
  "precision",
  "merged",
  "params_b",
  "hub_hearts",
  "model_sha",
  "flagged",
  "moe",
  "date",
] as const;

/**
 * Imports the Open LLM Leaderboard v1 export (fboulnois/llm-leaderboard-csv csv/huggingface_v1.csv).
 * Repairs its quirks: the merged/flagged/moe columns hold the negation ("not merged") and are negated
 * here; params_b is floored and 0 means unknown; architecture '?'/'Unknown' -> null.
 */
export async function importV1(file: string): Promise<ImportResult<V1ScoreRow>> {
  const warnings: ImportWarning[] = [];
  const rows: V1ScoreRow[] = [];
  for await (const r of readTable(file, V1_REQUIRED_COLUMNS, warnings)) {
    const line = r.line;
    const id = parseModelId(r.get("model"), "model", file, line, warnings);
    if (id === null) continue;
    // v1 export stores the negation of each flag (measured: Mixtral-8x7B has moe=FALSE); malformed -> false.
    const flag = (col: string): boolean => {
      const v = parseFlag(r.get(col), col, file, line, warnings);
      return v === null ? false : !v;
    };
    const score = (col: string): number | null => parseScore(r.get(col), col, file, line, warnings);
    const paramsRaw = r.get("params_b");
    let params = parseNumber(paramsRaw);
    if (params === null && paramsRaw.trim() !== "") {
      warnings.push({ file, line, field: "params_b", message: `non-numeric ${JSON.stringify(paramsRaw)}` });
    }
    if (params !== null && params <= 0) params = null;
    rows.push({
      line,
      id,
      revision: text(r.get("model_sha")),
      precision: text(r.get("precision")),
      weight_type: text(r.get("weight_type")),
      kind: parseKind(r.get("type")),
      architecture: repairArchitecture(r.get("architecture")),
      params_b_floor: params,
      is_merged: flag("merged"),
      is_moe: flag("moe"),
      flagged: flag("flagged"),
      available_on_hub: parseBool(r.get("available_on_the_hub")),
      likes: parseCount(r.get("hub_hearts"), "hub_hearts", file, line, warnings),
      license: text(r.get("hub_license")),
      submitted_at: parseIsoDate(r.get("date")),
      arc: score("arc"),
      hellaswag: score("hellaswag"),
      mmlu: score("mmlu"),
      truthfulqa: score("truthfulqa"),
      winogrande: score("winogrande"),
      gsm8k: score("gsm8k"),
      average: score("average"),
    });
  }
  return { file, rows, warnings };
}
