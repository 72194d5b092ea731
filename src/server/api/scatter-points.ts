import { type ColumnKind, MODEL_COLUMNS, queryModelsOn } from "../../dataset/index.ts";
import { MAX_SCATTER_POINTS } from "../limits.ts";
import { checkRegexes, readSelection, SELECTION_PARAMS, toModelSelection } from "../model-selection.ts";
import type { Store } from "../open-store.ts";
import { bad, QueryParams } from "../query-params.ts";

export const SCATTER_PARAMS = [...SELECTION_PARAMS, "x", "y", "color"] as const;

/** Date columns (ISO text) that can be an axis, as time. */
export const DATE_COLUMNS = ["created_at", "submitted_at", "last_modified"] as const;

const kindOf = (c: string): ColumnKind | undefined => (MODEL_COLUMNS as Record<string, ColumnKind>)[c];

/** Columns that can be an axis: numbers and dates. */
export const AXIS_COLUMNS = Object.keys(MODEL_COLUMNS).filter(
  (c) => kindOf(c) === "int" || kindOf(c) === "float" || (DATE_COLUMNS as readonly string[]).includes(c),
);
/** Columns that can colour the points: categories (text, true/false), dates and ids left out. */
export const COLOR_COLUMNS = Object.keys(MODEL_COLUMNS).filter(
  (c) =>
    (kindOf(c) === "text" || kindOf(c) === "bool") &&
    c !== "id" &&
    c !== "revision" &&
    !(DATE_COLUMNS as readonly string[]).includes(c),
);

export interface ScatterPoints {
  x: string;
  y: string;
  color: string | null;
  xType: "quantitative" | "temporal";
  yType: "quantitative" | "temporal";
  /** [id, x, y, colour] per model with both values. */
  points: [string, number | string, number | string, string | boolean | null][];
  /** Selected models with both values (points may stop at MAX_SCATTER_POINTS). */
  total: number;
}

/** GET /api/scatter: x and y (and a colour category) of every selected model that has both values. */
export async function scatterPoints(store: Store, sp: URLSearchParams): Promise<ScatterPoints> {
  const p = new QueryParams(sp, SCATTER_PARAMS);
  const axis = (name: "x" | "y", fallback: string) => {
    const v = p.string(name) ?? fallback;
    if (!AXIS_COLUMNS.includes(v))
      throw bad(name, `${name} must be one of ${AXIS_COLUMNS.join(", ")}, got '${v}'`);
    return v;
  };
  const x = axis("x", "params_b");
  const y = axis("y", "average");
  const colorParam = p.string("color");
  const color = colorParam === undefined || colorParam === "none" ? null : colorParam;
  if (color !== null && !COLOR_COLUMNS.includes(color)) {
    throw bad("color", `color must be none or one of ${COLOR_COLUMNS.join(", ")}, got '${color}'`);
  }
  const parts = readSelection(p);
  await checkRegexes(store, parts);
  const sel = toModelSelection(parts);
  const columns = ["id", x, y, ...(color === null ? [] : [color])];
  const r = await store.withConnection((conn) =>
    queryModelsOn(conn, {
      ...sel,
      where: [...(sel.where ?? []), `${x}!=null`, `${y}!=null`],
      columns,
      limit: MAX_SCATTER_POINTS,
    }),
  );
  const type = (c: string) =>
    (DATE_COLUMNS as readonly string[]).includes(c) ? ("temporal" as const) : ("quantitative" as const);
  return {
    x,
    y,
    color,
    xType: type(x),
    yType: type(y),
    points: r.rows.map((row) => [
      row.id as string,
      row[x] as number | string,
      row[y] as number | string,
      color === null ? null : (row[color] as string | boolean | null),
    ]),
    total: r.total,
  };
}
