import type { ModelRecord } from "../dataset/record.ts";
import { MlError } from "./errors.ts";
import type { PredictScoresOptions, ScorePredictions, ScoreQuery } from "./types.ts";

/** Six predicted scores with split-conformal intervals, and the nearest known models. */
export async function predictScores(
  _query: ScoreQuery,
  _records: readonly ModelRecord[],
  _opts: PredictScoresOptions = {},
): Promise<ScorePredictions> {
  throw new MlError("predictScores is not implemented yet");
}
