import { readFileSync } from "node:fs";
import { ModelError } from "../errors.ts";
import type { LoadModelOptions } from "../model/model.ts";
import { loadModel } from "../model/model.ts";
import { loadTokenizer } from "../tokenizer.ts";
import {
  type BlockInfluenceResult,
  blockInfluence,
  calibrationSequences,
  DEFAULT_BI_SEQUENCE_LENGTH,
  DEFAULT_BI_TOKENS,
} from "./block-influence.ts";
import { DEFAULT_CALIBRATION_TEXT } from "./calibration-text.ts";

export interface ModelBlockInfluenceParams {
  model: string;
  /** Calibration text file (default: Strata's bundled neutral prose). */
  textFile?: string;
  tokens?: number;
  sequenceLength?: number;
  load?: LoadModelOptions;
  onProgress?: (done: number, total: number) => void;
}

export interface ModelBlockInfluence extends BlockInfluenceResult {
  model: string;
  modelType: string;
  textSource: string;
}

/** Loads MODEL and its tokenizer, tokenizes the calibration text and computes Block Influence per layer. */
export async function modelBlockInfluence(params: ModelBlockInfluenceParams): Promise<ModelBlockInfluence> {
  const model = loadModel(params.model, params.load);
  const tokenizer = await loadTokenizer(params.model);
  let text = DEFAULT_CALIBRATION_TEXT;
  if (params.textFile) {
    try {
      text = readFileSync(params.textFile, "utf8");
    } catch (err) {
      throw new ModelError(
        `${params.textFile}: cannot read calibration text: ${(err as Error).message}`,
        params.textFile,
      );
    }
  }
  const seqs = calibrationSequences(
    tokenizer,
    text,
    params.tokens ?? DEFAULT_BI_TOKENS,
    Math.min(
      params.sequenceLength ?? DEFAULT_BI_SEQUENCE_LENGTH,
      model.config.slidingWindow ?? Number.POSITIVE_INFINITY,
    ),
  );
  const r = blockInfluence(model, seqs, { onProgress: params.onProgress });
  return {
    model: params.model,
    modelType: model.config.family,
    textSource: params.textFile ?? "bundled calibration text",
    ...r,
  };
}
