import type { ModelRecord, StructureEvidence } from "../contracts/index.ts";

/**
 * Which rows an analysis may use, by how much their structure can be trusted:
 * - all: every row (what the study did);
 * - confident: structures read from a config (config, registry) plus imputations at or above
 *   CONFIDENT_IMPUTATION;
 * - config: only structures read from a config.json (a crawl, or a registry base model itself).
 */
export const STRUCTURE_SELECTIONS = ["all", "confident", "config"] as const;
export type StructureSelection = (typeof STRUCTURE_SELECTIONS)[number];

/** impute_confidence at or above which an imputed structure counts as confident. */
export const CONFIDENT_IMPUTATION = 0.8;

const READ_FROM_CONFIG: ReadonlySet<StructureEvidence> = new Set(["config", "registry"]);

/** True when the record's structure is trusted under `selection`. */
export function structureSelected(
  r: Pick<ModelRecord, "evidence" | "impute_confidence">,
  selection: StructureSelection,
): boolean {
  switch (selection) {
    case "all":
      return true;
    case "config":
      return READ_FROM_CONFIG.has(r.evidence);
    case "confident":
      return (
        READ_FROM_CONFIG.has(r.evidence) ||
        (r.evidence !== "unresolved" && (r.impute_confidence ?? 0) >= CONFIDENT_IMPUTATION)
      );
    default:
      return selection satisfies never;
  }
}

/** The records whose structure is trusted under `selection`. */
export function selectByStructure<R extends Pick<ModelRecord, "evidence" | "impute_confidence">>(
  records: readonly R[],
  selection: StructureSelection,
): R[] {
  return selection === "all" ? [...records] : records.filter((r) => structureSelected(r, selection));
}
