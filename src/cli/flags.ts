import { resolve } from "node:path";
import { UsageError } from "../contracts/index.ts";

/**
 * Flags are declared once, with their parser: `flag.int({ min: 0, default: 50, ... })` both tells
 * node:util parseArgs how to read the flag and turns its text into the value the command gets, so
 * `ctx.flags.limit` is a number and reading an undeclared flag does not compile. Every parser failure is
 * a UsageError (exit 2) that names the flag, the value and what was expected.
 */

/** What parseArgs hands over for one flag. */
export type RawFlag = string | boolean | string[] | undefined;

/** What a parser may need besides the raw value. */
export interface ParseContext {
  /** The directory relative paths are resolved against. */
  cwd: string;
}

export interface FlagSpec<T> {
  /** How parseArgs reads it: a boolean switch or a flag taking a value. */
  type: "string" | "boolean";
  short?: string;
  /** A second long name read the same way (an older or a sibling command's spelling). */
  alias?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. "DIR". */
  arg?: string;
  description: string;
  /** The default as help shows it; undefined when the flag has none. */
  defaultText?: string;
  /** Turns the raw value (undefined when the flag is absent) into the command's value. */
  parse(raw: RawFlag, name: string, ctx: ParseContext): T;
}

/** Any flag spec, whatever its value type (for tables of flags). */
// biome-ignore lint/suspicious/noExplicitAny: a spec of any value type; each command's own flags keep theirs.
export type AnyFlagSpec = FlagSpec<any>;

export type FlagSpecs = Record<string, AnyFlagSpec>;

/** The parsed value of every declared flag, typed from the declarations. */
export type FlagValues<F extends FlagSpecs> = { [K in keyof F]: ReturnType<F[K]["parse"]> };

interface Common {
  description: string;
  arg?: string;
  short?: string;
  /** Absent is a usage error (for a flag without a sensible default). */
  required?: boolean;
}

function bad(name: string, raw: unknown, expected: string): UsageError {
  return new UsageError(`--${name}: expected ${expected}, got '${String(raw)}'`);
}

function text(raw: RawFlag, name: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string") throw bad(name, raw, "a value");
  return raw;
}

/** Builds a single-valued flag from a converter of its text; absent -> the default (or undefined). */
function valued<T>(
  o: Common & { default?: T },
  convert: (s: string, name: string, ctx: ParseContext) => T,
): FlagSpec<T | undefined> {
  return {
    type: "string",
    short: o.short,
    arg: o.arg,
    description: o.description,
    defaultText: o.default === undefined ? undefined : String(o.default),
    parse: (raw, name, ctx) => {
      const s = text(raw, name);
      if (s === undefined && o.required) {
        throw new UsageError(`--${name} is required${o.arg ? ` (--${name} ${o.arg})` : ""}`);
      }
      return s === undefined ? o.default : convert(s, name, ctx);
    },
  };
}

interface RangeOptions extends Common {
  min?: number;
  max?: number;
  /** Above zero, zero excluded (for rates, scales and learning rates). */
  positive?: boolean;
}

function rangeText(o: RangeOptions): string {
  if (o.positive) return o.max !== undefined ? ` above 0 and at most ${o.max}` : " above 0";
  if (o.min !== undefined && o.max !== undefined) return ` from ${o.min} to ${o.max}`;
  if (o.min !== undefined) return ` >= ${o.min}`;
  if (o.max !== undefined) return ` <= ${o.max}`;
  return "";
}

function toNumber(o: RangeOptions, integer: boolean) {
  return (s: string, name: string): number => {
    const n = s.trim() === "" ? Number.NaN : Number(s);
    const ok =
      (integer ? Number.isSafeInteger(n) : Number.isFinite(n)) &&
      (o.min === undefined || n >= o.min) &&
      (o.max === undefined || n <= o.max) &&
      (!o.positive || n > 0);
    if (!ok) throw bad(name, s, `${integer ? "a whole number" : "a number"}${rangeText(o)}`);
    return n;
  };
}

function toChoice<T extends string>(values: readonly T[]) {
  return (s: string, name: string): T => {
    if (!(values as readonly string[]).includes(s)) throw bad(name, s, `one of ${values.join(", ")}`);
    return s as T;
  };
}

