import { STRUCTURE_EVIDENCE, V1_BENCHMARKS, V2_BENCHMARKS } from "../../contracts/index.ts";
import { MODEL_COLUMNS, SEARCH_ALIASES } from "../../dataset/index.ts";
import { MAX_BODY_BYTES, MAX_COMPARE, MAX_PAGE_SIZE, MAX_SIZE_BINS, MIN_SIZE_BINS } from "../limits.ts";
import { IMPUTED_EVIDENCE, SIZE_BINS, TOGGLE_NAMES, TOGGLES } from "../model-selection.ts";
import type { Store } from "../open-store.ts";
import { AXIS_COLUMNS, COLOR_COLUMNS, DATE_COLUMNS } from "./scatter-points.ts";

/** GET /api/meta: what the page needs to draw its controls: the dataset, its columns, the filters. */
export function datasetMeta(store: Store, report: { file: string; available: boolean }) {
  return {
    dataset: {
      dataDir: store.dataDir,
      file: store.file,
      builtAt: store.meta.builtAt,
      source: store.meta.source,
      models: store.records.length,
      scored: store.scored,
    },
    columns: Object.entries(MODEL_COLUMNS).map(([name, kind]) => ({ name, kind })),
    axisColumns: AXIS_COLUMNS,
    colorColumns: COLOR_COLUMNS,
    dateColumns: DATE_COLUMNS,
    sizeBins: SIZE_BINS.map((b) => ({ id: b.id, label: b.label })),
    toggles: TOGGLE_NAMES.map((name) => ({ name, label: TOGGLES[name].label })),
    evidence: STRUCTURE_EVIDENCE,
    imputedEvidence: IMPUTED_EVIDENCE,
    searchAliases: SEARCH_ALIASES,
    benchmarks: { v1: V1_BENCHMARKS, v2: V2_BENCHMARKS },
    limits: {
      maxPageSize: MAX_PAGE_SIZE,
      maxCompare: MAX_COMPARE,
      maxBodyBytes: MAX_BODY_BYTES,
      minSizeBins: MIN_SIZE_BINS,
      maxSizeBins: MAX_SIZE_BINS,
    },
    report,
  };
}
export type DatasetMetaView = ReturnType<typeof datasetMeta>;
