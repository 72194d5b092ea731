/**
 * Text forms of dataset values for the CLI's tables (pure functions; the CLI does the printing).
 */

/** The columns a model listing shows by default (`strata models`, the dashboard's table). */
export const DEFAULT_MODEL_COLUMNS = [
  "id",
  "kind",
  "model_type",
  "params_b",
  "layers",
  "d_model",
  "d_ffn",
  "heads",
  "kv_heads",
  "evidence",
  "average",
] as const;

/** One table cell: numbers as numbers (right-aligned), booleans yes/no, lists joined, objects as JSON. */
export function cellValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.length ? v.join("; ") : null;
  return JSON.stringify(v);
}
