import { QueryError } from "./errors.ts";
import { columnKind } from "./filter.ts";
import type { ColumnMap } from "./schema.ts";

/**
 * The search box syntax of `strata serve`, translated into the `--where` filter language (filter.ts), so
 * there is one language and one SQL translation:
 * - free text: a case-insensitive substring of the model id (`mistral 7b` -> `id~mistral 7b`);
 *   `/regex/` is a regular expression on the id (`id=~regex`, RE2 syntax);
 * - `@field:value`: a filter on any column. Text columns match a substring (`@architecture:mistral` ->
 *   `architecture~mistral`), numbers and true/false compare equal (`@layers:32` -> `layers=32`); a value
 *   may start with an operator (`@params_b:>=7`, `@kind:=merge`, `@kind:!=merge`, `@id:!~gguf`,
 *   `@model_type:=~^qwen`). Values with spaces go in double quotes: `@license:"llama 2"`.
 * Field aliases follow the Open LLM Leaderboard's search: `@type` is kind, `@arch` architecture,
 * `@family` model_type, `@size` params_b.
 */
export const SEARCH_ALIASES: Readonly<Record<string, string>> = {
  type: "kind",
  arch: "architecture",
  family: "model_type",
  size: "params_b",
};

/** Longest search text accepted (the filter language caps one filter at 1,000 characters). */
export const MAX_SEARCH_LENGTH = 500;

const TOKEN_RE = /@([A-Za-z_][A-Za-z0-9_]*):("(?:[^"]*)"|\S*)|"([^"]*)"|(\S+)/g;
const VALUE_OP_RE = /^(>=|<=|!=|!~|=~|=|<|>|~)/;

/** The filters (ANDed) that a search text means, in the `--where` language. */
export function searchFilters(text: string, columns: ColumnMap): string[] {
  if (text.length > MAX_SEARCH_LENGTH) {
    throw new QueryError(`search is longer than ${MAX_SEARCH_LENGTH} characters`);
  }
  const filters: string[] = [];
  const free: string[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const [, field, rawValue, quoted, word] = m;
    if (field === undefined) {
      free.push(quoted ?? word ?? "");
      continue;
    }
    const column = SEARCH_ALIASES[field.toLowerCase()] ?? field.toLowerCase();
    const kind = columnKind(column, columns);
    let value = unquote(rawValue ?? "");
    if (value === "") throw new QueryError(`search: @${field}: needs a value, e.g. @${field}:something`);
    const op = VALUE_OP_RE.exec(value)?.[1];
    if (op !== undefined) value = unquote(value.slice(op.length));
    const defaultOp = kind === "int" || kind === "float" || kind === "bool" ? "=" : "~";
    filters.push(`${column}${op ?? defaultOp}${quoteIfNeeded(value)}`);
  }
  const rest = free.filter(Boolean).join(" ");
  if (rest !== "") {
    const re = /^\/(.+)\/$/.exec(rest);
    filters.unshift(re ? `id=~${re[1]}` : `id~${rest}`);
  }
  return filters;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** The filter language strips one pair of surrounding quotes: keep a value that has its own. */
function quoteIfNeeded(v: string): string {
  return /^(["']).*\1$/.test(v) ? `"${v}"` : v;
}
