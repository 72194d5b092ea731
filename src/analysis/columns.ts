import type { ModelRecord } from "../contracts/index.ts";

type NumericKey = {
  [K in keyof ModelRecord]: ModelRecord[K] extends number | null ? K : never;
}[keyof ModelRecord];

/** One numeric field of every record as a Float64Array; null (unknown) becomes NaN. */
export function numericColumn(records: readonly ModelRecord[], key: NumericKey): Float64Array {
  const out = new Float64Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const v = (records[i] as ModelRecord)[key];
    out[i] = typeof v === "number" && Number.isFinite(v) ? v : Number.NaN;
  }
  return out;
}

/**
 * Which field dates a model in a trend: created_at when known, else the leaderboard submission. What
 * created_at itself is (a Hub date, or the registry's release date of the base) is the record's
 * date_source.
 */
export type DateField = "created_at" | "submitted_at";

/** The model's date as YYYY-MM-DD and the field it came from, or null when neither is known or valid. */
export function modelDate(r: ModelRecord): { date: string; source: DateField } | null {
  for (const source of ["created_at", "submitted_at"] as const) {
    const v = r[source];
    if (v && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v.slice(0, 10)))) {
      return { date: v.slice(0, 10), source };
    }
  }
  return null;
}
