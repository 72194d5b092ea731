import { type SizeBinStat, scoreVsSize } from "../../analysis/index.ts";
import { type ModelRecord, V1_BENCHMARKS, type V1Benchmark } from "../../contracts/index.ts";
import { queryModelsOn } from "../../dataset/index.ts";
import { MAX_SIZE_BINS, MIN_SIZE_BINS } from "../limits.ts";
import { checkRegexes, readSelection, SELECTION_PARAMS, toModelSelection } from "../model-selection.ts";
import type { Store } from "../open-store.ts";
import { QueryParams } from "../query-params.ts";

export const SIZE_BIN_PARAMS = [...SELECTION_PARAMS, "target", "bins"] as const;

export interface SizeBins {
  target: V1Benchmark;
  bins: number;
  /** Selected models that entered the binning (scored, positive size, pretrained or fine-tuned). */
  models: number;
  stats: SizeBinStat[];
}

/**
 * GET /api/size-bins: the report's score-against-size view (analysis.scoreVsSize: equal-frequency bins of
 * params_b, median and IQR per bin, pretrained vs fine-tuned) over the selected models, with `bins` bins.
 */
export async function sizeBins(store: Store, sp: URLSearchParams): Promise<SizeBins> {
  const p = new QueryParams(sp, SIZE_BIN_PARAMS);
  const target = p.oneOf("target", V1_BENCHMARKS, "mmlu");
  const bins = p.int("bins", MIN_SIZE_BINS, MAX_SIZE_BINS, 10);
  const parts = readSelection(p);
  await checkRegexes(store, parts);
  const ids = await store.withConnection((conn) =>
    queryModelsOn(conn, { ...toModelSelection(parts), columns: ["id"] }),
  );
  const records = ids.rows
    .map((r) => store.byId.get(r.id as string))
    .filter((r): r is ModelRecord => r !== undefined);
  const stats = scoreVsSize(records, target, bins);
  return { target, bins, models: stats.reduce((s, b) => s + b.n, 0), stats };
}
