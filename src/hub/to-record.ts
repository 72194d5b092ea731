import { dateSourceOf, type ModelKind, type ModelRecord, type NormalizedConfig } from "../contracts/index.ts";

import type { CachedModel, HubModelMeta, RawListedModel } from "./types.ts";

/** Keeps the listing fields Strata uses, with null for what the Hub left out. */
export function toMeta(item: RawListedModel): HubModelMeta {
  const total = item.safetensors?.total;
  return {
    sha: typeof item.sha === "string" ? item.sha : null,
    createdAt: typeof item.createdAt === "string" ? item.createdAt : null,
    lastModified: typeof item.lastModified === "string" ? item.lastModified : null,
    likes: typeof item.likes === "number" ? item.likes : null,
    downloads: typeof item.downloads === "number" ? item.downloads : null,
    tags: Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === "string") : [],
    library_name: typeof item.library_name === "string" ? item.library_name : null,
    pipeline_tag: typeof item.pipeline_tag === "string" ? item.pipeline_tag : null,
    gated: item.gated === "auto" || item.gated === "manual" ? item.gated : false,
    safetensors_total: typeof total === "number" && Number.isFinite(total) && total > 0 ? total : null,
  };
}

/** `license:apache-2.0` -> "apache-2.0". */
export function licenseFromTags(tags: string[]): string | null {
  const t = tags.find((x) => x.startsWith("license:"));
  return t ? t.slice("license:".length) : null;
}

/**
 * The base model from Hub tags. The Hub writes `base_model:<id>` plus a relation tag
 * `base_model:<relation>:<id>` (finetune, quantized, merge, adapter); the plain form is the id.
 */
export function baseModelFromTags(tags: string[]): string | null {
  for (const t of tags) {
    if (!t.startsWith("base_model:")) continue;
    const rest = t.slice("base_model:".length);
    if (!/^(finetune|quantized|merge|adapter):/.test(rest)) return rest;
  }
  for (const t of tags) {
    const m = /^base_model:(?:finetune|quantized|merge|adapter):(.+)$/.exec(t);
    if (m?.[1] !== undefined) return m[1];
  }
  return null;
}

export function isMergeFromTags(tags: string[]): boolean {
  return tags.some((t) => t === "merge" || t === "mergekit" || t.startsWith("base_model:merge:"));
}

/** How the model was made, when the tags say so; null otherwise (no tag is no evidence of pretraining). */
export function kindFromTags(tags: string[]): ModelKind | null {
  if (isMergeFromTags(tags)) return "merge";
  if (tags.some((t) => t.startsWith("base_model:finetune:") || t.startsWith("base_model:adapter:"))) {
    return "fine-tuned";
  }
  return null;
}

/** One dataset row from a crawled model and its normalized config. Scores are filled by the leaderboard join. */
export function toModelRecord(entry: CachedModel, norm: NormalizedConfig): ModelRecord {
  const { meta } = entry;
  const s = norm.structure;
  const provenance = { ...norm.provenance };
  const warnings = norm.warnings.map((w) => `${String(w.field)}: ${w.message}`);
  let params = s.params_b;
  if (meta.safetensors_total !== null) {
    params = meta.safetensors_total / 1e9;
    provenance.params_b = "hub";
  } else if (params !== null) {
    provenance.params_b = "estimated";
    warnings.push(
      "params_b: estimated from the structure (the Hub has no safetensors metadata for this repo)",
    );
  }
  return {
    ...s,
    params_b: params,
    id: entry.id,
    revision: entry.revision,
    source: "hub",
    provenance,
    imputed_from: null,
    impute_confidence: null,
    evidence: "config",
    kind: kindFromTags(meta.tags),
    is_moe: (s.moe_experts !== null && s.moe_experts > 1) || meta.tags.includes("moe"),
    is_merged: isMergeFromTags(meta.tags),
    flagged: false,
    created_at: meta.createdAt,
    submitted_at: null,
    date_source: dateSourceOf(meta.createdAt, "hub", null),
    likes: meta.likes,
    downloads: meta.downloads,
    last_modified: meta.lastModified,
    library: meta.library_name,
    pipeline_tag: meta.pipeline_tag,
    gated: meta.gated === false ? "no" : meta.gated,
    license: licenseFromTags(meta.tags),
    precision: null,
    base_model: baseModelFromTags(meta.tags),
    arc: null,
    hellaswag: null,
    mmlu: null,
    truthfulqa: null,
    winogrande: null,
    gsm8k: null,
    average: null,
    warnings,
  };
}
