import {
  emptyStructure,
  type Structure,
  type StructureEvidence,
  type StructureProvenance,
} from "../contracts/index.ts";

import {
  describeMeasured,
  describeNameSize,
  fitsMeasured,
  type ImputeInput,
  nominalMatch,
  nominalSizes,
  type SizeEvidence,
  sizeEvidence,
} from "./impute-evidence.ts";
import { bundledRules, type ImputationRules } from "./impute-rules.ts";
import { saysSmall } from "./name-hints.ts";
import { estimateParamsB, type Registry } from "./registry.ts";
import type { BaseModelEntry } from "./types.ts";

export type { ImputeInput } from "./impute-evidence.ts";
export { bundledRules, type ImputationRules, loadImputationRules } from "./impute-rules.ts";

export interface ImputeResult {
  structure: Structure;
  provenance: StructureProvenance;
  imputed_from: string | null;
  impute_confidence: number | null;
  /** "config" for an exact registry hit, "imputed" from bases, "none" when nothing was filled. */
  match: "config" | "imputed" | "none";
  /** Which evidence the structure rests on. */
  evidence: StructureEvidence;
  warnings: string[];
  /** Distinct family+shape keys of those candidates (see shapeKey). */
  shapes: string[];
  /** Weight share of those candidates with the imputed base's whole core shape (1: the evidence left no doubt). */
  agreement: number;
  /** No size and no name evidence at all: only an architecture prior could say more (see build.ts). */
  needsPrior: boolean;
  /** Total parameters of the imputed base's shape (with the imputed experts), billions; null when none. */
  base_params: number | null;
}

/**
 * Per architecture, the weight of each family+shape (shapeKey) before the row's own evidence, learned from
 * the rows whose evidence leaves one shape (see familyPriors).
 */
export type FamilyPriors = Map<string, Map<string, number>>;

/** A candidate's family and shape: what the priors count and the votes split by. */
export function shapeKey(base: BaseModelEntry, experts: number | null): string {
  // Asked for every candidate of every row: built once per base and expert count.
  let keys = shapeKeys.get(base);
  if (!keys) {
    keys = new Map();
    shapeKeys.set(base, keys);
  }
  let key = keys.get(experts);
  if (key === undefined) {
    key = `${base.family}|${base.layers}/${base.d_model}/${base.d_ffn}/${base.heads}/${base.kv_heads}/${experts ?? "-"}`;
    keys.set(experts, key);
  }
  return key;
}
const shapeKeys = new WeakMap<BaseModelEntry, Map<number | null, string>>();

export interface ImputeOptions {
  priors?: FamilyPriors;
}

/** The config class of N-expert merges of dense models (mergekit-moe). */
const MERGE_ARCHITECTURE = "MixtralForCausalLM";
/** Architectures whose config is a mixture of experts. */
const MOE_ARCHITECTURES = new Set(["MixtralForCausalLM", "Qwen2MoeForCausalLM", "DbrxForCausalLM"]);

/**
 * A structural field is filled only when candidates holding this share of the weight agree on its value;
 * otherwise it stays null. 0.9 keeps the expected error of a filled field well under the 2% target when
 * most rows are unanimous and the rest are split.
 */
export const FIELD_AGREEMENT = 0.9;
/** The vocabulary is the base's (fine-tunes often add a pad or chat token): kept when most agreeing bases share it. */
const VOCAB_AGREEMENT = 0.5;
/**
 * The context length is the base's too (a fine-tune rarely changes it), taken when most agreeing bases
 * share it: LLaMA-1 (2048) and Llama-2 (4096) share every other field, and leaving pos null would drop
 * those rows from every regression.
 */
