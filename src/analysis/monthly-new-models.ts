import type { ModelRecord } from "../contracts/index.ts";
import { type DateField, modelDate } from "./columns.ts";
import { type DateSourceCounts, dateSourceCounts } from "./data-quality.ts";

export interface MonthlyCount {
  /** "YYYY-MM". */
  month: string;
  all: number;
  moe: number;
  multimodal: number;
}

export interface MonthlyNewModels {
  /** Every month from the first to the last dated model, zero-filled. */
  months: MonthlyCount[];
  /** How many models were dated by each field, and how many had no usable date (left out). */
  dated: Record<DateField, number>;
  /** Where the dates of the dated models come from (their date_source). */
  sources: DateSourceCounts;
  undated: number;
}

/**
 * New models per month, all / MoE / multimodal. A model's month is its created_at when known, else its
 * leaderboard submission date (see `modelDate`); `sources` says what those dates are.
 */
export function monthlyNewModels(records: readonly ModelRecord[]): MonthlyNewModels {
  const byMonth = new Map<string, MonthlyCount>();
  const dated: Record<DateField, number> = { created_at: 0, submitted_at: 0 };
  let undated = 0;
  const datedRecords: ModelRecord[] = [];
  for (const r of records) {
    const d = modelDate(r);
    if (!d) {
      undated++;
      continue;
    }
    datedRecords.push(r);
    dated[d.source]++;
    const month = d.date.slice(0, 7);
    let c = byMonth.get(month);
    if (!c) {
      c = { month, all: 0, moe: 0, multimodal: 0 };
      byMonth.set(month, c);
    }
    c.all++;
    if (r.is_moe) c.moe++;
    if (r.multimodal) c.multimodal++;
  }
  const keys = [...byMonth.keys()].sort();
  const months: MonthlyCount[] = [];
  const first = keys[0];
  const last = keys[keys.length - 1];
  if (first !== undefined && last !== undefined) {
    for (let m = first; m <= last; m = nextMonth(m)) {
      months.push(byMonth.get(m) ?? { month: m, all: 0, moe: 0, multimodal: 0 });
    }
  }
  return { months, dated, sources: dateSourceCounts(datedRecords), undated };
}

function nextMonth(m: string): string {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
}
