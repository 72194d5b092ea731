import {
  type FamilyPriors,
  type ImputeInput,
  type ImputeResult,
  imputeFromBase,
  imputeStructure,
} from "./impute.ts";
import type { ImputationRules } from "./impute-rules.ts";
import { familyPriors, settled, shapePriors } from "./priors.ts";
import type { Registry } from "./registry.ts";

/** Confidence factor of a structure taken from the architecture's usual shape alone (no size, no name). */
const PRIOR_FACTOR = 0.6;

/**
 * The passes that need the whole table, in place (returns the learned priors):
 * 1. family priors learned from the rows whose evidence leaves one family, then every row that several
 *    families fit is imputed again with them;
 * 2. a row with no size and no name evidence takes its architecture's usual shape when that shape holds
 *    PRIOR_SHARE of the architecture's well-evidenced rows (evidence "prior"); otherwise it stays unresolved.
 */
export function refineImputations(
  items: { input: ImputeInput; imp: ImputeResult }[],
  registry: Registry,
  rules: ImputationRules,
): FamilyPriors {
  const priors = familyPriors(items.map((i) => ({ architecture: i.input.architecture, imp: i.imp })));
  for (const item of items) {
    if (!settled(item.imp) && item.imp.shapes.length > 1)
      item.imp = imputeStructure(item.input, registry, rules, { priors });
  }
  const shapes = shapePriors(
    items.map((i) => ({ id: i.input.id, architecture: i.input.architecture, imp: i.imp })),
  );
  for (const item of items) {
    const arch = item.input.architecture;
    if (!item.imp.needsPrior || arch === null) continue;
    const prior = shapes.get(arch);
    const base = prior ? registry.byId.get(prior.base.toLowerCase()) : undefined;
    if (!prior || !base) {
      item.imp.warnings.push(
        `${arch} models have no single usual shape to fall back on; structure left null`,
      );
      continue;
    }
    const notes = item.imp.warnings.filter((w) => !w.startsWith("no size"));
    item.imp = imputeFromBase(item.input, base, Math.round(100 * prior.share * PRIOR_FACTOR) / 100, "prior", [
      ...notes,
      `no size known; imputed from ${base.hub_id}, the shape of ${Math.round(100 * prior.share)}% of ${prior.rows} ${arch} models with stronger evidence`,
    ]);
  }
  return priors;
}
