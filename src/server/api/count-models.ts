import type { DuckDBValue } from "@duckdb/node-api";
import { conditionsSql, MODEL_COLUMNS, selectionSql } from "../../dataset/index.ts";
import {
  checkRegexes,
  readSelection,
  SELECTION_PARAMS,
  SIZE_BINS,
  TOGGLE_NAMES,
  TOGGLES,
  type ToggleName,
  toModelSelection,
} from "../model-selection.ts";
import type { Store } from "../open-store.ts";
import { QueryParams } from "../query-params.ts";

export interface ModelCounts {
  /** Models matching the whole selection. */
  total: number;
  /** Per quick size filter: models matching everything but the size filters. */
  size: Record<string, number>;
  /** Per toggle: models it would keep with `only`, under everything but the toggles. */
  toggles: Record<ToggleName, number>;
}

/** GET /api/counts: the live counts beside the quick filters, for the current selection. */
export async function countModels(store: Store, sp: URLSearchParams): Promise<ModelCounts> {
  const parts = readSelection(new QueryParams(sp, SELECTION_PARAMS));
  await checkRegexes(store, parts);
  const groups = {
    total: { sel: toModelSelection(parts), facets: [] as { key: string; where: readonly string[] }[] },
    size: {
      sel: toModelSelection(parts, { size: true }),
      facets: SIZE_BINS.map((b) => ({ key: b.id, where: b.where })),
    },
    toggles: {
      sel: toModelSelection(parts, { toggles: true }),
      facets: TOGGLE_NAMES.map((t) => ({ key: t, where: TOGGLES[t].only })),
    },
  };
  const counts = await store.withConnection(async (conn) => {
    const out: Record<string, number[]> = {};
    for (const [name, g] of Object.entries(groups)) {
      const base = selectionSql(g.sel);
      const params = [...base.params];
      const terms = ["count(*)"];
      for (const f of g.facets) {
        const c = conditionsSql(f.where, MODEL_COLUMNS, params.length + 1);
        terms.push(`count(*) FILTER (WHERE ${c.sql})`);
        params.push(...c.params);
      }
      const reader = await conn.runAndReadAll(
        `SELECT ${terms.join(", ")} FROM models${base.sql}`,
        params as DuckDBValue[],
      );
      out[name] = (reader.getRowsJS()[0] ?? []).map(Number);
    }
    return out;
  });
  const pick = (name: string, keys: readonly string[]) =>
    Object.fromEntries(keys.map((k, i) => [k, counts[name]?.[i + 1] ?? 0]));
  return {
    total: counts.total?.[0] ?? 0,
    size: pick(
      "size",
      SIZE_BINS.map((b) => b.id),
    ),
    toggles: pick("toggles", TOGGLE_NAMES) as Record<ToggleName, number>,
  };
}
