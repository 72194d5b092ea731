import {
  DATE_SOURCES,
  type DateSource,
  type ModelRecord,
  type Provenance,
  STRUCTURE_EVIDENCE,
  STRUCTURE_KEYS,
  type StructureEvidence,
} from "../contracts/index.ts";

import { STRUCTURE_SELECTIONS, type StructureSelection, structureSelected } from "../dataset/index.ts";

/** Structure keys the data-quality figures leave out: the MoE fields (most models have none), the flag. */
const NOT_BROKEN_DOWN: ReadonlySet<string> = new Set(["moe_experts", "moe_active_experts", "multimodal"]);

/** The structural columns whose origin the data-quality figures break down, in the contract's order. */
export const STRUCTURE_COLUMNS = STRUCTURE_KEYS.filter((k) => !NOT_BROKEN_DOWN.has(k));
type StructureColumn = (typeof STRUCTURE_COLUMNS)[number];

/**
 * Where a non-null value came from, coarsened from its provenance: read (config.json, computed from
 * it, or the Hub), leaderboard (the export's own column), imputed (from a registry base), estimated
 * (params from the structure); missing when null.
 */
export const COLUMN_ORIGINS = ["read", "leaderboard", "imputed", "estimated", "missing"] as const;
export type ColumnOrigin = (typeof COLUMN_ORIGINS)[number];

const ORIGIN: Record<Provenance, ColumnOrigin> = {
  config: "read",
  computed: "read",
  hub: "read",
  leaderboard: "leaderboard",
  imputed: "imputed",
  estimated: "estimated",
};

/** Models per date_source, and those without any date ("none"). */
export type DateSourceCounts = Record<DateSource | "none", number>;

export function dateSourceCounts(records: readonly Pick<ModelRecord, "date_source">[]): DateSourceCounts {
  const out = Object.fromEntries([...DATE_SOURCES, "none"].map((s) => [s, 0])) as DateSourceCounts;
  for (const r of records) out[r.date_source ?? "none"]++;
  return out;
}

/** How far a table's structure can be trusted: what each figure of the report's Data quality section shows. */
export interface DataQuality {
  models: number;
  scored: number;
  /** Models per evidence class (what the structure rests on), over all models and the scored ones. */
  evidence: { evidence: StructureEvidence; all: number; scored: number }[];
  /** Models each structure selection keeps (selectByStructure). */
  selections: Record<StructureSelection, { all: number; scored: number }>;
  /**
   * impute_confidence of the imputed models in ten bins [0, 0.1), ..., [0.9, 1.0]; models read from a
   * config or left unresolved have no confidence and are counted in `noConfidence`.
   */
  confidence: { lo: number; hi: number; all: number; scored: number }[];
  noConfidence: { all: number; scored: number };
  /** Per structural column over the scored models: how many values were read, imputed, ... or are null. */
  columns: ({ column: StructureColumn } & Record<ColumnOrigin, number>)[];
  /** The scored models whose imputed structure is least certain (lowest confidence first). */
  leastCertain: {
    id: string;
    evidence: StructureEvidence;
    impute_confidence: number;
    imputed_from: string | null;
    params_b: number | null;
    warning: string | null;
  }[];
  /** Scored models left unresolved (structure null), with the first of their warnings. */
  unresolved: { count: number; examples: { id: string; warning: string | null }[] };
}

const CONFIDENCE_BINS = 10;

/**
 * What the structure of `records` rests on, for the report's Data quality section. `isScored` picks the
 * rows the regressions use; `least` is how many least-certain models to list.
 */
export function dataQuality(
  records: readonly ModelRecord[],
  isScored: (r: ModelRecord) => boolean,
  least = 15,
): DataQuality {
  const scored = records.filter(isScored);
  const count = (rows: readonly ModelRecord[], f: (r: ModelRecord) => boolean) =>
    rows.reduce((n, r) => n + (f(r) ? 1 : 0), 0);
  const evidence = STRUCTURE_EVIDENCE.map((e) => ({
    evidence: e,
    all: count(records, (r) => r.evidence === e),
    scored: count(scored, (r) => r.evidence === e),
  }));
  const selections = Object.fromEntries(
    STRUCTURE_SELECTIONS.map((s) => [
      s,
      {
        all: count(records, (r) => structureSelected(r, s)),
        scored: count(scored, (r) => structureSelected(r, s)),
      },
    ]),
  ) as DataQuality["selections"];
  const bin = (c: number) => Math.min(CONFIDENCE_BINS - 1, Math.floor(c * CONFIDENCE_BINS));
  const confidence = Array.from({ length: CONFIDENCE_BINS }, (_, i) => ({
    lo: i / CONFIDENCE_BINS,
    hi: (i + 1) / CONFIDENCE_BINS,
    all: 0,
    scored: 0,
  }));
  const noConfidence = { all: 0, scored: 0 };
  const scoredSet = new Set(scored);
  for (const r of records) {
    const c = r.impute_confidence;
    const inScored = scoredSet.has(r);
    if (c === null || !Number.isFinite(c)) {
      noConfidence.all++;
      if (inScored) noConfidence.scored++;
      continue;
    }
    const b = confidence[bin(c)] as (typeof confidence)[number];
    b.all++;
    if (inScored) b.scored++;
  }
  const columns = STRUCTURE_COLUMNS.map((column) => {
    const row = { column, read: 0, leaderboard: 0, imputed: 0, estimated: 0, missing: 0 };
    for (const r of scored) {
      if (r[column] === null) row.missing++;
      else {
        const p = r.provenance[column];
        // A value without a provenance label can only come from the row itself (a crawl or the export).
        row[p ? ORIGIN[p] : r.source === "hub" ? "read" : "leaderboard"]++;
      }
    }
    return row;
  });
  const leastCertain = scored
    .filter((r) => r.impute_confidence !== null && r.layers !== null)
    .sort((a, b) => (a.impute_confidence ?? 0) - (b.impute_confidence ?? 0) || (a.id < b.id ? -1 : 1))
    .slice(0, least)
    .map((r) => ({
      id: r.id,
      evidence: r.evidence,
      impute_confidence: r.impute_confidence as number,
      imputed_from: r.imputed_from,
      params_b: r.params_b,
      warning: r.warnings[0] ?? null,
    }));
  const unresolvedRows = scored.filter((r) => r.evidence === "unresolved");
  return {
    models: records.length,
    scored: scored.length,
    evidence,
    selections,
    confidence,
    noConfidence,
    columns,
    leastCertain,
    unresolved: {
      count: unresolvedRows.length,
      examples: unresolvedRows.slice(0, 5).map((r) => ({ id: r.id, warning: r.warnings[0] ?? null })),
    },
  };
}
