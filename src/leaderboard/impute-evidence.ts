import type { ImputationRules } from "./impute-rules.ts";
import { isQuantized, type NameSize, parseNameSize } from "./name-hints.ts";
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
  /** Submission date (ISO); a base released later cannot be the model's base. */
  submitted_at?: string | null;
  /** Precision of the scored row ("4bit", "GPTQ", "float16"): a quantized upload's size is not the model's. */
  precision?: string | null;
  /** "Original", "Adapter" or "Delta": an adapter's reported size is not the model's. */
  weight_type?: string | null;
  /** The base model the row declares (v2 metadata_base_model, a Hub base_model tag), when any. */
  base_model?: string | null;
}

/** A measured size interval in billions. */
export interface MeasuredSize {
  lo: number;
  hi: number;
  source: "v2-exact" | "v2-rounded" | "v1-floor";
}

/** Everything the id and the export say about a model's size, and why a reported size was not used. */
export interface SizeEvidence {
  name: NameSize;
  measured: MeasuredSize | null;
  /**
   * The v1 floor equals the integer part of the size in the name, or the v2 "exact" count equals the name's
   * size. The leaderboards read the size from the name when a repo had no safetensors, so such a size may be
   * the name again: a base whose nominal size matches the name passes even when its real count is outside
   * the measured interval (LLaMA-33B is 32.5B).
   */
  floorMayBeName: boolean;
  notes: string[];
}

/** Slack below a floored interval (registry counts are rounded to 0.01B). */
const FLOOR_SLACK_BELOW = 0.002;
/** Slack above it (fine-tunes add a few tokens; a base's count is rounded). */
const FLOOR_SLACK_ABOVE = 0.01;
/** The registry's parameter counts are given to 0.01B. */
const REGISTRY_ROUNDING = 0.01;
/** A v2 count with at most one decimal (7, 3, 1.5) is a rounded or name-derived size: +-7% around it. */
const ROUNDED_HALF_WIDTH = 0.07;
/** An exact count identifies a shape closely: +-0.5% (Yi-34B's 34.39B is not CodeLlama-34B's 33.74B). */
const EXACT_HALF_WIDTH = 0.005;
/** A name size matches a base's nominal size within 2% ("6.7b" is not "7b", "33b" is not "34b"). */
const NOMINAL_TOLERANCE = 0.02;
/** ... or its real parameter count within 1.5% ("6.7b" for LLaMA-7B's 6.74B; not "33b" for CodeLlama-34B's 33.74B, nor "34b" for DeepSeek-Coder-33B's 33.34B). */
const ACTUAL_TOLERANCE = 0.015;

const ADAPTER_WEIGHTS = new Set(["adapter", "delta"]);

export function sizeEvidence(input: ImputeInput): SizeEvidence {
  const name = parseNameSize(input.id);
  const notes: string[] = [];
  const quantized = isQuantized(input.id, input.precision);
  const adapter = ADAPTER_WEIGHTS.has((input.weight_type ?? "").toLowerCase());
  const unusable = quantized ? "a quantized upload" : adapter ? `an ${input.weight_type} upload` : null;
  let measured: MeasuredSize | null = null;
  let floorMayBeName = false;
  if (input.params_exact !== null) {
    if (unusable) notes.push(`exact size ${input.params_exact}B not used: ${unusable}`);
    else {
      // v2 also fell back to the size in the name or rounded it: "vicuna-7b" and openchat_3.5 show 7, their
      // real counts are 6.74B and 7.24B. Such a count is only a nominal size.
      const x = input.params_exact;
      const rounded = Math.abs(x * 10 - Math.round(x * 10)) < 1e-9;
      // Registry counts are rounded to 0.01B: an exact match may be off by half of that.
      const half = rounded ? x * ROUNDED_HALF_WIDTH : Math.max(x * EXACT_HALF_WIDTH, REGISTRY_ROUNDING / 2);
      measured = { lo: x - half, hi: x + half, source: rounded ? "v2-rounded" : "v2-exact" };
    }
  }
  if (measured === null && input.params_floor !== null) {
    const p = input.params_floor;
    if (unusable) notes.push(`floored size ${p}B not used: ${unusable}`);
    else {
      measured = { lo: p, hi: p + 1, source: "v1-floor" };
      floorMayBeName = name.size_b !== null && name.experts === null && Math.floor(name.size_b) === p;
    }
  }
  return { name, measured, floorMayBeName, notes };
}

/** True when `params` lies in the measured interval (a floor with FLOOR_SLACK_BELOW/ABOVE around it). */
export function fitsMeasured(params: number, m: MeasuredSize): boolean {
  if (m.source !== "v1-floor") return params >= m.lo && params <= m.hi;
  return params >= m.lo * (1 - FLOOR_SLACK_BELOW) && params < m.hi * (1 + FLOOR_SLACK_ABOVE);
}

/** The sizes a base is known by: the one in its id, plus the rules' nominal_sizes. */
export function nominalSizes(base: BaseModelEntry, rules: ImputationRules): number[] {
  // Asked for every candidate of every row: parsed once per rules and base.
  const byBase = nominalCache.get(rules) ?? new WeakMap<BaseModelEntry, number[]>();
  nominalCache.set(rules, byBase);
  let sizes = byBase.get(base);
  if (!sizes) {
    const own = parseNameSize(base.hub_id).size_b;
    sizes = [...(own !== null ? [own] : []), ...(rules.nominalSizes.get(base.hub_id.toLowerCase()) ?? [])];
    byBase.set(base, sizes);
  }
  return sizes;
}
const nominalCache = new WeakMap<ImputationRules, WeakMap<BaseModelEntry, number[]>>();

/** True when a name size `s` (billions; per expert for NxM names) is what `base` is called or weighs. */
export function nominalMatch(
  s: number,
  base: BaseModelEntry,
  denseParams: number,
  rules: ImputationRules,
): boolean {
  if (nominalSizes(base, rules).some((n) => Math.abs(s - n) <= NOMINAL_TOLERANCE * n)) return true;
  return Math.abs(s - denseParams) <= ACTUAL_TOLERANCE * denseParams;
}

/** "13B", "4 x 7B", "160M": a name size as people write it. */
export function describeNameSize(name: NameSize): string | null {
  if (name.size_b === null) return null;
  const s = name.size_b < 1 ? `${Math.round(name.size_b * 1000)}M` : `${name.size_b}B`;
  return name.experts !== null ? `${name.experts} x ${s}` : s;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function describeMeasured(m: MeasuredSize): string {
  const mid = round2((m.lo + m.hi) / 2);
  if (m.source === "v1-floor") return `${m.lo}-${m.hi}B (the export's floored ${m.lo}B)`;
  return m.source === "v2-rounded" ? `about ${mid}B (v2, rounded)` : `${mid}B (v2, exact)`;
}
