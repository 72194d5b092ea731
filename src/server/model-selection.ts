import { STRUCTURE_EVIDENCE, type StructureEvidence } from "../contracts/index.ts";
import {
  MODEL_COLUMNS,
  type ModelSelection,
  orderSql,
  parseFilter,
  QueryError,
  searchFilters,
} from "../dataset/index.ts";

import { MAX_WHERE_FILTERS } from "./limits.ts";
import type { Store } from "./open-store.ts";
import { bad, type QueryParams } from "./query-params.ts";
import { SELECTION_PARAMS, TOGGLE_STATES } from "./selection-params.ts";

/**
 * The model selection every list-like endpoint shares (models, counts, export, scatter, size bins), read
 * from the query string and turned into the dataset's filter language (dataset/filter.ts) so the SQL comes
 * from one place:
 * - q: the search box (dataset/search.ts: free text on the id, `/regex/`, `@field:value`);
 * - where: raw filters (`layers>=32`), repeatable;
 * - size: quick size filters, a comma list of SIZE_BINS ids (ORed);
 * - moe, merged, flagged, imputed: `only` or `hide` (absent: both).
 */
export { SELECTION_PARAMS };

/** The quick size filters (params_b in billions, lower bound exclusive, upper inclusive). */
export const SIZE_BINS = [
  { id: "0-3", label: "≤ 3B", where: ["params_b<=3"] },
  { id: "3-7", label: "3-7B", where: ["params_b>3", "params_b<=7"] },
  { id: "7-14", label: "7-14B", where: ["params_b>7", "params_b<=14"] },
  { id: "14-65", label: "14-65B", where: ["params_b>14", "params_b<=65"] },
  { id: "65-", label: "65B+", where: ["params_b>65"] },
] as const;
export type SizeBinId = (typeof SIZE_BINS)[number]["id"];

/** Evidence values that mean the structure was imputed from a base model, not read from a config. */
export const IMPUTED_EVIDENCE: readonly StructureEvidence[] = [
  "lineage",
  "name+size",
  "size-only",
  "name-only",
  "prior",
];

const notEvidence = (set: readonly StructureEvidence[]) => set.map((e) => `evidence!=${e}`);

/** Each toggle as filters: `only` keeps the matching models, `hide` drops them. */
export const TOGGLES = {
  moe: { label: "MoE", only: ["is_moe=true"], hide: ["is_moe=false"] },
  merged: { label: "merged", only: ["is_merged=true"], hide: ["is_merged=false"] },
  flagged: { label: "flagged", only: ["flagged=true"], hide: ["flagged=false"] },
  imputed: {
    label: "imputed structure",
    only: notEvidence(STRUCTURE_EVIDENCE.filter((e) => !IMPUTED_EVIDENCE.includes(e))),
    hide: notEvidence(IMPUTED_EVIDENCE),
  },
} as const;
export type ToggleName = keyof typeof TOGGLES;
export const TOGGLE_NAMES = Object.keys(TOGGLES) as ToggleName[];

/** The parsed selection, kept in parts so facet counts can leave one part out. */
export interface SelectionParts {
  /** Filters from q and where. */
  filters: string[];
  size: SizeBinId[];
  toggles: Partial<Record<ToggleName, (typeof TOGGLE_STATES)[number]>>;
  /** Regular expressions in the filters (for the caller to check before running them), by parameter. */
  regexes: { param: string; pattern: string }[];
}

export function readSelection(p: QueryParams): SelectionParts {
  const filters: string[] = [];
  const regexes: SelectionParts["regexes"] = [];
  const q = p.string("q");
  if (q !== undefined) {
    for (const f of usage("q", () => searchFilters(q, MODEL_COLUMNS))) add("q", f);
  }
  const where = p.list("where");
  if (where.length > MAX_WHERE_FILTERS) {
    throw bad("where", `at most ${MAX_WHERE_FILTERS} 'where' filters, got ${where.length}`);
  }
  for (const f of where) add("where", f);
  const size = (p.commaList("size") ?? []).map((id) => {
    if (!SIZE_BINS.some((b) => b.id === id)) {
      throw bad("size", `unknown size bin '${id}'; one of ${SIZE_BINS.map((b) => b.id).join(", ")}`);
    }
    return id as SizeBinId;
  });
  const toggles: SelectionParts["toggles"] = {};
  for (const t of TOGGLE_NAMES) {
    const v = p.oneOf(t, TOGGLE_STATES);
    if (v !== undefined) toggles[t] = v;
  }
  return { filters, size, toggles, regexes };

  function add(param: string, expr: string): void {
    const f = usage(param, () => parseFilter(expr, MODEL_COLUMNS));
    if (f.op === "=~") regexes.push({ param, pattern: String(f.value) });
    filters.push(expr);
  }
}

/** The selection as the dataset's query options, leaving out the size bins or the toggles if asked. */
export function toModelSelection(
  parts: SelectionParts,
  leaveOut: { size?: boolean; toggles?: boolean } = {},
): ModelSelection {
  const where = [...parts.filters];
  if (!leaveOut.toggles) {
    for (const t of TOGGLE_NAMES) {
      const state = parts.toggles[t];
      if (state !== undefined) where.push(...TOGGLES[t][state]);
    }
  }
  const anyOf =
    leaveOut.size || parts.size.length === 0
      ? []
      : SIZE_BINS.filter((b) => parts.size.includes(b.id)).map((b) => [...b.where]);
  return { where, anyOf };
}

/** A sort spec checked against the columns (400 naming `sort`). */
export function readSort(p: QueryParams): string | undefined {
  const sort = p.string("sort");
  if (sort !== undefined) usage("sort", () => orderSql(sort));
  return sort;
}

/** Columns to return, each checked (400 naming `columns`); all columns when absent. */
export function readColumns(p: QueryParams, fallback?: readonly string[]): string[] {
  const cols = p.commaList("columns") ?? [...(fallback ?? Object.keys(MODEL_COLUMNS))];
  for (const c of cols) {
    if (!(c in MODEL_COLUMNS)) {
      throw bad("columns", `unknown column '${c}'; valid columns: ${Object.keys(MODEL_COLUMNS).join(", ")}`);
    }
  }
  if (new Set(cols).size !== cols.length) throw bad("columns", "a column is listed twice");
  return cols;
}

/** Runs a dataset call, turning its QueryError (bad column, bad filter) into a 400 naming `param`. */
export function usage<T>(param: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof QueryError) throw bad(param, `${param}: ${err.message}`);
    throw err;
  }
}

/**
 * Checks the selection's regular expressions with DuckDB's own engine (RE2, the one that will run
 * them), so a bad pattern is a 400 naming its parameter rather than a failed query.
 */
export async function checkRegexes(
  store: Pick<Store, "withConnection">,
  parts: SelectionParts,
): Promise<void> {
  for (const { param, pattern } of parts.regexes) {
    try {
      await store.withConnection((conn) => conn.run("SELECT regexp_matches('', $1)", [pattern]));
    } catch (err) {
      const why = (err as Error).message.replace(/^Invalid Input Error:\s*/, "");
      throw bad(param, `${param}: invalid regular expression '${pattern}': ${why}`);
    }
  }
}
