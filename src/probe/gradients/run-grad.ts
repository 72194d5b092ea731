import { DataError } from "../../errors.ts";
import type { LoadModelOptions } from "../model/model.ts";
import { loadModel } from "../model/model.ts";
import { loadTokenizer, startsWithBos } from "../tokenizer.ts";
import { type LayerGradientResult, layerGradients } from "./layer-gradients.ts";
import { readGradientSamples, tokenizeSample } from "./samples.ts";

export interface ModelGradientParams {
  model: string;
  /** "arc_challenge", "truthfulqa", or a JSON Lines file of {prompt, response}. */
  task: string;
  /** Use the first N samples (default 100). */
  limit?: number;
  accumulate?: boolean;
  /** Override whether each prompt starts with BOS (default: as `tokenizer(prompt)` does). */
  bos?: boolean;
  benchmarksDir?: string;
  load?: LoadModelOptions;
  onProgress?: (done: number, total: number) => void;
}

export interface ModelGradients extends LayerGradientResult {
  model: string;
  task: string;
  /** Samples dropped because tokenization left no response token. */
  skipped: number;
  /** Whether every prompt starts with BOS, and its id (null when the tokenizer has none). */
  bos: boolean;
  bosId: number | null;
  /** Each sample's token ids as the model saw them, and where its response starts. */
  ids: { ids: number[]; responseStart: number }[];
}

export const DEFAULT_GRADIENT_LIMIT = 100;

/** `strata probe grad`: layer-wise gradient nuclear norms of MODEL on a task's prompt/response pairs. */
export async function modelLayerGradients(p: ModelGradientParams): Promise<ModelGradients> {
  const texts = readGradientSamples(p.task, p.benchmarksDir).slice(0, p.limit ?? DEFAULT_GRADIENT_LIMIT);
  const model = loadModel(p.model, p.load);
  const tok = await loadTokenizer(p.model);
  const samples = texts
    .map((t) => tokenizeSample(tok, t, { special: true, bos: p.bos }))
    .filter((s) => s !== null);
  if (samples.length === 0)
    throw new DataError(`${p.task}: no usable samples (each needs prompt and response tokens)`);
  const r = layerGradients(model, samples, { accumulate: p.accumulate ?? true, onProgress: p.onProgress });
  return {
    model: p.model,
    task: p.task,
    skipped: texts.length - samples.length,
    bos: samples.every((s) => startsWithBos(tok, s.ids)),
    bosId: tok.bosId ?? null,
    ids: samples.map((s) => ({ ids: Array.from(s.ids), responseStart: s.responseStart })),
    ...r,
  };
}
