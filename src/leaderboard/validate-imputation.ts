import { DataError, type FieldPrecision, type ImputationCheck } from "../contracts/index.ts";

import { BUNDLED, readJson } from "./data-files.ts";
import {
  type FamilyPriors,
  type ImputeInput,
  type ImputeResult,
  imputeStructure,
  shapeKey,
} from "./impute.ts";
import type { ImputationRules } from "./impute-rules.ts";
import { parseNameSize } from "./name-hints.ts";
import { type Registry, registryWithout } from "./registry.ts";

/** The fields whose precision is measured, in this order. */
export const CHECKED_FIELDS = ["layers", "d_model", "d_ffn", "heads", "kv_heads", "vocab_size"] as const;
type CheckedField = (typeof CHECKED_FIELDS)[number];
type Truth = Record<CheckedField, number | null>;

const CORE = ["layers", "d_model", "d_ffn", "heads"] as const;
const SHAPE = ["layers", "d_model", "d_ffn", "heads", "kv_heads"] as const;
/** A structure's parameter count within 3% of the exact count (either embedding convention) is consistent. */
const SIZE_CONSISTENCY = 0.03;

export interface ValidationItem {
  input: ImputeInput;
  imp: ImputeResult;
}

/** One model of data/leaderboard/known-structures.json. */
export interface KnownStructure extends Truth {
  id: string;
  base_shape: string;
  pattern: string;
}

/** Reads the hand-checked structures; throws DataError naming the file, case and field. */
export function loadKnownStructures(file: string = BUNDLED.knownStructures): KnownStructure[] {
  const raw = readJson(file) as { cases?: unknown };
  if (!Array.isArray(raw.cases)) throw new DataError(`${file}: expected "cases" (an array)`, file);
  return raw.cases.map((c: Record<string, unknown>, i: number) => {
    if (typeof c.id !== "string") throw new DataError(`${file}: case ${i}: "id" must be a string`, file);
    for (const f of CHECKED_FIELDS) {
      const v = c[f];
      if (v !== null && (typeof v !== "number" || !Number.isInteger(v) || v <= 0)) {
        throw new DataError(`${file}: case ${i} (${c.id}): "${f}" must be a positive integer or null`, file);
      }
    }
    return c as unknown as KnownStructure;
  });
}

/** Tallies imputed structures against known ones. */
class Tally {
  readonly fields = new Map<CheckedField, FieldPrecision>(
    CHECKED_FIELDS.map((f) => [f, { field: f, checked: 0, filled: 0, wrong: 0 }]),
  );
  readonly byEvidence: NonNullable<ImputationCheck["byEvidence"]> = {};
  cases = 0;
  filledCore = 0;

  add(imp: ImputeResult, truth: Truth): void {
    this.cases += 1;
    const s = imp.structure;
    const core = CORE.every((f) => s[f] !== null);
    if (core) this.filledCore += 1;
    for (const f of CHECKED_FIELDS) {
      const t = truth[f];
      if (t === null) continue;
      const p = this.fields.get(f) as FieldPrecision;
      p.checked += 1;
      if (s[f] === null) continue;
      p.filled += 1;
      if (s[f] !== t) p.wrong += 1;
    }
    const e = this.byEvidence[imp.evidence] ?? { cases: 0, filledCore: 0, wrongCore: 0 };
    this.byEvidence[imp.evidence] = e;
    e.cases += 1;
    if (core) {
      e.filledCore += 1;
      if (SHAPE.some((f) => s[f] !== null && truth[f] !== null && s[f] !== truth[f])) e.wrongCore += 1;
    }
  }

  result(name: string, description: string): ImputationCheck {
    return {
      name,
      description,
      cases: this.cases,
      filledCore: this.filledCore,
      fields: [...this.fields.values()],
      byEvidence: this.byEvidence,
    };
  }
}

/**
 * The imputation measured on four sets whose answers are known (precision = wrong among filled, apart from
 * coverage):
 * - registry leave-one-out: every registry base on the leaderboard, imputed from its own row with itself
 *   removed from the registry (its twins, e.g. the -chat variant, stay: like a fine-tune of it);
 * - registry shape held out: the same with every registry base of that family and shape removed, i.e. a
 *   model whose base Strata does not know; filling anything here is a guess the evidence should prevent;
 * - hand-checked fine-tunes: data/leaderboard/known-structures.json, the build's own output for them;
 * - v2 exact sizes: v1 models with an exact v2 parameter count, imputed without it, whose filled
 *   structure's parameter count must lie within 3% of it.
 */
