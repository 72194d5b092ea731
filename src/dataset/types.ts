import type { ImportWarning, V2ScoreRow } from "../leaderboard/types.ts";
import type { ModelRecord } from "./record.ts";

/** Everything one build produces: what `saveDataset` writes and `loadDataset` reads back. */
export interface Dataset {
  records: ModelRecord[];
  v2: V2ScoreRow[];
  warnings: ImportWarning[];
  meta: DatasetMeta;
}

export interface DatasetMeta {
  /** ISO timestamp of the build. */
  builtAt: string;
  /** What the rows came from, e.g. "open_llm_leaderboard_v1.csv + open_llm_leaderboard_v2.csv". */
  source: string;
  counts?: Record<string, number>;
  /** Any other JSON-serializable facts about the build (kept as JSON in the meta table). */
  [k: string]: unknown;
}
