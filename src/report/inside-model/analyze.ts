import { lowestBiLayers } from "../../probe/bi/block-influence.ts";
import { modelBlockInfluence } from "../../probe/bi/run-bi.ts";
import { DEMO_MODEL_DIR } from "../../probe/demo-model.ts";
import { DEMO_HELDOUT_STORIES } from "../../probe/demo-text.ts";
import { modelLayerGradients } from "../../probe/gradients/run-grad.ts";
import { MATRIX_NAMES, type MatrixName } from "../../probe/model/backward.ts";
import { languageModelLoss } from "../../probe/model/loss.ts";
import { loadModel } from "../../probe/model/model.ts";
import { readSavedProbeResults } from "../../probe/save.ts";
import { encodeText, loadTokenizer } from "../../probe/tokenizer.ts";

/** Gradient samples per task for the section (the study used whole datasets; this is a glimpse). */
export const INSIDE_GRADIENT_SAMPLES = 20;
/** Above this many parameters the section measures less: 4 gradient samples, BI over 512 tokens. */
export const LARGE_MODEL_PARAMS = 1e9;
/** Remove every layer in turn (one extra loss pass each) only for models up to this many parameters. */
export const PER_LAYER_REMOVAL_MAX_PARAMS = 200e6;

export interface InsideModelOptions {
  /** Model folder (default: the bundled stories260K). */
  model?: string;
  /** Dataset folder whose saved probe results (`strata probe ... --save`) are listed. */
  dataDir?: string;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** What the report's "Inside a model" section shows. Written into report.json as `insideModel`. */
export interface InsideModelData {
  model: string;
  bundled: boolean;
  family: string;
  layers: number;
  parameters: number;
  bi: { layers: number[]; bi: number[]; angular: number[]; tokens: number; bos: boolean };
  prune: {
    /** The lowest-BI layer, removed. */
    removed: number;
    /** Mean next-token loss (nats) of the held-out stories with every layer, and without `removed`. */
    lossBefore: number;
    lossAfter: number;
    tokens: number;
    /** The loss without each layer in turn (null for models over PER_LAYER_REMOVAL_MAX_PARAMS). */
    perLayer: { layer: number; loss: number }[] | null;
  };
  gradients: { task: string; samples: number; layers: number[]; nuclearMean: Record<MatrixName, number[]> }[];
  /** Probe results saved into the dataset folder, newest kinds first per model. */
  saved: { model: string; kind: string; file: string; summary: string }[];
  seconds: number;
}

/**
 * Block Influence per layer on the bundled calibration text, the held-out loss with and without the
 * lowest-BI layer (and without each layer, for small models), and per-layer gradient nuclear norms on
 * ARC-Challenge and TruthfulQA, all tokenized as the model's tokenizer does (BOS for Llama).
 */
export async function analyzeInsideModel(opts: InsideModelOptions = {}): Promise<InsideModelData> {
  const t0 = performance.now();
  const dir = opts.model ?? DEMO_MODEL_DIR;
  const progress = opts.onProgress ?? (() => {});
  const full = loadModel(dir);
  const parameters = full.weights.f32Bytes() / 4;
  const large = parameters > LARGE_MODEL_PARAMS;
  const bi = await modelBlockInfluence({
    model: dir,
    tokens: large ? 512 : undefined,
    onProgress: (d, t) => progress("inside: block influence", d, t),
  });
  const removed = lowestBiLayers(bi, 1)[0] as number;
  const tok = await loadTokenizer(dir);
  const context = Math.min(512, full.config.slidingWindow ?? 512);
  const sequences = DEMO_HELDOUT_STORIES.map((s) =>
    encodeText(tok, s, { special: true }).subarray(0, context),
  );
  const lossWithout = (skip: number[]) => languageModelLoss(loadModel(dir, { skipLayers: skip }), sequences);
  const before = languageModelLoss(full, sequences);
  let perLayer: { layer: number; loss: number }[] | null = null;
  if (parameters <= PER_LAYER_REMOVAL_MAX_PARAMS) {
    perLayer = full.activeLayers.map((layer, k) => {
      progress("inside: pruning", k + 1, full.activeLayers.length);
      return { layer, loss: lossWithout([layer]).loss };
    });
  }
  const after = perLayer?.find((p) => p.layer === removed)?.loss ?? lossWithout([removed]).loss;
  const gradients: InsideModelData["gradients"] = [];
  for (const task of ["arc_challenge", "truthfulqa"]) {
    const g = await modelLayerGradients({
      model: dir,
      task,
      limit: large ? 4 : INSIDE_GRADIENT_SAMPLES,
      accumulate: false,
      onProgress: (d, t) => progress(`inside: gradients ${task}`, d, t),
    });
    const nuclearMean = Object.fromEntries(MATRIX_NAMES.map((m) => [m, g.nuclearMean[m]])) as Record<
      MatrixName,
      number[]
    >;
    gradients.push({ task, samples: g.samples, layers: g.layers, nuclearMean });
  }
  const saved =
    opts.dataDir === undefined
      ? []
      : readSavedProbeResults(opts.dataDir).map((s) => ({
          model: s.model,
          kind: s.kind,
          file: s.json,
          summary: summarize(s.kind, s.value),
        }));
  return {
    model: dir,
    bundled: dir === DEMO_MODEL_DIR,
    family: full.config.family,
    layers: full.config.layers,
    parameters,
    bi: { layers: bi.layers, bi: bi.bi, angular: bi.angular, tokens: bi.tokens, bos: bi.bos },
    prune: { removed, lossBefore: before.loss, lossAfter: after, tokens: before.tokens, perLayer },
    gradients,
    saved,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** One line about a saved result, read defensively (the file may come from another version). */
function summarize(kind: string, value: unknown): string {
  const v = (value ?? {}) as Record<string, unknown>;
  const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);
  if (kind === "bi" && Array.isArray(v.bi) && Array.isArray(v.layers)) {
    const bi = v.bi.map(num);
    const layers = v.layers as unknown[];
    let low = 0;
    for (let i = 1; i < bi.length; i++)
      if ((bi[i] ?? Number.POSITIVE_INFINITY) < (bi[low] ?? Number.POSITIVE_INFINITY)) low = i;
    return `Block Influence of ${bi.length} layers over ${num(v.tokens) ?? "?"} tokens; lowest: layer ${String(layers[low])} (${bi[low]?.toFixed(4) ?? "?"})`;
  }
  if (kind === "grad")
    return `gradient nuclear norms of ${num(v.samples) ?? "?"} samples of ${String(v.task ?? "?")}, mean loss ${num(v.meanLoss)?.toFixed(4) ?? "?"}`;
  if (kind === "eval" && Array.isArray(v.models)) {
    const first = v.models[0] as { results?: { task?: string; score?: number }[] } | undefined;
    return (first?.results ?? [])
      .map((r) => `${r.task}: ${num(r.score) === null ? "?" : (100 * (r.score as number)).toFixed(2)}%`)
      .join(", ");
  }
  return kind;
}