export function validateImputation(
  items: ValidationItem[],
  registry: Registry,
  rules: ImputationRules,
  priors: FamilyPriors,
  known: KnownStructure[] = loadKnownStructures(),
  /** Called with every checked case (for tests and for looking at the misses). */
  onCase?: (check: string, id: string, imp: ImputeResult, truth: Truth | { params_b: number }) => void,
): ImputationCheck[] {
  const loo = new Tally();
  const held = new Tally();
  for (const { input } of items) {
    const base = registry.byId.get(input.id.toLowerCase());
    if (!base) continue;
    const key = shapeKey(base, base.moe_experts);
    const a = imputeStructure(
      input,
      registryWithout(registry, (e) => e === base),
      rules,
      { priors },
    );
    const twins = registryWithout(registry, (e) => shapeKey(e, e.moe_experts) === key);
    const b = imputeStructure(input, twins, rules, { priors });
    loo.add(a, base);
    held.add(b, base);
    onCase?.("registry leave-one-out", input.id, a, base);
    onCase?.("registry shape held out", input.id, b, base);
  }
  const byId = new Map(items.map((i) => [i.input.id.toLowerCase(), i]));
  const hand = new Tally();
  let handMissing = 0;
  for (const k of known) {
    const item = byId.get(k.id.toLowerCase());
    if (item) {
      hand.add(item.imp, k);
      onCase?.("hand-checked fine-tunes", k.id, item.imp, k);
    } else handMissing += 1;
  }
  const size: FieldPrecision = { field: "params_b (from the structure)", checked: 0, filled: 0, wrong: 0 };
  let sizeCases = 0;
  let sizeCore = 0;
  for (const { input } of items) {
    if (input.params_exact === null || registry.byId.has(input.id.toLowerCase())) continue;
    if (input.params_exact === parseNameSize(input.id).size_b) continue;
    sizeCases += 1;
    size.checked += 1;
    const imp = imputeStructure({ ...input, params_exact: null, base_model: null }, registry, rules, {
      priors,
    });
    onCase?.("v2 exact sizes", input.id, imp, { params_b: input.params_exact });
    const s = imp.structure;
    if (!SHAPE.every((f) => s[f] !== null)) continue;
    sizeCore += 1;
    size.filled += 1;
    // The base's own count (not an estimate from the shape, which misses Gemma's wide heads), either
    // embedding convention.
    const p = imp.base_params as number;
    const emb = ((s.vocab_size ?? 0) * (s.d_model ?? 0)) / 1e9;
    const est = [p, p - emb, p + emb];
    const exact = input.params_exact;
    if (!est.some((e) => Math.abs(e - exact) <= SIZE_CONSISTENCY * exact)) size.wrong += 1;
  }
  return [
    loo.result(
      "registry leave-one-out",
      "Each registry base model on the leaderboard, imputed from its own leaderboard row with its entry removed from the registry (same-shape twins such as the -chat variant remain, as for a fine-tune).",
    ),
    held.result(
      "registry shape held out",
      "The same rows with every registry base of the same family and shape removed: models whose base Strata does not know. Any value filled here is a guess; wrong ones are what the evidence checks must prevent.",
    ),
    hand.result(
      "hand-checked fine-tunes",
      `${known.length} leaderboard fine-tunes and merges whose base their model card names (data/leaderboard/known-structures.json), as the build imputed them${handMissing ? `; ${handMissing} not in this build's data` : ""}. vocab_size is checked only where the model's own value is known.`,
    ),
    {
      name: "v2 exact sizes",
      description:
        "Models with an exact parameter count in leaderboard v2, imputed without it (from the v1 floor and the name; v2-only models from the name alone): the imputed base's parameter count must be within 3% of the exact one (either embedding convention). Counts the v2 export read from the name (an integer equal to the name's size) are left out.",
      cases: sizeCases,
      filledCore: sizeCore,
      fields: [size],
    },
  ];
}
