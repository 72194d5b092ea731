import { type ModelRecord, V2_BENCHMARKS, type V2Benchmark, type V2ScoreRow } from "../contracts/index.ts";

/** A record with its leaderboard v2 scores (null where it has no v2 row or the row lacks the score). */
export type RecordWithV2 = ModelRecord & Record<V2Benchmark, number | null>;

const scoreCount = (r: V2ScoreRow): number => V2_BENCHMARKS.filter((b) => r[b] !== null).length;

/**
 * Puts each model's leaderboard v2 scores (the scores_v2 table) on its record, joined by id (any case,
 * as the build merges ids). A model with several v2 rows (precisions, revisions) gets the row with the
 * most scores, then the latest submission: the row its record was built from. Records keep their order.
 */
export function attachV2Scores(records: readonly ModelRecord[], v2: readonly V2ScoreRow[]): RecordWithV2[] {
  const best = new Map<string, V2ScoreRow>();
  for (const row of v2) {
    const key = row.id.toLowerCase();
    const cur = best.get(key);
    if (
      !cur ||
      scoreCount(row) > scoreCount(cur) ||
      (scoreCount(row) === scoreCount(cur) && (row.submitted_at ?? "") > (cur.submitted_at ?? ""))
    )
      best.set(key, row);
  }
  return records.map((r) => {
    const row = best.get(r.id.toLowerCase());
    const scores = Object.fromEntries(V2_BENCHMARKS.map((b) => [b, row?.[b] ?? null])) as Record<
      V2Benchmark,
      number | null
    >;
    return { ...r, ...scores };
  });
}
