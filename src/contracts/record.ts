import { emptyStructure, type Structure, type StructureProvenance } from "./structure.ts";

/** Leaderboard v1 benchmarks, in the leaderboard's column order. Scores are percentages (0-100). */
export const V1_BENCHMARKS = ["arc", "hellaswag", "mmlu", "truthfulqa", "winogrande", "gsm8k"] as const;
export type V1Benchmark = (typeof V1_BENCHMARKS)[number];

/** Leaderboard v2 benchmarks (normalized scores, 0-100). */
export const V2_BENCHMARKS = ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"] as const;
export type V2Benchmark = (typeof V2_BENCHMARKS)[number];

/**
 * How a record's structure was obtained, strongest first:
 * - config: read from the model's own config.json (a Hub crawl);
 * - registry: the id is a base model of the curated registry (its config, transcribed);
 * - lineage: imputed from the base model the record declares (v2 metadata_base_model, Hub base_model tag);
 * - name+size: imputed from a base that both the size in the name and the measured size agree on;
 * - size-only: imputed from a base the measured size (v1 floor, v2 exact) picks out, the name saying nothing;
 * - name-only: imputed from a base the name picks out (family and/or size in the id), no measured size;
 * - prior: no size anywhere; the structure most models of the same architecture class have;
 * - unresolved: the evidence is missing or contradictory; structural fields are null and a warning says why.
 */
export const STRUCTURE_EVIDENCE = [
  "config",
  "registry",
  "lineage",
  "name+size",
  "size-only",
  "name-only",
  "prior",
  "unresolved",
] as const;
export type StructureEvidence = (typeof STRUCTURE_EVIDENCE)[number];

/**
 * Where a record's date (created_at, else submitted_at) comes from: the Hub's creation/upload date
 * (a crawl, or v2's metadata_upload_date), the registry's release date of a base model, or the
 * leaderboard submission date (when nothing better is known).
 */
export const DATE_SOURCES = ["hub", "registry-release", "leaderboard-submission"] as const;
export type DateSource = (typeof DATE_SOURCES)[number];

/** date_source for a record: created_at's own source when created_at is set, else the submission, else null. */
export function dateSourceOf(
  created_at: string | null,
  createdSource: DateSource,
  submitted_at: string | null,
): DateSource | null {
  if (created_at !== null) return createdSource;
  return submitted_at !== null ? "leaderboard-submission" : null;
}

/** How a model was made, from the leaderboard `type` column or Hub tags. */
export type ModelKind = "pretrained" | "continued" | "fine-tuned" | "chat" | "merge";

/**
 * One model in the dataset: its structure and metadata, plus (when scored) one row of leaderboard v1
 * scores. This is the row shape analysis/, ml/ and report/ consume (from `loadRecords`).
 */
export interface ModelRecord extends Structure {
  /** Hub id, e.g. "meta-llama/Llama-2-7b-hf". Unique in the table. */
  id: string;
  /** Commit sha of the scored revision, when known. */
  revision: string | null;
  /** Where the row came from: "leaderboard-v1", "leaderboard-v2", "hub". */
  source: string;
  provenance: StructureProvenance;
  /** Hub id of the registry base model the structure was imputed from, or null. */
  imputed_from: string | null;
  /** 0..1 confidence of the imputation, null when nothing was imputed. */
  impute_confidence: number | null;
  /** Which evidence the structure rests on (see STRUCTURE_EVIDENCE). */
  evidence: StructureEvidence;
  kind: ModelKind | null;
  is_moe: boolean;
  is_merged: boolean;
  flagged: boolean;
  /** Model creation on the Hub (ISO date), when known. */
  created_at: string | null;
  /** Submission date to leaderboard v1 (ISO date), when scored. */
  submitted_at: string | null;
  /** Where the record's date comes from: created_at's source when it is set, else the submission; null when undated. */
  date_source: DateSource | null;
  likes: number | null;
  downloads: number | null;
  /** Hub lastModified (ISO), library_name, pipeline_tag and gated state ("no", "auto", "manual"), when crawled. */
  last_modified: string | null;
  library: string | null;
  pipeline_tag: string | null;
  gated: string | null;
  license: string | null;
  precision: string | null;
  base_model: string | null;
  /** The six v1 scores (percent) or null when the model has no v1 row. */
  arc: number | null;
  hellaswag: number | null;
  mmlu: number | null;
  truthfulqa: number | null;
  winogrande: number | null;
  gsm8k: number | null;
  average: number | null;
  /** Warnings attached to this row (implausible values, imputation notes). */
  warnings: string[];
}

/**
 * A record with every field unknown (null, false or empty), to be filled by whoever builds one.
 * Adding a field to ModelRecord means adding its unknown value here, in one place.
 */
export function emptyRecord(id: string, source = "leaderboard-v1"): ModelRecord {
  return {
    ...emptyStructure(),
    id,
    revision: null,
    source,
    provenance: {},
    imputed_from: null,
    impute_confidence: null,
    evidence: "unresolved",
    kind: null,
    is_moe: false,
    is_merged: false,
    flagged: false,
    created_at: null,
    submitted_at: null,
    date_source: null,
    likes: null,
    downloads: null,
    last_modified: null,
    library: null,
    pipeline_tag: null,
    gated: null,
    license: null,
    precision: null,
    base_model: null,
    arc: null,
    hellaswag: null,
    mmlu: null,
    truthfulqa: null,
    winogrande: null,
    gsm8k: null,
    average: null,
    warnings: [],
  };
}

/** Whether a record has at least one leaderboard v1 score (a "scored" model). */
export function isScored(r: ModelRecord): boolean {
  return V1_BENCHMARKS.some((b) => r[b] !== null);
}
