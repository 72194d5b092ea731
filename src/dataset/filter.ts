import { QueryError } from "./errors.ts";
import type { ColumnKind, ColumnMap } from "./schema.ts";

/**
 * The `--where` filter language: `<column><op><value>`, e.g. `layers>=32`, `model_type=llama`,
 * `id~mistral`. Operators: = != < <= > >= and ~ / !~ (case-insensitive substring), =~ (case-insensitive
 * regular expression, RE2 syntax as DuckDB's regexp_matches: linear time whatever the pattern). `col=null`
 * and `col!=null` test for missing values. Columns are checked against the table, values are bound as
 * parameters: no text from the user reaches the SQL except a column name from the known list.
 */
export const FILTER_OPERATORS = [">=", "<=", "!=", "!~", "=~", "=", "<", ">", "~"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface Filter {
  column: string;
  op: FilterOperator;
  value: string | number | boolean | null;
}

const FILTER_RE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|!=|!~|=~|==|=|<|>|~)\s*(.*?)\s*$/;
const MAX_FILTER_LENGTH = 1000;

export function parseFilter(expr: string, columns: ColumnMap): Filter {
  if (expr.length > MAX_FILTER_LENGTH) {
    throw new QueryError(`filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const m = FILTER_RE.exec(expr);
  if (!m) {
    throw new QueryError(
      `cannot read filter '${expr}': expected <column><op><value> with op one of ${FILTER_OPERATORS.join(" ")}, e.g. layers>=32 or id~mistral`,
    );
  }
  const column = m[1] ?? "";
  const op = (m[2] === "==" ? "=" : m[2]) as FilterOperator;
  const raw = unquote(m[3] ?? "");
  const kind = columnKind(column, columns);
  if (raw.toLowerCase() === "null" && (op === "=" || op === "!=")) return { column, op, value: null };
  if (op === "=~") checkRegex(raw, expr);
  if (op === "~" || op === "!~" || op === "=~") return { column, op, value: raw };
  switch (kind) {
    case "int":
    case "float": {
      const n = raw === "" ? Number.NaN : Number(raw);
      if (!Number.isFinite(n)) {
        throw new QueryError(`filter '${expr}': column ${column} is numeric, '${raw}' is not a number`);
      }
      if (Math.abs(n) > Number.MAX_SAFE_INTEGER) {
        throw new QueryError(
          `filter '${expr}': ${raw} is out of range (at most ${Number.MAX_SAFE_INTEGER} either way)`,
        );
      }
      return { column, op, value: n };
    }
    case "bool": {
      const b = parseBool(raw);
      if (b === null || (op !== "=" && op !== "!=")) {
        throw new QueryError(
          `filter '${expr}': column ${column} is true/false; use ${column}=true or ${column}=false`,
        );
      }
      return { column, op, value: b };
    }
    case "text":
      return { column, op, value: raw };
    case "json":
    case "list":
      throw new QueryError(`filter '${expr}': column ${column} can only be searched with ~ (substring)`);
    default:
      return kind satisfies never;
  }
}

/** The SQL condition for one filter; `param` is the number of the next positional parameter. */
export function filterSql(f: Filter, columns: ColumnMap, param: number): { sql: string; params: unknown[] } {
  const col = `"${f.column}"`;
  if (f.value === null) {
    // A list column (warnings) stores "none" as an empty list: empty counts as missing.
    const missing = columns[f.column] === "list" ? `coalesce(len(${col}), 0) = 0` : `${col} IS NULL`;
    return { sql: f.op === "=" ? missing : `NOT (${missing})`, params: [] };
  }
  if (f.op === "~" || f.op === "!~" || f.op === "=~") {
    const kind = columns[f.column];
    const text = kind === "list" ? `array_to_string(${col}, ' ')` : `CAST(${col} AS VARCHAR)`;
    if (f.op === "=~")
      return { sql: `coalesce(regexp_matches(${text}, $${param}, 'i'), false)`, params: [f.value] };
    const test = `strpos(lower(${text}), lower($${param})) > 0`;
    return {
      sql: f.op === "~" ? `coalesce(${test}, false)` : `NOT coalesce(${test}, false)`,
      params: [f.value],
    };
  }
  return { sql: `${col} ${f.op} $${param}`, params: [f.value] };
}

export function columnKind(column: string, columns: ColumnMap): ColumnKind {
  const kind = columns[column];
  if (kind === undefined) {
    throw new QueryError(`unknown column '${column}'; valid columns: ${Object.keys(columns).join(", ")}`);
  }
  return kind;
}

/**
 * A pattern DuckDB's RE2 accepts: valid as a regular expression, and without the Perl features RE2
 * refuses (lookaround, backreferences).
 */
function checkRegex(pattern: string, expr: string): void {
  const refuse = (why: string) => new QueryError(`filter '${expr}': invalid regular expression: ${why}`);
  try {
    new RegExp(pattern, "i");
  } catch (err) {
    throw refuse((err as Error).message.replace(/^Invalid regular expression: /, ""));
  }
  if (/\(\?<?[=!]/.test(pattern)) throw refuse("lookaround (?= (?! (?<= (?<! is not supported");
  if (/\\[1-9]/.test(pattern)) throw refuse("backreferences (\\1 ...) are not supported");
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.at(-1) === s[0]) return s.slice(1, -1);
  return s;
}

function parseBool(s: string): boolean | null {
  const v = s.toLowerCase();
  if (v === "true" || v === "yes" || v === "1") return true;
  if (v === "false" || v === "no" || v === "0") return false;
  return null;
}

/** SQL conditions for filters ANDed (or "" for none), numbering parameters from `firstParam`. */
export function conditionsSql(
  where: readonly string[],
  columns: ColumnMap,
  firstParam = 1,
): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const expr of where) {
    const f = filterSql(parseFilter(expr, columns), columns, firstParam + params.length);
    conditions.push(f.sql);
    params.push(...f.params);
  }
  return { sql: conditions.join(" AND "), params };
}

/**
 * The condition "any of these groups", each group a list of filters ANDed (e.g. size bins
 * [["params_b<=3"], ["params_b>7", "params_b<=14"]]); "" (no condition) when there are no groups.
 */
export function anyOfSql(
  groups: readonly (readonly string[])[],
  columns: ColumnMap,
  firstParam = 1,
): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const group of groups) {
    const c = conditionsSql(group, columns, firstParam + params.length);
    parts.push(c.sql === "" ? "TRUE" : `(${c.sql})`);
    params.push(...c.params);
  }
  return { sql: parts.length ? `(${parts.join(" OR ")})` : "", params };
}

/** ` WHERE a AND b` (or "") for a list of filters, with the values to bind in order. */
export function whereSql(where: readonly string[], columns: ColumnMap): { sql: string; params: unknown[] } {
  const c = conditionsSql(where, columns);
  return { sql: c.sql ? ` WHERE ${c.sql}` : "", params: c.params };
}
