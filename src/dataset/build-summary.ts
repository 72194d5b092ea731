import {
  type Dataset,
  type ImputationCheck,
  isScored,
  type ModelRecord,
  type Provenance,
  STRUCTURE_EVIDENCE,
  STRUCTURE_KEYS,
  type StructureEvidence,
} from "../contracts/index.ts";

/** Models per evidence class: all of them, the scored ones, and the scored ones with the core filled. */
export interface EvidenceCount {
  evidence: StructureEvidence;
  all: number;
  scored: number;
  /** Scored models with layers, d_model, d_ffn and heads all filled. */
  scoredCore: number;
}

/** Structural columns whose coverage the build reports (multimodal is a flag, always known). */
export const COVERAGE_COLUMNS = STRUCTURE_KEYS.filter((k) => k !== "multimodal");

export interface ColumnCoverage {
  column: string;
  /** Which models the shares are over: all of them, or (for moe_experts, moe_active_experts) MoE models. */
  over: "models" | "moe-models";
  /** Share of all models with a value, 0..1. */
  all: number;
  /** Share of scored models (with a v1 score) with a value, 0..1. */
  scored: number;
}

export interface DatasetSummary {
  models: number;
  /** Models with at least one leaderboard v1 score. */
  scoredModels: number;
  v2Rows: number;
  coverage: ColumnCoverage[];
  /** Known structural values by where they came from, over all models and structural columns. */
  provenance: Partial<Record<Provenance | "unknown", number>>;
  /** The same, per column. */
  provenanceByColumn: Record<string, Partial<Record<Provenance | "unknown", number>>>;
  /** Import warnings (rows skipped, values dropped). */
  warnings: number;
  /** Models carrying at least one row warning (implausible value, imputation note). */
  modelsWithWarnings: number;
  counts: Record<string, number>;
  /** What each model's structure rests on (see STRUCTURE_EVIDENCE). */
  evidence: EvidenceCount[];
  /** Precision of the imputation on sets with known answers (empty for datasets built without them). */
  imputationChecks: ImputationCheck[];
}

const hasCore = (r: ModelRecord): boolean =>
  r.layers !== null && r.d_model !== null && r.d_ffn !== null && r.heads !== null;

/** What a build produced, in numbers: coverage of each structural column and where the values came from. */
export function summarizeDataset(ds: Dataset): DatasetSummary {
  const scored = ds.records.filter(isScored);
  const share = (rows: ModelRecord[], key: (typeof COVERAGE_COLUMNS)[number]): number =>
    rows.length ? rows.filter((r) => r[key] !== null).length / rows.length : 0;
  // Expert counts only exist for MoE models: their coverage is over those, or every dense model counts as a gap.
  const moe = (r: ModelRecord) => r.is_moe || r.moe_experts !== null;
  const coverage = COVERAGE_COLUMNS.map((column): ColumnCoverage => {
    const perMoe = column === "moe_experts" || column === "moe_active_experts";
    return {
      column,
      over: perMoe ? "moe-models" : "models",
      all: share(perMoe ? ds.records.filter(moe) : ds.records, column),
      scored: share(perMoe ? scored.filter(moe) : scored, column),
    };
  });
  const provenance: DatasetSummary["provenance"] = {};
  const provenanceByColumn: DatasetSummary["provenanceByColumn"] = {};
  for (const column of COVERAGE_COLUMNS) {
    const byColumn: Partial<Record<Provenance | "unknown", number>> = {};
    for (const r of ds.records) {
      if (r[column] === null) continue;
      const p = r.provenance[column] ?? "unknown";
      byColumn[p] = (byColumn[p] ?? 0) + 1;
      provenance[p] = (provenance[p] ?? 0) + 1;
    }
    provenanceByColumn[column] = byColumn;
  }
  return {
    models: ds.records.length,
    scoredModels: scored.length,
    v2Rows: ds.v2.length,
    coverage,
    provenance,
    provenanceByColumn,
    warnings: ds.warnings.length,
    modelsWithWarnings: ds.records.filter((r) => r.warnings.length > 0).length,
    counts: ds.meta.counts ?? {},
    evidence: STRUCTURE_EVIDENCE.map((evidence) => {
      const all = ds.records.filter((r) => r.evidence === evidence);
      const sc = all.filter(isScored);
      return { evidence, all: all.length, scored: sc.length, scoredCore: sc.filter(hasCore).length };
    }),
    imputationChecks: ds.meta.imputationChecks ?? [],
  };
}
