import type { V1Benchmark } from "../contracts/index.ts";
import { loadLlmRegressor, type Scores } from "../probe/index.ts";

export interface LlmScorePrediction {
  /** The adapter folder and the base model it was applied to. */
  adapter: string;
  base: string;
  scores: Scores;
  /** The generated answer, as the model wrote it. */
  text: string;
  /** Scores the answer gave no readable number for: their value is the training mean. */
  unparsed: V1Benchmark[];
}

/**
 * The six scores a saved LLM regressor (`strata regress --save-adapter DIR`) writes for a query, from
 * the same feature values the forests use (predictScores' `features`), in the order it was trained on.
 */
export async function predictScoresLlm(
  adapterDir: string,
  features: Readonly<Record<string, number>>,
  opts: { modelDir?: string } = {},
): Promise<LlmScorePrediction> {
  const reg = await loadLlmRegressor(
    adapterDir,
    opts.modelDir === undefined ? {} : { modelDir: opts.modelDir },
  );
  const names = reg.features.length ? reg.features : Object.keys(features);
  const p = reg.predict(names.map((name) => ({ name, value: features[name] ?? Number.NaN })));
  return { adapter: adapterDir, base: reg.model.dir, ...p };
}
