import type { ModelRecord, V2ScoreRow } from "../../contracts/index.ts";

import { HttpError } from "../errors.ts";
import { MAX_LISTED_RELATIVES } from "../limits.ts";
import type { NearestStructure, StructureIndex } from "../nearest-structures.ts";
import type { Store } from "../open-store.ts";

/** How many nearest structures a model page lists. */
const NEAREST_ON_PAGE = 10;

/** A related model as listed on a model page. */
export interface RelatedModel {
  id: string;
  kind: ModelRecord["kind"];
  params_b: number | null;
  average: number | null;
  evidence: ModelRecord["evidence"];
}

export interface ModelDetail {
  record: ModelRecord;
  /** Leaderboard v2 rows of the model (one per precision scored). */
  v2: V2ScoreRow[];
  hubUrl: string;
  /** Models with exactly this structure, the model itself included (0 when its structure is unknown). */
  sameStructure: { total: number; models: RelatedModel[] };
  nearest: (NearestStructure & { model: RelatedModel | null })[];
  /** The model it derives from (declared base_model, else the base its structure was imputed from). */
  base: { id: string; inDataset: boolean; model: RelatedModel | null } | null;
  /** Other models that derive from the same base, best average first. */
  siblings: { total: number; models: RelatedModel[] };
  /** Models that derive from this one. */
  derived: { total: number; models: RelatedModel[] };
}

/** GET /api/models/:id: everything the model page shows. */
export function modelDetail(store: Store, structures: StructureIndex, id: string): ModelDetail {
  const record = store.byId.get(id);
  if (!record) throw new HttpError(404, `no model '${id}' in the dataset ${store.file}`, "id");
  const related = (rid: string): RelatedModel | null => {
    const r = store.byId.get(rid);
    return r
      ? { id: r.id, kind: r.kind, params_b: r.params_b, average: r.average, evidence: r.evidence }
      : null;
  };
  const list = (ids: readonly string[]) => {
    const models = ids
      .map(related)
      .filter((m): m is RelatedModel => m !== null)
      .sort((a, b) => (b.average ?? -1) - (a.average ?? -1) || (a.id < b.id ? -1 : 1));
    return { total: models.length, models: models.slice(0, MAX_LISTED_RELATIVES) };
  };
  const baseId = [record.base_model, record.imputed_from].find((b) => b !== null && b !== id) ?? null;
  return {
    record,
    v2: [...(store.v2ById.get(id) ?? [])],
    hubUrl: `https://huggingface.co/${id}`,
    sameStructure: list(structures.twins(id)?.members ?? []),
    nearest: structures.nearest(id, NEAREST_ON_PAGE).map((n) => ({ ...n, model: related(n.id) })),
    base: baseId === null ? null : { id: baseId, inDataset: store.byId.has(baseId), model: related(baseId) },
    siblings: list(baseId === null ? [] : (store.derivedFrom.get(baseId) ?? []).filter((x) => x !== id)),
    derived: list(store.derivedFrom.get(id) ?? []),
  };
}