const POS_AGREEMENT = 0.6;
/** A base released this many days after the submission can still be the base (registry dates are release days). */
const RELEASE_GRACE_DAYS = 7;
/** Weight of a hinted family for a weak (fine-tune line) hint. */
const WEAK_HINT_WEIGHT = 3;
/** Weight of a shape that matches an exact count only with the other embedding convention (tied vs untied). */
const TIE_VARIANT_WEIGHT = 0.9;
/** A dense size in the name of an N-expert merge ("moe-13b") is its total, within 3% (merge totals are estimates). */
const MERGE_TOTAL_TOLERANCE = 0.03;
/** Weight of an N-expert merge of a dense base whose N was solved from the size, not read from the name. */
const SOLVED_EXPERTS_WEIGHT = 0.5;
/** Confidence factor per kind of evidence (lineage is fixed: the row names its base). */
const EVIDENCE_FACTOR: Record<"name+size" | "size-only" | "name-only", number> = {
  "name+size": 1,
  "size-only": 0.9,
  "name-only": 0.85,
};
const LINEAGE_CONFIDENCE = 0.95;
/** Confidence factor when the row's architecture is unknown. */
const UNKNOWN_ARCH_FACTOR = 0.8;

/** The fields that decide a shape; each is filled only on agreement. moe_experts joins them for MoE rows. */
const CORE_FIELDS = ["layers", "d_model", "d_ffn", "heads", "kv_heads"] as const;
type CoreField = (typeof CORE_FIELDS)[number] | "moe_experts";

interface Candidate {
  base: BaseModelEntry;
  /** Experts of this candidate: the registry's for an MoE base, N for a dense base merged N times, null dense. */
  experts: number | null;
  active: number | null;
  /** Total parameters, billions. */
  params: number;
  /** One expert's dense equivalent (params for a dense candidate). */
  dense: number;
  weight: number;
}

const value = (c: Candidate, f: CoreField | "vocab_size" | "pos" | "activation" | "model_type") =>
  f === "moe_experts" ? c.experts : c.base[f];

function structureOf(base: BaseModelEntry): Structure {
  return {
    architecture: base.architecture,
    model_type: base.model_type,
    layers: base.layers,
    d_model: base.d_model,
    d_ffn: base.d_ffn,
    heads: base.heads,
    kv_heads: base.kv_heads,
    vocab_size: base.vocab_size,
    pos: base.pos,
    activation: base.activation,
    moe_experts: base.moe_experts,
    moe_active_experts: base.moe_active_experts,
    multimodal: false,
    params_b: base.params_b,
  };
}

