import type { DateSource, ModelRecord, V1Benchmark } from "../contracts/index.ts";
import { type DateField, modelDate } from "./columns.ts";

export interface TimePoint {
  id: string;
  date: string;
  /** The field the date was read from. */
  dateField: DateField;
  /** What that date is (the record's date_source). */
  dateSource: DateSource | null;
  score: number;
  params_b: number | null;
  /** True when no earlier (or same-day) pretrained model scored higher: the running best. */
  frontier: boolean;
}

/**
 * One benchmark's score of pretrained models (kind "pretrained") against their date, sorted by date,
 * with the running-best frontier marked. Models without the score or a date are left out.
 */
export function pretrainedOverTime(
  records: readonly ModelRecord[],
  benchmark: V1Benchmark = "mmlu",
): TimePoint[] {
  const pts: TimePoint[] = [];
  for (const r of records) {
    if (r.kind !== "pretrained") continue;
    const s = r[benchmark];
    const d = modelDate(r);
    if (s === null || !Number.isFinite(s) || !d) continue;
    pts.push({
      id: r.id,
      date: d.date,
      dateField: d.source,
      dateSource: r.date_source,
      score: s,
      params_b: r.params_b,
      frontier: false,
    });
  }
  pts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : b.score - a.score));
  let best = Number.NEGATIVE_INFINITY;
  for (const p of pts) {
    if (p.score > best) {
      p.frontier = true;
      best = p.score;
    }
  }
  return pts;
}
