import type { PoolMode, TaskGroup } from "./data.ts";
import { PyRandom } from "./py-random.ts";
import { EvaluationError } from "./scoring.ts";

/** Few-shot seed of the Open LLM Leaderboard v1 (lm-evaluation-harness b281b09 evaluator: random.Random(42)). */
export const LEADERBOARD_SEED = 42;

export interface PlannedItem<D> {
  /** Position of the doc in its group's file order. */
  index: number;
  doc: D;
  shots: D[];
}

/**
 * The order in which lm-evaluation-harness b281b09 visits a task's docs and the shots it draws for each:
 * one random.Random(seed) per task; it shuffles the docs, keeps the first `limit`, then for each doc in
 * that order draws shots from the same generator (so the shots of doc i depend on the draws before it).
 */
export function planFewshot<D>(
  group: TaskGroup<D>,
  k: number,
  seed: number,
  limit: number | undefined,
  key: (d: D) => string,
): PlannedItem<D>[] {
  const rnd = new PyRandom(seed);
  const order = group.docs.map((_, i) => i);
  rnd.shuffle(order);
  const take = limit === undefined ? order : order.slice(0, limit);
  const need = k + (group.poolMode === "sample-excluding" ? 1 : 0);
  if (k > 0 && group.pool.length < need) {
    throw new EvaluationError(
      `${group.name}: ${k} shots need ${need} few-shot examples, the pool has ${group.pool.length}`,
    );
  }
  return take.map((index) => {
    const doc = group.docs[index] as D;
    return { index, doc, shots: k === 0 ? [] : drawShots(group.pool, group.poolMode, k, rnd, doc, key) };
  });
}

function drawShots<D>(
  pool: D[],
  mode: PoolMode,
  k: number,
  rnd: PyRandom,
  doc: D,
  key: (d: D) => string,
): D[] {
  switch (mode) {
    case "first":
      return pool.slice(0, k);
    case "sample":
      return rnd.sample(pool, k);
    case "sample-excluding": {
      const self = key(doc);
      return rnd
        .sample(pool, k + 1)
        .filter((x) => key(x) !== self)
        .slice(0, k);
    }
    default:
      return mode satisfies never;
  }
}

/** Identity of a doc for "is this the current doc" (its content, not where it was read from). */
export function docKey(d: object): string {
  const { file: _f, line: _l, ...rest } = d as { file?: unknown; line?: unknown };
  return JSON.stringify(rest);
}