/** Params of a base's shape with `n` experts: fixed part + n x one expert's FFN, memoized per base. */
const expertSplit = new WeakMap<BaseModelEntry, { fixed: number; perExpert: number }>();
function paramsWithExperts(base: BaseModelEntry, n: number): number {
  let split = expertSplit.get(base);
  if (!split) {
    const one = estimateParamsB({ ...base, moe_experts: 1 });
    const two = estimateParamsB({ ...base, moe_experts: 2 });
    split = { fixed: 2 * one - two, perExpert: two - one };
    expertSplit.set(base, split);
  }
  return split.fixed + n * split.perExpert;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const pct = (x: number): string => `${Math.round(100 * x)}%`;

/** Per registry and rules, the earliest date each family+shape was public (any twin's release or first_public). */
const shapeRelease = new WeakMap<Registry, WeakMap<ImputationRules, Map<string, number>>>();
function publicSince(base: BaseModelEntry, registry: Registry, rules: ImputationRules): number {
  const byRules = shapeRelease.get(registry) ?? new WeakMap<ImputationRules, Map<string, number>>();
  shapeRelease.set(registry, byRules);
  let m = byRules.get(rules);
  if (!m) {
    m = new Map();
    for (const e of registry.entries) {
      const key = shapeKey(e, e.moe_experts);
      const t = Math.min(
        Date.parse(e.released),
        Date.parse(rules.firstPublic.get(e.hub_id.toLowerCase()) ?? e.released),
      );
      m.set(key, Math.min(m.get(key) ?? Number.POSITIVE_INFINITY, t));
    }
    byRules.set(rules, m);
  }
  return m.get(shapeKey(base, base.moe_experts)) ?? Date.parse(base.released);
}

/** The latest date (ms) a base may have been public for a row submitted on `submitted`; no date, no bound. */
function releaseLimit(submitted: string | null | undefined): number {
  if (!submitted) return Number.POSITIVE_INFINITY;
  return Date.parse(submitted.slice(0, 10)) + RELEASE_GRACE_DAYS * 86_400_000;
}

/** Pseudo-count of the rules' rank order, so a shape the data never pins down keeps some weight. */
export const PSEUDO_COUNT = 5;

/** A family's share of the rules' rank order for an architecture: 1/(1 + rank)^2, normalized. */
export function rankShare(family: string, families: string[]): number {
  const w = (rank: number): number => 1 / (1 + rank) ** 2;
  const sum = families.reduce((a, _, i) => a + w(i), 0);
  const rank = families.indexOf(family);
  return w(rank < 0 ? families.length : rank) / sum;
}

/**
 * Prior weight of a candidate: rows with the same family+shape whose evidence left only it, plus
 * PSEUDO_COUNT spread by the rules' rank order; before any counts, the rank share alone.
 */
function priorWeight(
  key: string,
  family: string,
  arch: string | null,
  families: string[],
  priors?: FamilyPriors,
): number {
  if (arch === null) {
    // Unknown architecture: the shape's count over every architecture (a 13B row is far more often
    // LLaMA-13B than OPT-13B), the pseudo-count spread evenly over the candidate families.
    if (!priors) return 1;
    let n = 0;
    for (const counts of priors.values()) n += counts.get(key) ?? 0;
    return n + PSEUDO_COUNT / Math.max(1, families.length);
  }
  const rank = rankShare(family, families);
  if (!priors) return rank;
  return (priors.get(arch)?.get(key) ?? 0) + PSEUDO_COUNT * rank;
}

/**
 * Structure for a leaderboard model, using all the evidence and preferring unknown to wrong.
 *
 * 1. The id is a registry base: its structure ("registry").
 * 2. The row declares a base model that is in the registry and fits the measured size: that base ("lineage").
 * 3. Otherwise every registry base the architecture class allows is a candidate (and, for a Mixtral-class
 *    row, every dense base merged into N experts). Candidates that contradict any evidence are dropped
 *    (the tolerances are in impute-evidence.ts): released more than RELEASE_GRACE_DAYS after the
 *    submission; a total outside the measured size (the v1 floor [p, p+1), a v2 exact count, a rounded
 *    v2 count); a name size that is neither one of the base's nominal sizes nor its real count; when the id
 *    names a base outright (gpt2-medium, DialoGPT-large), every other shape if that base fits; when it
 *    names a family outright (llama-2, mistral, yi, ...), every other family, even if nothing is left.
 * 4. The survivors vote with weights (the family+shape prior for the architecture, x3 for a weakly hinted
 *    family, split across twins of one shape). Each of layers, d_model, d_ffn, heads, kv_heads (and
 *    moe_experts) is filled only when FIELD_AGREEMENT of the weight agrees on its value; vocab_size and
 *    pos come from the bases agreeing on those fields when VOCAB_AGREEMENT / POS_AGREEMENT of them share
 *    it, activation and model_type on FIELD_AGREEMENT. Nothing survives, or neither layers nor d_model
 *    agrees: the fields stay null and a warning says which evidence disagreed.
 * impute_confidence = share of the weight with the imputed base's whole shape x an evidence factor
 * (name+size 1, size-only 0.9, name-only 0.85) x 0.8 when the architecture is unknown.
 */
export function imputeStructure(
  input: ImputeInput,
  registry: Registry,
  rules: ImputationRules = bundledRules(),
  options: ImputeOptions = {},
): ImputeResult {
  const exact = registry.byId.get(input.id.toLowerCase());
  if (exact) return fromRegistry(exact);

  const ev = sizeEvidence(input);
  const warnings = [...ev.notes];
  const arch = input.architecture;
  // Hints read the repository name only: an owner such as "internlm/" or "mistralai/" also publishes other families.
  const repo = input.id.split("/").pop() ?? input.id;
  const hints = rules.nameHints.filter((h) => h.pattern.test(repo));
  const strong = new Set(hints.filter((h) => h.strength === "strong").map((h) => h.family));
  const weak = new Set(hints.filter((h) => h.strength === "weak").map((h) => h.family));
  let families: string[];
  if (arch !== null) {
    const allowed = rules.architectures.get(arch);
    if (!allowed) return unresolved(input, [...warnings, `no registry family for architecture ${arch}`]);
    families = allowed;
    // The id names a family this class does not usually hold (unsloth's Phi-3 saved as Mistral): it joins
    // the candidates, weighted as a weak hint; it does not exclude the others, since such names also
    // mislead ("Mixtral_AI_..." dense Mistral-7B models).
    if (strong.size > 0 && !allowed.some((f) => strong.has(f))) {
      const extra = [...strong].filter((f) => registry.byFamily.has(f));
      families = [...allowed, ...extra];
      for (const f of extra) {
        strong.delete(f);
        weak.add(f);
      }
    }
  } else {
    const hinted = [...strong, ...weak];
    families = hinted.length > 0 ? hinted : [...registry.byFamily.keys()];
  }

  const lineage = fromLineage(input, ev, registry, rules, families, warnings);
  if (lineage) return lineage;

  const baseHints = rules.baseHints
    .filter((h) => h.pattern.test(repo))
    .map((h) => registry.byId.get(h.base))
    .filter((b): b is BaseModelEntry => b !== undefined);
  const sizeless = ev.measured === null && ev.name.size_b === null && baseHints.length === 0;
  const small = [...strong].find((f) => saysSmall(input.id, f));
  if (sizeless && small !== undefined) {
    return unresolved(input, [
      ...warnings,
      `the name calls it small but gives no size: a custom model, not a ${small} base`,
    ]);
  }
  if (sizeless && strong.size === 0) {
    return {
      ...unresolved(input, [...warnings, "no size: params_b unknown and no size or base named in the id"]),
      needsPrior: true,
    };
  }

  // MoE: a known architecture's class decides; an unknown one lets both compete when there is MoE evidence.
  const nameMoe = ev.name.experts !== null && ev.name.experts > 1;
  // Unknown class: a name that says MoE (NxM, "moe") rules dense bases out; the export's noisy MoE flag
  // alone lets both compete.
  const nameSaysMoe = nameMoe || /moe/i.test(repo);
  const moeMode: "moe" | "dense" | "both" =
    arch !== null
      ? MOE_ARCHITECTURES.has(arch)
        ? "moe"
        : "dense"
      : nameSaysMoe
        ? "moe"
        : input.is_moe
          ? "both"
          : "dense";

  let pool = candidatesFor(ev, families, moeMode, arch, registry, rules, options.priors);
  const dropped: string[] = [];
  const keep = (test: (c: Candidate) => boolean, why: string): void => {
    const next = pool.filter(test);
    if (next.length < pool.length) dropped.push(`${pool.length - next.length} ${why}`);
    pool = next;
  };
  const limit = releaseLimit(input.submitted_at);
  keep((c) => publicSince(c.base, registry, rules) <= limit, "released after the submission");
  const nameSize = ev.name.size_b;
  if (ev.measured !== null) {
    const m = ev.measured;
    keep(
      (c) =>
        fitsSize(c, m, rules) ||
        (ev.floorMayBeName && nameSize !== null && nominalMatch(nameSize, c.base, c.dense, rules)),
      `outside the measured size ${describeMeasured(m)}`,
    );
  }
  if (nameSize !== null) {
    keep((c) => nameFits(c, ev, rules), `not called ${describeNameSize(ev.name)}`);
  }
  if (baseHints.length > 0) {
    const named = pool.filter((c) => c.experts === null && baseHints.some((b) => sameShape(b, c.base)));
    if (named.length > 0) pool = named;
    else
      warnings.push(`the id names ${baseHints.map((b) => b.hub_id).join(", ")}, which does not fit the rest`);
  }
  // A family the id names outright (and the architecture allows) is the family: when none of its bases fits,
  // the model's base is one the registry lacks, not a base of some other family that happens to fit.
  const named = families.filter((f) => strong.has(f));
  // "Mixtral-4x7B" names the MoE class, not its experts' family: merges of dense experts pass an MoE name.
  const namesMoe = named.some((f) => (registry.byFamily.get(f) ?? []).some((b) => b.moe_experts !== null));
  const merged = (c: Candidate): boolean => c.experts !== null && c.experts !== c.base.moe_experts;
  if (named.length > 0) {
    keep(
      (c) => named.includes(c.base.family) || (namesMoe && merged(c)),
      `not of the named ${named.join(" / ")}`,
    );
  }
  if (pool.length === 0) {
    return unresolved(input, [...warnings, contradiction(input, ev, arch, dropped)]);
  }

  // Weights: the prior of each family+shape split across its surviving twins (7b and 7b-chat), weak hints x3.
  const perShape = new Map<string, number>();
  const keyOf = (c: Candidate): string => shapeKey(c.base, c.experts);
  for (const c of pool) perShape.set(keyOf(c), (perShape.get(keyOf(c)) ?? 0) + 1);
  for (const c of pool) {
    c.weight *= (weak.has(c.base.family) ? WEAK_HINT_WEIGHT : 1) / (perShape.get(keyOf(c)) ?? 1);
  }
  const survivingFamilies = [...new Set(pool.map((c) => c.base.family))];
  const survivingShapes = [...perShape.keys()];
  const voted = vote(pool, moeMode !== "dense");
  if (voted === null) {
    return {
      ...unresolved(input, [...warnings, `the bases that fit disagree on every field: ${shapes(pool)}`]),
      shapes: survivingShapes,
    };
  }
  warnings.push(...voted.notes);
  const best = voted.best;
  if (best.experts !== null && best.experts !== best.base.moe_experts && voted.values.has("moe_experts")) {
    warnings.push(
      `MoE merge of ${best.experts} x ${best.base.hub_id} experts (${nameMoe ? "count from the name" : "count solved from the size"})`,
    );
  }
  const nameSpoke =
    nameSize !== null || baseHints.length > 0 || hints.some((h) => survivingFamilies.includes(h.family));
  const evidence: "name+size" | "size-only" | "name-only" =
    ev.measured === null ? "name-only" : nameSpoke ? "name+size" : "size-only";
  const confidence = round2(
    voted.share * EVIDENCE_FACTOR[evidence] * (arch !== null ? 1 : UNKNOWN_ARCH_FACTOR),
  );
  const result = imputeFromBase(input, best.base, confidence, evidence, warnings, {
    experts: best.experts,
    active: best.active,
    params: best.params,
  });
  // Voted fields are all nullable numbers or strings of Structure; the record view lets one loop set them.
  const fields = result.structure as unknown as Record<string, number | string | null>;
  for (const [f, v] of voted.values) fields[f] = v;
  const nulled: (keyof Structure)[] = [...voted.nulled];
  if (moeMode !== "dense" && voted.nulled.includes("moe_experts")) nulled.push("moe_active_experts");
  for (const f of nulled) {
    fields[f] = null;
    delete result.provenance[f];
  }
  result.shapes = survivingShapes;
  result.agreement = voted.share;
  return result;
}

function fromRegistry(exact: BaseModelEntry): ImputeResult {
  const structure = structureOf(exact);
  const provenance: StructureProvenance = {};
  for (const k of Object.keys(structure) as (keyof Structure)[]) {
    if (structure[k] !== null) provenance[k] = "config";
  }
  return {
    structure,
    provenance,
    imputed_from: null,
    impute_confidence: null,
    match: "config",
    evidence: "registry",
    warnings: [],
    shapes: [shapeKey(exact, exact.moe_experts)],
    agreement: 1,
    needsPrior: false,
    base_params: exact.params_b,
  };
}

/** The declared base model, when the registry has it and it fits the architecture and the measured size. */
function fromLineage(
  input: ImputeInput,
  ev: SizeEvidence,
  registry: Registry,
  rules: ImputationRules,
  families: string[],
  warnings: string[],
): ImputeResult | null {
  if (!input.base_model || input.base_model.toLowerCase() === input.id.toLowerCase()) return null;
  const base = registry.byId.get(input.base_model.toLowerCase());
  if (!base) return null;
  if (input.architecture !== null && !families.includes(base.family)) {
    warnings.push(`declared base ${base.hub_id} is not a ${input.architecture} model; not used`);
    return null;
  }
  if (
    ev.measured !== null &&
    !fitsSize(candidate(base, base.moe_experts, base.moe_active_experts, 1), ev.measured, rules)
  ) {
    warnings.push(
      `declared base ${base.hub_id} (${base.params_b}B) does not fit the measured size ${describeMeasured(ev.measured)}; not used`,
    );
    return null;
  }
  return imputeFromBase(input, base, LINEAGE_CONFIDENCE, "lineage", warnings);
}

function candidate(
  base: BaseModelEntry,
  experts: number | null,
  active: number | null,
  weight: number,
): Candidate {
  const params = experts === base.moe_experts ? base.params_b : paramsWithExperts(base, experts ?? 1);
  const dense = experts === null ? params : paramsWithExperts(base, 1);
  return { base, experts, active, params, dense, weight };
}

function candidatesFor(
  ev: SizeEvidence,
  families: string[],
  moeMode: "moe" | "dense" | "both",
  arch: string | null,
  registry: Registry,
  rules: ImputationRules,
  priors: FamilyPriors | undefined,
): Candidate[] {
  const out: Candidate[] = [];
  const nameExperts = ev.name.experts;
  for (const family of families) {
    const w = (base: BaseModelEntry, experts: number | null): number =>
      priorWeight(shapeKey(base, experts), family, arch, families, priors);
    for (const base of registry.byFamily.get(family) ?? []) {
      if (base.moe_experts === null) {
        if (moeMode !== "moe") out.push(candidate(base, null, null, w(base, null)));
      } else if (moeMode !== "dense" && (nameExperts === null || nameExperts === base.moe_experts)) {
        out.push(candidate(base, base.moe_experts, base.moe_active_experts, w(base, base.moe_experts)));
      }
    }
  }
  // mergekit-moe writes Mixtral configs: only a Mixtral-class row can be such a merge.
  // With the class unknown, only a count written in the name ("4x7B") makes a merge a candidate.
  const mergeable = arch === MERGE_ARCHITECTURE || (arch === null && nameExperts !== null);
  if (moeMode !== "dense" && mergeable) {
    // Dense bases turned into N-expert merges (mergekit-moe style), N from the name or solved from the size.
    const counts =
      nameExperts !== null ? [nameExperts] : Array.from({ length: rules.moeMaxExperts - 1 }, (_, i) => i + 2);
    const solved = nameExperts !== null ? 1 : SOLVED_EXPERTS_WEIGHT;
    for (const family of rules.moeFamilies) {
      for (const base of registry.byFamily.get(family) ?? []) {
        if (base.moe_experts !== null) continue;
        for (const n of counts) {
          const w = priorWeight(shapeKey(base, n), family, arch, families, priors) * solved;
          out.push(candidate(base, n, Math.min(rules.moeDefaultActive, n), w));
        }
      }
    }
  }
  return out;
}

/** The candidate's total fits the measured size; an exact count may also match the other embedding convention. */
function fitsSize(c: Candidate, m: NonNullable<SizeEvidence["measured"]>, rules: ImputationRules): boolean {
  if (fitsMeasured(c.params, m)) return true;
  // An exact count that is one of the base's nominal sizes (DialoGPT-medium at 0.345B, "GPT-2 345M").
  const mid = (m.lo + m.hi) / 2;
  if (
    m.source !== "v1-floor" &&
    c.experts === null &&
    nominalSizes(c.base, rules).some((n) => Math.abs(n - mid) <= 0.005 * n)
  ) {
    return true;
  }
  if (m.source !== "v2-exact" || c.experts !== null) return false;
  // Tied vs untied output head (Llama-3.2-1B at 1.50B, DeepSeek-R1-Distill-Qwen-1.5B at 1.78B).
  const emb = (c.base.vocab_size * c.base.d_model) / 1e9;
  if (fitsMeasured(c.params + emb, m) || fitsMeasured(c.params - emb, m)) {
    c.weight *= TIE_VARIANT_WEIGHT;
    return true;
  }
  return false;
}

/** The size in the name is what this candidate is called: per expert for NxM names, else the total. */
function nameFits(c: Candidate, ev: SizeEvidence, rules: ImputationRules): boolean {
  const s = ev.name.size_b;
  if (s === null) return true;
  if (ev.name.experts !== null || c.experts === null || c.experts === c.base.moe_experts) {
    return nominalMatch(s, c.base, ev.name.experts !== null ? c.dense : c.params, rules);
  }
  // A dense name size on a merge of dense experts ("moe-13b"): compare with the merge's total.
  return Math.abs(s - c.params) <= MERGE_TOTAL_TOLERANCE * c.params;
}

const sameShape = (a: BaseModelEntry, b: BaseModelEntry): boolean =>
  CORE_FIELDS.every((f) => a[f] === b[f]) && a.moe_experts === b.moe_experts;

type VotedField = CoreField | "vocab_size" | "pos" | "activation" | "model_type";

interface Vote {
  /** The heaviest candidate agreeing with every filled field (imputed_from). */
  best: Candidate;
  /** Weight share of the candidates with the best base's whole core shape. */
  share: number;
  /** The agreed value of each filled field. */
  values: Map<VotedField, number | string | null>;
  /** Fields left null (no agreement). */
  nulled: VotedField[];
  notes: string[];
}

/** Field-wise weighted agreement over the surviving candidates (see FIELD_AGREEMENT). */
function vote(pool: Candidate[], moe: boolean): Vote | null {
  const values = new Map<VotedField, number | string | null>();
  const nulled: VotedField[] = [];
  const notes: string[] = [];
  const decide = (f: VotedField, among: Candidate[], need: number): void => {
    const total = among.reduce((a, c) => a + c.weight, 0);
    const tally = tallyBy(among, (c) => value(c, f));
    const [top, w] = tally[0] ?? [null, 0];
    if (total > 0 && w / total >= need) values.set(f, top);
    else {
      nulled.push(f);
      notes.push(`${f} left null: ${tally.map(([v, tw]) => `${v} (${pct(tw / total)})`).join(" or ")}`);
    }
  };
  const core: CoreField[] = moe ? [...CORE_FIELDS, "moe_experts"] : [...CORE_FIELDS];
  for (const f of core) decide(f, pool, FIELD_AGREEMENT);
  // Agreement on heads or kv_heads alone (Yi-34B and CodeLlama-34B share 8 KV heads) says nothing of the shape.
  if (!values.has("layers") && !values.has("d_model")) return null;
  const agrees = (c: Candidate): boolean => [...values].every(([f, v]) => value(c, f) === v);
  const agreeing = pool.filter(agrees);
  const total = pool.reduce((a, c) => a + c.weight, 0);
  // The other fields come from the bases agreeing on the core: the vocabulary when most share it (fine-tunes
  // often add a token or two, so it stays labelled imputed), the rest only on agreement.
  decide("vocab_size", agreeing, VOCAB_AGREEMENT);
  decide("pos", agreeing, POS_AGREEMENT);
  for (const f of ["activation", "model_type"] as const) decide(f, agreeing, FIELD_AGREEMENT);
  let best: Candidate | null = null;
  for (const c of agreeing.filter(agrees)) if (best === null || c.weight > best.weight) best = c;
  best ??= agreeing.reduce((a, c) => (c.weight > a.weight ? c : a));
  // The share of the weight with the best base's whole shape: a field left null lowers it.
  const chosen = best;
  const share =
    pool
      .filter((c) => core.every((f) => value(c, f) === value(chosen, f)))
      .reduce((a, c) => a + c.weight, 0) / total;
  return { best, share, values, nulled, notes };
}

function tallyBy<V>(pool: Candidate[], key: (c: Candidate) => V): [V, number][] {
  const m = new Map<V, number>();
  for (const c of pool) m.set(key(c), (m.get(key(c)) ?? 0) + c.weight);
  return [...m].sort((a, b) => b[1] - a[1]);
}

/** The top three distinct shapes of a pool, for a warning. */
function shapes(pool: Candidate[]): string {
  const total = pool.reduce((a, c) => a + c.weight, 0);
  return tallyBy(pool, (c) => `${c.base.hub_id}${c.experts !== null ? ` x${c.experts}` : ""}`)
    .slice(0, 3)
    .map(([id, w]) => `${id} (${pct(w / total)})`)
    .join(", ");
}

/** Why no base fits: the evidence, stated, and what each check removed. */
function contradiction(input: ImputeInput, ev: SizeEvidence, arch: string | null, dropped: string[]): string {
  const said: string[] = [];
  const name = describeNameSize(ev.name);
  if (name) said.push(`the name says ${name}`);
  if (ev.measured) said.push(`the measured size is ${describeMeasured(ev.measured)}`);
  said.push(arch ? `the architecture is ${arch}` : "the architecture is unknown");
  if (input.submitted_at) said.push(`it was submitted ${input.submitted_at.slice(0, 10)}`);
  return `no registry base fits all the evidence (${said.join("; ")}); candidates removed: ${dropped.join(", ") || "none"}`;
}

/**
 * Fills a structure from one registry base, provenance "imputed" per field (architecture stays the
 * row's own when known). params_b: the exact count when known; the base's when consistent with the
 * floored size [p, p+1); else the midpoint p + 0.5 ("estimated", with a warning).
 */
export function imputeFromBase(
  input: ImputeInput,
  base: BaseModelEntry,
  confidence: number,
  evidence: StructureEvidence,
  warnings: string[],
  moe?: { experts: number | null; active: number | null; params: number },
): ImputeResult {
  const structure = structureOf(base);
  if (moe) {
    structure.moe_experts = moe.experts;
    structure.moe_active_experts = moe.active;
  }
  const baseParams = moe?.params ?? base.params_b;
  const provenance: StructureProvenance = {};
  for (const k of Object.keys(structure) as (keyof Structure)[]) {
    if (structure[k] !== null && k !== "multimodal") provenance[k] = "imputed";
  }
  if (input.architecture !== null) {
    structure.architecture = input.architecture;
    provenance.architecture = "leaderboard";
  }
  if (input.params_exact !== null) {
    structure.params_b = input.params_exact;
    provenance.params_b = "leaderboard";
  } else if (input.params_floor !== null) {
    const p = input.params_floor;
    if (baseParams >= p && baseParams < p + 1) {
      structure.params_b = round3(baseParams);
    } else {
      structure.params_b = p + 0.5;
      provenance.params_b = "estimated";
      warnings.push(
        `floored size ${p}B disagrees with base ${base.hub_id} (${round2(baseParams)}B); params_b set to ${p + 0.5}`,
      );
    }
  } else {
    structure.params_b = round3(baseParams);
  }
  return {
    structure,
    provenance,
    imputed_from: base.hub_id,
    impute_confidence: confidence,
    match: "imputed",
    evidence,
    warnings,
    shapes: [shapeKey(base, moe ? moe.experts : base.moe_experts)],
    agreement: 1,
    needsPrior: false,
    base_params: baseParams,
  };
}

/** No base found: keep what the row itself says (architecture, floored size as a fallback). */
function unresolved(input: ImputeInput, warnings: string[]): ImputeResult {
  const structure = emptyStructure();
  const provenance: StructureProvenance = {};
  if (input.architecture !== null) {
    structure.architecture = input.architecture;
    provenance.architecture = "leaderboard";
  }
  if (input.params_exact !== null) {
    structure.params_b = input.params_exact;
    provenance.params_b = "leaderboard";
  } else if (input.params_floor !== null) {
    structure.params_b = input.params_floor;
    provenance.params_b = "leaderboard";
    warnings.push(`params_b ${input.params_floor} is the export's floored value`);
  }
  return {
    structure,
    provenance,
    imputed_from: null,
    impute_confidence: null,
    match: "none",
    evidence: "unresolved",
    warnings,
    shapes: [],
    agreement: 0,
    needsPrior: false,
    base_params: null,
  };
}
