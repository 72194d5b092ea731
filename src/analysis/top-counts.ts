import type { ModelRecord } from "../contracts/index.ts";

export interface CategoryCount {
  name: string;
  count: number;
  /** count / models with a known value of the field. */
  share: number;
}

/**
 * The `n` most frequent values of a categorical field (architecture or model_type), ties broken by
 * name. Unknown values (null) are left out of the ranking and of the share's denominator.
 */
export function topCategories(
  records: readonly ModelRecord[],
  field: "architecture" | "model_type",
  n = 20,
): { top: CategoryCount[]; known: number; distinct: number } {
  const counts = new Map<string, number>();
  let known = 0;
  for (const r of records) {
    const v = r[field];
    if (v === null || v === "") continue;
    known++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([name, count]) => ({ name, count, share: count / known }));
  return { top, known, distinct: counts.size };
}

export interface LikedModel {
  id: string;
  likes: number;
  architecture: string | null;
  /** config.json model_type (read, or from the registry base the structure was imputed from). */
  model_type: string | null;
  params_b: number | null;
  /** The leaderboard's type label (not always right: it calls microsoft/phi-2 fine-tuned). */
  kind: ModelRecord["kind"];
}

/** The `n` models with the most likes (models with unknown likes are left out), ties broken by id. */
export function topByLikes(records: readonly ModelRecord[], n = 20): LikedModel[] {
  return records
    .filter(
      (r): r is ModelRecord & { likes: number } => typeof r.likes === "number" && Number.isFinite(r.likes),
    )
    .sort((a, b) => b.likes - a.likes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, n)
    .map((r) => ({
      id: r.id,
      likes: r.likes,
      architecture: r.architecture,
      model_type: r.model_type,
      params_b: r.params_b,
      kind: r.kind,
    }));
}
