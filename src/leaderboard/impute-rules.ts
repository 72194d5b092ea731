import { DataError } from "../contracts/index.ts";
import { BUNDLED, readJson } from "./data-files.ts";

/** A pattern over the model id that points at a registry family. */
export interface FamilyHint {
  pattern: RegExp;
  family: string;
  /** strong: names the family outright (restricts the candidates); weak: a fine-tune line usually built on it (x3). */
  strength: "strong" | "weak";
}

/** The rules of data/leaderboard/imputation-rules.json, parsed. */
export interface ImputationRules {
  /** Per config class, the registry families a row may take, most common first. */
  architectures: Map<string, string[]>;
  nameHints: FamilyHint[];
  /** Patterns that name one registry base outright (hub id, lower case). */
  baseHints: { pattern: RegExp; base: string }[];
  /** Extra sizes (billions) a base is known by, keyed by lower-cased hub id. */
  nominalSizes: Map<string, number[]>;
  /** Earlier dates (ISO) a base's shape was public, keyed by lower-cased hub id. */
  firstPublic: Map<string, string>;
  moeFamilies: string[];
  moeDefaultActive: number;
  moeMaxExperts: number;
}

function fail(file: string, what: string): never {
  throw new DataError(`${file}: ${what}`, file);
}

function regex(file: string, where: string, v: unknown): RegExp {
  if (typeof v !== "string" || v === "") fail(file, `${where}: "pattern" must be a non-empty string`);
  try {
    return new RegExp(v, "i");
  } catch (e) {
    return fail(file, `${where}: "pattern" is not a valid regular expression (${(e as Error).message})`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Loads and checks data/leaderboard/imputation-rules.json (or another rules file). */
export function loadImputationRules(file: string = BUNDLED.imputationRules): ImputationRules {
  const raw = readJson(file);
  if (!isObject(raw)) fail(file, "expected a JSON object");
  const {
    architectures,
    name_hints,
    base_hints = [],
    nominal_sizes = {},
    first_public = {},
    moe_families,
  } = raw;
  if (!isObject(architectures) || !Array.isArray(name_hints) || !Array.isArray(moe_families)) {
    fail(file, `expected "architectures" (object), "name_hints" and "moe_families" (arrays)`);
  }
  if (!Array.isArray(base_hints) || !isObject(nominal_sizes)) {
    fail(file, `"base_hints" must be an array and "nominal_sizes" an object`);
  }
  const archs = new Map<string, string[]>();
  for (const [arch, families] of Object.entries(architectures)) {
    if (!Array.isArray(families) || families.some((f) => typeof f !== "string")) {
      fail(file, `architectures.${arch}: expected an array of family names`);
    }
    archs.set(arch, families as string[]);
  }
  const nameHints = name_hints.map((h: unknown, i: number): FamilyHint => {
    const where = `name_hints[${i}]`;
    if (!isObject(h) || typeof h.family !== "string") fail(file, `${where}: expected {pattern, family}`);
    const strength = h.strength ?? "strong";
    if (strength !== "strong" && strength !== "weak")
      fail(file, `${where}: "strength" must be strong or weak`);
    return { pattern: regex(file, where, h.pattern), family: h.family, strength };
  });
  const baseHints = base_hints.map((h: unknown, i: number) => {
    const where = `base_hints[${i}]`;
    if (!isObject(h) || typeof h.base !== "string") fail(file, `${where}: expected {pattern, base}`);
    return { pattern: regex(file, where, h.pattern), base: h.base.toLowerCase() };
  });
  const nominalSizes = new Map<string, number[]>();
  for (const [id, sizes] of Object.entries(nominal_sizes)) {
    if (!Array.isArray(sizes) || sizes.some((s) => typeof s !== "number" || !(s > 0))) {
      fail(file, `nominal_sizes.${id}: expected an array of positive numbers (billions)`);
    }
    nominalSizes.set(id.toLowerCase(), sizes as number[]);
  }
  if (!isObject(first_public)) fail(file, `"first_public" must be an object`);
  const firstPublic = new Map<string, string>();
  for (const [id, date] of Object.entries(first_public)) {
    if (id.startsWith("_")) continue;
    if (typeof date !== "string" || Number.isNaN(Date.parse(date))) {
      fail(file, `first_public.${id}: expected an ISO date`);
    }
    firstPublic.set(id.toLowerCase(), date);
  }
  return {
    architectures: archs,
    firstPublic,
    nameHints,
    baseHints,
    nominalSizes,
    moeFamilies: moe_families.map(String),
    moeDefaultActive: Number(raw.moe_default_active_experts ?? 2),
    moeMaxExperts: Number(raw.moe_max_experts ?? 16),
  };
}

let rulesCache: ImputationRules | null = null;

/** The bundled rules, read once. */
export function bundledRules(): ImputationRules {
  rulesCache ??= loadImputationRules();
  return rulesCache;
}
