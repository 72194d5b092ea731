import { formatFixed, formatInt } from "../contracts/format.ts";

/** How values read in the page's tables (pure functions). */

export function formatValue(v: unknown, kind?: string): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "";
    if (kind === "int" || Number.isInteger(v)) return formatInt(v);
    return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(2);
  }
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.join("; ");
  if (typeof v === "object") {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${String(x)}`)
      .join(", ");
  }
  const s = String(v);
  // ISO timestamps read as dates.
  return /^\d{4}-\d\d-\d\dT/.test(s) ? s.slice(0, 10) : s;
}

export const score = (v: number | null | undefined): string => formatFixed(v, 1, "–");

export const count = formatInt;
