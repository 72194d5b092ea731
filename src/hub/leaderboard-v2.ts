import { DuckDBInstance } from "@duckdb/node-api";
import type { V2ScoreRow } from "../contracts/index.ts";
import { parseKind } from "../leaderboard/index.ts";

/** Open LLM Leaderboard v2's table, one Parquet file of rows (dataset repo). */
export const V2_CONTENTS_REPO = "open-llm-leaderboard/contents";

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Column key with everything but letters and digits dropped: "Average ⬆️" -> "average". */
function keyOf(column: string): string {
  return column.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * The contents dataset's columns (as shown on the leaderboard) by their squashed key. Scores are the
 * normalized ones (0-100); the "... Raw" columns hold the raw 0-1 accuracies and are not used.
 */
const COLUMN: Record<string, string[]> = {
  id: ["fullname", "model"],
  revision: ["modelsha"],
  precision: ["precision"],
  type: ["type"],
  architecture: ["architecture"],
  params: ["paramsb"],
  merged: ["merged"],
  moe: ["moe"],
  flagged: ["flagged"],
  likes: ["hub", "hubhearts"],
  license: ["hublicense"],
  base: ["basemodel"],
  uploaded: ["uploadtohubdate"],
  submitted: ["submissiondate"],
  ifeval: ["ifeval"],
  bbh: ["bbh"],
  math: ["mathlvl5"],
  gpqa: ["gpqa"],
  musr: ["musr"],
  mmlu_pro: ["mmlupro"],
  average: ["average"],
};

function num(v: Json | undefined): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}
function str(v: Json | undefined): string | null {
  return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null;
}
function bool(v: Json | undefined): boolean {
  return v === true || v === "true" || v === "True";
}
function isoDate(v: Json | undefined): string | null {
  const s = str(v);
  return s ? s.slice(0, 10) : null;
}

/** Reads the contents Parquet file(s) into V2 score rows, keeping only ids in `keep` when given. */
export async function readV2Contents(files: string[], keep?: Set<string>): Promise<V2ScoreRow[]> {
  if (files.length === 0) return [];
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const conn = await instance.connect();
    try {
      const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(", ");
      const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet([${list}], union_by_name = true)`);
      const rows = reader.getRowObjectsJson() as Record<string, Json>[];
      const names = reader.columnNames();
      const col: Record<string, string | undefined> = {};
      for (const [field, keys] of Object.entries(COLUMN))
        col[field] = names.find((n) => keys.includes(keyOf(n)));
      const get = (row: Record<string, Json>, field: string): Json | undefined => {
        const c = col[field];
        return c === undefined ? undefined : row[c];
      };
      const out: V2ScoreRow[] = [];
      for (const row of rows) {
        const id = str(get(row, "id"));
        if (!id || (keep && !keep.has(id))) continue;
        out.push({
          id,
          revision: str(get(row, "revision")),
          precision: str(get(row, "precision")),
          kind: parseKind(str(get(row, "type")) ?? ""),
          architecture: str(get(row, "architecture")),
          params_b: num(get(row, "params")),
          is_merged: bool(get(row, "merged")),
          is_moe: bool(get(row, "moe")),
          flagged: bool(get(row, "flagged")),
          likes: num(get(row, "likes")),
          license: str(get(row, "license")),
          base_model: str(get(row, "base")),
          uploaded_at: isoDate(get(row, "uploaded")),
          submitted_at: isoDate(get(row, "submitted")),
          ifeval: num(get(row, "ifeval")),
          bbh: num(get(row, "bbh")),
          math: num(get(row, "math")),
          gpqa: num(get(row, "gpqa")),
          musr: num(get(row, "musr")),
          mmlu_pro: num(get(row, "mmlu_pro")),
          average: num(get(row, "average")),
        });
      }
      return out;
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
