import { queryModelsOn } from "../../dataset/index.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../limits.ts";
import {
  checkRegexes,
  readColumns,
  readSelection,
  readSort,
  SELECTION_PARAMS,
  toModelSelection,
} from "../model-selection.ts";
import type { Store } from "../open-store.ts";
import { QueryParams } from "../query-params.ts";

export const LIST_PARAMS = [...SELECTION_PARAMS, "sort", "columns", "offset", "limit"] as const;

export interface ModelPage {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Models matching the selection (all pages). */
  total: number;
  offset: number;
  limit: number;
}

/** GET /api/models: one page of the selected models, sorted, with the chosen columns. */
export async function listModels(store: Store, sp: URLSearchParams): Promise<ModelPage> {
  const p = new QueryParams(sp, LIST_PARAMS);
  const parts = readSelection(p);
  const sort = readSort(p);
  const columns = readColumns(p);
  const offset = p.int("offset", 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = p.int("limit", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  await checkRegexes(store, parts);
  const r = await store.withConnection((conn) =>
    queryModelsOn(conn, { ...toModelSelection(parts), sort, columns, offset, limit }),
  );
  return { columns: r.columns, rows: r.rows, total: r.total, offset, limit };
}
