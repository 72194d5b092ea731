import type { StructureEvidence } from "../contracts/index.ts";
import type { FamilyPriors, ImputeResult } from "./impute.ts";

/** The evidence left no doubt: some candidate survived and all of the weight agrees on its whole shape. */
export function settled(imp: ImputeResult): boolean {
  return imp.shapes.length > 0 && imp.agreement >= 1 - 1e-9;
}

/**
 * Per architecture, how many rows turn out to be each family+shape (shapeKey) when their evidence leaves
 * no doubt (an exact registry hit, or every surviving candidate agreeing on the shape; a row whose
 * survivors are twins of one shape in several families counts 1/n for each). With PSEUDO_COUNT
 * spread by the rules' rank order (see impute.ts priorWeight) these counts are the prior that splits the
 * rows several shapes fit (a 6.x B LlamaForCausalLM fine-tune with no family in its name).
 */
export function familyPriors(items: { architecture: string | null; imp: ImputeResult }[]): FamilyPriors {
  const out: FamilyPriors = new Map();
  for (const { architecture, imp } of items) {
    if (architecture === null || !settled(imp)) continue;
    const c = out.get(architecture) ?? new Map<string, number>();
    for (const key of imp.shapes) c.set(key, (c.get(key) ?? 0) + 1 / imp.shapes.length);
    out.set(architecture, c);
  }
  return out;
}

/** Evidence strong enough for a row to count towards its architecture's usual shape. */
const SHAPE_EVIDENCE: ReadonlySet<StructureEvidence> = new Set([
  "registry",
  "lineage",
  "name+size",
  "size-only",
]);
/** A shape must hold this share of an architecture's well-evidenced rows to be imputed from the class alone. */
export const PRIOR_SHARE = 0.9;
/** The least number of well-evidenced rows an architecture needs before its usual shape is trusted. */
const PRIOR_MIN_ROWS = 30;

export interface ShapePrior {
  /** Registry base standing for the usual shape (the most frequent one among the rows of that shape). */
  base: string;
  /** Share of the architecture's well-evidenced rows with that shape. */
  share: number;
  rows: number;
}

const shapeKey = (s: ImputeResult["structure"]): string =>
  [s.layers, s.d_model, s.d_ffn, s.heads, s.kv_heads, s.moe_experts].join("/");

/**
 * Per architecture, the shape most of its well-evidenced rows have, when it holds PRIOR_SHARE of them
 * (over at least PRIOR_MIN_ROWS rows): what a row with no size and no name evidence most likely is.
 */
export function shapePriors(
  items: { id: string; architecture: string | null; imp: ImputeResult }[],
): Map<string, ShapePrior> {
  const byArch = new Map<string, Map<string, { n: number; bases: Map<string, number> }>>();
  for (const { id, architecture, imp } of items) {
    if (architecture === null || !SHAPE_EVIDENCE.has(imp.evidence) || imp.structure.layers === null) continue;
    const base = imp.match === "config" ? id : imp.imputed_from;
    if (base === null) continue;
    const shapes = byArch.get(architecture) ?? new Map();
    const key = shapeKey(imp.structure);
    const entry = shapes.get(key) ?? { n: 0, bases: new Map<string, number>() };
    entry.n += 1;
    entry.bases.set(base, (entry.bases.get(base) ?? 0) + 1);
    shapes.set(key, entry);
    byArch.set(architecture, shapes);
  }
  const out = new Map<string, ShapePrior>();
  for (const [arch, shapes] of byArch) {
    const rows = [...shapes.values()].reduce((a, e) => a + e.n, 0);
    const top = [...shapes.values()].sort((a, b) => b.n - a.n)[0];
    if (!top || rows < PRIOR_MIN_ROWS || top.n / rows < PRIOR_SHARE) continue;
    const base = [...top.bases].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (base) out.set(arch, { base, share: top.n / rows, rows });
  }
  return out;
}
