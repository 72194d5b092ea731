import { readFileSync } from "node:fs";
import { ModelError } from "../errors.ts";
import type { LoadModelOptions } from "../model/model.ts";
import { loadModel } from "../model/model.ts";
import { loadTokenizer, startsWithBos } from "../tokenizer.ts";
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
  /** Override whether each sequence starts with BOS (default: as `tokenizer(text)` does). */
  bos?: boolean;
  load?: LoadModelOptions;
  onProgress?: (done: number, total: number) => void;
}

export interface ModelBlockInfluence extends BlockInfluenceResult {
  model: string;
  modelType: string;
  textSource: string;
  /** Whether the sequences start with BOS, and its id (null when the tokenizer has none). */
  bos: boolean;
  bosId: number | null;
  /** The token ids of every calibration sequence, as the model saw them. */
  ids: number[][];
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
    { special: true, bos: params.bos },
  );
  const r = blockInfluence(model, seqs, { onProgress: params.onProgress });
  return {
    model: params.model,
    modelType: model.config.family,
    textSource: params.textFile ?? "bundled calibration text",
    bos: seqs.every((s) => startsWithBos(tokenizer, s)),
    bosId: tokenizer.bosId ?? null,
    ids: seqs.map((s) => Array.from(s)),
    ...r,
  };
}
