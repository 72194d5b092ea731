import { emptyStructure, type Structure, type StructureProvenance } from "../configs/structure.ts";
import type { StructureEvidence } from "../dataset/record.ts";
import { DataError } from "../errors.ts";
import { BUNDLED, readJson } from "./data-files.ts";
import { parseNameSize } from "./name-hints.ts";
import { estimateParamsB, type Registry } from "./registry.ts";
import type { BaseModelEntry } from "./types.ts";

/** What imputation knows about a leaderboard model. */
export interface ImputeInput {
  id: string;
  architecture: string | null;
  /** v1's floored params_b: the true size is in [p, p+1). */
  params_floor: number | null;
  /** An exact parameter count (v2 metadata_params_billions for the same id), when known. */
  params_exact: number | null;
  is_moe: boolean;
  /** Submission date (ISO); a base released later is unlikely to be the model's base. */
  submitted_at?: string | null;
}

export interface ImputeResult {
  structure: Structure;
  provenance: StructureProvenance;
  imputed_from: string | null;
  impute_confidence: number | null;
  /** "config" for an exact registry hit, "imputed" from a base, "none" when unresolved. */
  match: "config" | "imputed" | "none";
  /** Which evidence the structure rests on. */
  evidence: StructureEvidence;
  warnings: string[];
}

export interface ImputationRules {
  architectures: Map<string, string[]>;
  nameHints: { pattern: RegExp; family: string }[];
  moeFamilies: string[];
  moeDefaultActive: number;
  moeMaxExperts: number;
}