/** Splits "a, b,,c" into ["a", "b", "c"]; an empty list is an error. */
export function splitList(s: string, name: string, hint: string): string[] {
  const items = s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${name}: empty list; ${hint}`);
  return items;
}

/** A comma list of `allowed` values and named groups of them, duplicates removed, in the order given. */
export function parseChoiceList<T extends string>(
  s: string,
  name: string,
  allowed: readonly T[],
  groups: Readonly<Record<string, readonly T[]>> = {},
): T[] {
  const groupNames = Object.keys(groups);
  const hint = `one of: ${allowed.join(", ")}${groupNames.length ? `, or ${groupNames.join(", ")}` : ""}`;
  const out = new Set<T>();
  for (const it of splitList(s, name, hint)) {
    const group = groups[it];
    if (group) for (const g of group) out.add(g);
    else if ((allowed as readonly string[]).includes(it)) out.add(it as T);
    else throw new UsageError(`--${name}: unknown value '${it}'; ${hint}`);
  }
  return [...out];
}

/** An ISO date that exists on the calendar ("2024-02-30" and "2031-13" are refused). */
function toDate(granularity: "day" | "month") {
  const re = granularity === "day" ? /^(\d{4})-(\d{2})-(\d{2})$/ : /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
  const example = granularity === "day" ? "2024-01-31" : "2024-01 or 2024-01-31";
  return (s: string, name: string): string => {
    const m = re.exec(s.trim());
    const y = Number(m?.[1]);
    const mo = Number(m?.[2]);
    const d = m?.[3] === undefined ? 1 : Number(m[3]);
    const date = new Date(Date.UTC(y, mo - 1, d));
    const real =
      m !== null && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
    if (!real) throw bad(name, s, `a date like ${example}`);
    return s.trim();
  };
}

/** Overloads give `T` when a default is declared or the flag is required, `T | undefined` otherwise. */
interface Valued<O, T> {
  (o: O & { default: T }): FlagSpec<T>;
  (o: O & { required: true }): FlagSpec<T>;
  (o: O): FlagSpec<T | undefined>;
}

const int = ((o: RangeOptions & { default?: number }) => valued(o, toNumber(o, true))) as Valued<
  RangeOptions,
  number
>;

const number = ((o: RangeOptions & { default?: number }) => valued(o, toNumber(o, false))) as Valued<
  RangeOptions,
  number
>;

const string = ((o: Common & { default?: string; nonEmpty?: boolean }) =>
  valued(o, (s, name) => {
    if (o.nonEmpty && s.trim() === "") throw bad(name, s, "a non-empty value");
    return s;
  })) as Valued<Common & { nonEmpty?: boolean }, string>;

/** A file or folder, resolved against the working directory (the default too); "" is refused. */
const path = ((o: Common & { default?: string }) => {
  const spec = valued(o, (s, name) => {
    if (s.trim() === "") throw bad(name, s, "a path");
    return s;
  });
  return {
    ...spec,
    parse: (raw: RawFlag, name: string, ctx: ParseContext) => {
      const v = spec.parse(raw, name, ctx);
      return v === undefined ? undefined : resolve(ctx.cwd, v);
    },
  };
}) as Valued<Common, string>;

const date = ((o: Common & { granularity?: "day" | "month"; default?: string }) =>
  valued(o, toDate(o.granularity ?? "day"))) as Valued<Common & { granularity?: "day" | "month" }, string>;

/** An http(s) URL. */
const url = ((o: Common & { default?: string }) =>
  valued(o, (s, name) => {
    let u: URL | null = null;
    try {
      u = new URL(s);
    } catch {
      u = null;
    }
    if (!u || (u.protocol !== "http:" && u.protocol !== "https:")) throw bad(name, s, "an http(s) URL");
    return s;
  })) as Valued<Common, string>;

function choice<T extends string>(values: readonly T[], o: Common & { default: NoInfer<T> }): FlagSpec<T>;
function choice<T extends string>(values: readonly T[], o: Common & { required: true }): FlagSpec<T>;
function choice<T extends string>(values: readonly T[], o: Common): FlagSpec<T | undefined>;
function choice<T extends string>(
  values: readonly T[],
  o: Common & { default?: T },
): FlagSpec<T | undefined> {
  return valued({ arg: values.join("|"), ...o }, toChoice(values));
}

type ListOptions<T extends string> = Common & { groups?: Readonly<Record<string, readonly T[]>> };

/** A comma list of allowed values and named groups of them (e.g. `all`); the default may name groups. */
function list<T extends string>(
  values: readonly T[],
  o: ListOptions<T> & { default: readonly T[] | string },
): FlagSpec<T[]>;
function list<T extends string>(values: readonly T[], o: ListOptions<T>): FlagSpec<T[] | undefined>;
function list<T extends string>(
  values: readonly T[],
  o: ListOptions<T> & { default?: readonly T[] | string },
): FlagSpec<T[] | undefined> {
  const convert = (s: string, name: string) => parseChoiceList(s, name, values, o.groups);
  const def = o.default;
  return {
    type: "string",
    short: o.short,
    arg: o.arg ?? "A,B",
    description: o.description,
    defaultText: def === undefined ? undefined : typeof def === "string" ? def : def.join(","),
    parse: (raw, name) => {
      const s = text(raw, name);
      if (s !== undefined) return convert(s, name);
      if (def === undefined) return undefined;
      return typeof def === "string" ? convert(def, name) : [...def];
    },
  };
}

/** A comma list of free words (column names, ...). */
function words(o: Common): FlagSpec<string[] | undefined> {
  return valued(o, (s, name) => splitList(s, name, "give at least one value"));
}

/** A flag that may be repeated: every value, in order (empty when absent). */
function repeated(o: Common & { nonEmpty?: boolean }): FlagSpec<string[]> {
  return {
    type: "string",
    multiple: true,
    short: o.short,
    arg: o.arg,
    description: `${o.description} (repeatable)`,
    parse: (raw, name) => {
      if (raw === undefined) return [];
      const all = Array.isArray(raw) ? raw : [String(raw)];
      if (o.nonEmpty) for (const v of all) if (v.trim() === "") throw bad(name, v, "a non-empty value");
      return all;
    },
  };
}

function boolean(o: { description: string; short?: string }): FlagSpec<boolean> {
  return {
    type: "boolean",
    short: o.short,
    description: o.description,
    parse: (raw) => raw === true,
  };
}

/** The flag builders. */
export const flag = { boolean, choice, date, int, list, number, path, repeated, string, url, words };

/** The same flag, also read under `--alias` (giving both is a usage error). */
export function withAlias<T>(spec: FlagSpec<T>, alias: string): FlagSpec<T> {
  return { ...spec, alias };
}
