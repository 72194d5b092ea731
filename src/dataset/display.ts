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

/** A number with at most `digits` significant digits, integers with thousands separators. */
export function formatNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return "-";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString("en-US");
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString("en-US");
  if (abs !== 0 && abs < 1e-3) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/** A share 0..1 as a percentage with one decimal. */
export function formatShare(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "-";
}

/** One table cell: numbers as numbers (right-aligned), booleans yes/no, lists joined, objects as JSON. */
export function cellValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.length ? v.join("; ") : null;
  return JSON.stringify(v);
}