/** Loads data/leaderboard/imputation-rules.json (or another rules file). */
export function loadImputationRules(file: string = BUNDLED.imputationRules): ImputationRules {
  const raw = readJson(file) as Record<string, unknown>;
  const archs = raw.architectures;
  const hints = raw.name_hints;
  if (
    typeof archs !== "object" ||
    archs === null ||
    !Array.isArray(hints) ||
    !Array.isArray(raw.moe_families)
  ) {
    throw new DataError(`${file}: expected "architectures", "name_hints" and "moe_families"`, file);
  }
  return {
    architectures: new Map(Object.entries(archs as Record<string, string[]>)),
    nameHints: hints.map((h: { pattern: string; family: string }) => ({
      pattern: new RegExp(h.pattern, "i"),
      family: h.family,
    })),
    moeFamilies: raw.moe_families.map(String),
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

/** Architectures whose config is a mixture of experts. */
const MOE_ARCHITECTURES = new Set(["MixtralForCausalLM", "Qwen2MoeForCausalLM", "DbrxForCausalLM"]);

/** Size agreement falls linearly to 0 at this relative distance outside the size interval. */
const SIZE_TOLERANCE = 0.3;
/** Fit weight when an exact size matches the base's shape only with the other embedding convention. */
const TIE_VARIANT_WEIGHT = 0.9;
/** Score bonus (not confidence) for a base whose size matches the size in the model's name. */
const NAME_SIZE_BONUS = 1.1;
/** An exact parameter count identifies a shape closely: the fit reaches 0 at 2% outside +-1%. */
const EXACT_SIZE_TOLERANCE = 0.02;
/** A best candidate scoring below this leaves the row unresolved. */
const MIN_SCORE = 0.15;
/** Family weights: the name hints the family / the architecture's default family / any other allowed. */
const W_HINTED = 1;
const W_DEFAULT = 0.6;
const W_OTHER = 0.5;
/** Weight of a base released after the row was submitted to the leaderboard. */
const W_RELEASED_LATER = 0.5;

interface SizeInfo {
  lo: number;
  hi: number;
  /** Confidence factor of the size source. */
  weight: number;
  source: "v2-exact" | "v1-floor" | "name";
  /** Relative distance outside [lo, hi] at which the fit reaches 0. */
  tolerance: number;
}

function sizeInfo(input: ImputeInput, nameSize: number | null, nameExperts: number | null): SizeInfo | null {
  if (input.params_exact !== null) {
    return {
      lo: input.params_exact * 0.99,
      hi: input.params_exact * 1.01,
      weight: 1,
      source: "v2-exact",
      tolerance: EXACT_SIZE_TOLERANCE,
    };
  }
  if (input.params_floor !== null) {
    return {
      lo: input.params_floor,
      hi: input.params_floor + 1,
      weight: 0.9,
      source: "v1-floor",
      tolerance: SIZE_TOLERANCE,
    };
  }
  // A name size is nominal ("7B" covers 6.7-7.3B); for an NxM name it is the expert size, not the total.
  if (nameSize !== null && nameExperts === null) {
    return {
      lo: nameSize * 0.85,
      hi: nameSize * 1.12,
      weight: 0.8,
      source: "name",
      tolerance: SIZE_TOLERANCE,
    };
  }
  return null;
}

/** 1 inside [lo, hi], falling linearly to 0 at SIZE_TOLERANCE relative distance outside. */
function sizeFit(params: number, s: SizeInfo): number {
  if (params >= s.lo && params <= s.hi) return 1;
  const dist = params < s.lo ? s.lo - params : params - s.hi;
  return Math.max(0, 1 - dist / params / s.tolerance);
}

interface Candidate {
  base: BaseModelEntry;
  experts: number | null;
  active: number | null;
  params: number;
  score: number;
  sizeFit: number;
  famWeight: number;
}

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

/**
 * Structure for a leaderboard model.
 * 1. Exact (case-insensitive) hub id in the registry: its structure, provenance "config".
 * 2. Else candidates are the registry bases of the families allowed for the row's architecture
 *    (imputation-rules.json; any family when the architecture is unknown). Each candidate scores
 *    sizeFit x familyWeight: sizeFit is 1 when the base's params lie in the row's size interval
 *    (v2 exact +-1%, fit 0 at 2% outside, else v1 floor [p, p+1), else the size in the name -15%/+12%) and falls linearly to
 *    0 at 30% outside it; familyWeight is 1 when the name hints the family, 0.6 for the architecture's
 *    default family, 0.5 otherwise (for an unknown architecture, MoE candidates compete only with MoE evidence: x1 when the name
 *    says NxM, x0.8 for "moe" in the name or the v1 flag; dense ones get x0.3 under an NxM name; x0.5 for a base released after the row's submission date). MoE rows (MoE architecture, or unknown architecture with the MoE
 *    flag or an "NxM" name) are matched against MoE bases and against dense bases turned into N-expert
 *    merges (N from the name, else solved from the size; 2 active experts).
 *    impute_confidence = sizeFit x familyWeight x sizeSourceWeight (1 exact, 0.9 floor, 0.8 name) x
 *    architectureWeight (1 known, 0.7 unknown), rounded to 2 decimals.
 * The best candidate's structure fills every field with provenance "imputed"; params_b comes from the
 * exact count when known, else from the base when it is consistent with the floored size, else the
 * midpoint p + 0.5 ("estimated", with a warning).
 */
export function imputeStructure(
  input: ImputeInput,
  registry: Registry,
  rules: ImputationRules = bundledRules(),
): ImputeResult {
  const warnings: string[] = [];
  const exact = registry.byId.get(input.id.toLowerCase());
  if (exact) {
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
      warnings,
    };
  }

  const name = parseNameSize(input.id);
  const arch = input.architecture;
  const hinted = new Set(rules.nameHints.filter((h) => h.pattern.test(input.id)).map((h) => h.family));
  let families: string[];
  if (arch !== null) {
    const allowed = rules.architectures.get(arch);
    if (!allowed) return unresolved(input, [`no registry family for architecture ${arch}`]);
    families = allowed;
  } else {
    families = hinted.size > 0 ? [...hinted] : [...registry.byFamily.keys()];
  }
  const nameMoe = name.experts !== null && name.experts > 1;
  // Known architecture: its class decides. Unknown: MoE and dense bases both compete only when there is
  // MoE evidence, weighted by it (an NxM name is strong, "moe" in the name or the noisy v1 flag weaker).
  const moeEvidence = nameMoe || input.is_moe || /moe/i.test(input.id);
  const moeMode: "moe" | "dense" | "both" =
    arch !== null ? (MOE_ARCHITECTURES.has(arch) ? "moe" : "dense") : moeEvidence ? "both" : "dense";
  const moeWeight = arch !== null || nameMoe ? 1 : 0.8;
  const denseWeight = arch !== null ? 1 : nameMoe ? 0.3 : 1;
  const famWeight = (family: string): number =>
    hinted.has(family) ? W_HINTED : family === families[0] && arch !== null ? W_DEFAULT : W_OTHER;

  const search = (size: SizeInfo | null): Candidate | null => {
    const candidates: Candidate[] = [];
    const consider = (base: BaseModelEntry, experts: number | null, active: number | null): void => {
      const params = experts === base.moe_experts ? base.params_b : paramsWithExperts(base, experts ?? 1);
      let fit: number;
      if (size?.source === "v2-exact" && experts === null) {
        // An exact count also matches the same shape with the other embedding convention (tied vs untied
        // output head, e.g. Llama-3.2-1B at 1.50B, DeepSeek-R1-Distill-Qwen-1.5B at 1.78B), a little lower.
        const emb = (base.vocab_size * base.d_model) / 1e9;
        fit = Math.max(
          sizeFit(params, size),
          TIE_VARIANT_WEIGHT * sizeFit(params + emb, size),
          TIE_VARIANT_WEIGHT * sizeFit(params - emb, size),
        );
      } else if (size) fit = sizeFit(params, size);
      else {
        // NxM name without any size: compare one expert's dense size with M.
        const m = name.size_b ?? 0;
        const dense = experts === null ? params : paramsWithExperts(base, 1);
        fit = sizeFit(dense, {
          lo: m * 0.85,
          hi: m * 1.12,
          weight: 0.8,
          source: "name",
          tolerance: SIZE_TOLERANCE,
        });
      }
      const later = input.submitted_at ? base.released > input.submitted_at.slice(0, 10) : false;
      const w =
        famWeight(base.family) *
        (experts === null ? denseWeight : moeWeight) *
        (later ? W_RELEASED_LATER : 1);
      // Tie-break among bases that fit equally (pythia-1b vs -1.4b in [1, 2)): the size in the name.
      const dense = experts === null ? params : paramsWithExperts(base, 1);
      const nameAgrees = name.size_b !== null && dense >= name.size_b * 0.85 && dense <= name.size_b * 1.12;
      const score = fit * w * (nameAgrees ? NAME_SIZE_BONUS : 1);
      candidates.push({ base, experts, active, params, score, sizeFit: fit, famWeight: w });
    };
    for (const family of families) {
      for (const base of registry.byFamily.get(family) ?? []) {
        if (base.moe_experts === null) {
          if (moeMode !== "moe") consider(base, null, null);
        } else if (moeMode !== "dense" && (name.experts === null || name.experts === base.moe_experts)) {
          consider(base, base.moe_experts, base.moe_active_experts);
        }
      }
    }
    if (moeMode !== "dense") {
      // Dense bases turned into N-expert merges (mergekit-moe style), N from the name or solved from size.
      const counts =
        name.experts !== null
          ? [name.experts]
          : Array.from({ length: rules.moeMaxExperts - 1 }, (_, i) => i + 2);
      for (const family of rules.moeFamilies) {
        for (const base of registry.byFamily.get(family) ?? []) {
          if (base.moe_experts !== null) continue;
          for (const n of counts) consider(base, n, Math.min(rules.moeDefaultActive, n));
        }
      }
    }
    let best: Candidate | null = null;
    for (const c of candidates) if (best === null || c.score > best.score) best = c;
    return best !== null && best.score >= MIN_SCORE ? best : null;
  };

  let size = sizeInfo(input, name.size_b, name.experts);
  if (size === null && !(nameMoe && name.size_b !== null)) {
    return unresolved(input, [...warnings, "no size: params_b unknown and no size in the name"]);
  }
  let best = search(size);
  if (best === null && size !== null && size.source !== "name" && name.size_b !== null) {
    // The export's size can be wrong (adapters, quantized uploads): fall back to the size in the name.
    const fromName = nameMoe
      ? null
      : sizeInfo({ ...input, params_exact: null, params_floor: null }, name.size_b, null);
    best = search(fromName);
    if (best !== null) {
      warnings.push(`size ${describeSize(size, null)} fits no base; used the size in the name instead`);
      size = fromName;
    }
  }
  if (best === null) {
    return unresolved(input, [
      ...warnings,
      `no registry base near ${describeSize(size, name.size_b)} for ${arch ?? "unknown architecture"}`,
    ]);
  }

  if (best.experts !== null && best.experts !== best.base.moe_experts) {
    warnings.push(
      `MoE merge of ${best.experts} x ${best.base.hub_id} experts (${name.experts !== null ? "count from the name" : "count solved from the size"})`,
    );
  }
  const archWeight = arch !== null ? 1 : 0.7;
  const confidence = round2(best.sizeFit * best.famWeight * (size?.weight ?? 0.8) * archWeight);
  const nameSpoke = hinted.has(best.base.family) || name.size_b !== null;
  const evidence: StructureEvidence =
    size === null || size.source === "name" ? "name-only" : nameSpoke ? "name+size" : "size-only";
  return imputeFromBase(input, best.base, confidence, evidence, warnings, {
    experts: best.experts,
    active: best.active,
    params: best.params,
  });
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
  };
}

function describeSize(size: SizeInfo | null, nameSize: number | null): string {
  if (size) return `${round2(size.lo)}-${round2(size.hi)}B (${size.source})`;
  return `${nameSize ?? "?"}B per expert`;
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
  };
}
