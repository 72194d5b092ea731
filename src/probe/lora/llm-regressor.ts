import { readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { V1_BENCHMARKS, type V1Benchmark } from "../../contracts/index.ts";
import { DEMO_MODEL_DIR } from "../demo-model.ts";
import { ModelError } from "../errors.ts";
import { generate } from "../generate/generate.ts";
import { loadModel, type Model } from "../model/model.ts";
import type { Backend } from "../tensor/backend.ts";
import type { BackendChoice } from "../tensor/index.ts";
import { loadTokenizer } from "../tokenizer.ts";
import type { LoraAdapters } from "./adapters.ts";
import { encodeExample, encodePrompt, type FramedTokenizer, framed } from "./encode.ts";
import { mergeLora } from "./merge.ts";
import { loadAdapters, readPeftConfig, saveAdapters } from "./peft.ts";
import { formatAnswer, formatPrompt, type PromptField, parseAnswer, type Scores } from "./text-format.ts";
import { type LoraTrainOptions, type LoraTrainProgress, trainLora } from "./train.ts";

/** Strata's own file beside PEFT's: what `strata predict --llm-adapter` needs besides the weights. */
export const STRATA_LLM_FILE = "strata-llm.json";

/** Longest answer generated when nothing else says (the six scores take ~80 tokens with stories260K's tokenizer). */
export const LLM_MAX_ANSWER_TOKENS = 128;

/** Generation may run this many tokens past the longest training answer before it is cut. */
const ANSWER_SLACK_TOKENS = 8;

export interface LlmExample {
  fields: PromptField[];
  scores: Scores;
}

export interface LlmRegressorOptions extends Omit<LoraTrainOptions, "adapters" | "onProgress"> {
  /** Base model folder (default: the bundled stories260K). */
  modelDir?: string;
  backend?: Backend | BackendChoice;
  maxNewTokens?: number;
  onProgress?: (p: LoraTrainProgress) => void;
}

/** One predicted structure: the six scores (training means where the answer did not say), and the raw text. */
export interface LlmPrediction {
  scores: Scores;
  text: string;
  /** Benchmarks the generated text gave no readable number for (their score is the training mean). */
  unparsed: V1Benchmark[];
}

/** A fitted LLM regressor: base model + adapters, and the training means that stand in for unreadable answers. */
export class LlmRegressor {
  private merged: Model | null = null;

  constructor(
    readonly model: Model,
    readonly tokens: FramedTokenizer,
    readonly adapters: LoraAdapters,
    readonly means: Scores,
    readonly features: string[],
    readonly maxNewTokens = LLM_MAX_ANSWER_TOKENS,
    readonly losses: number[] = [],
  ) {}

  /** Greedy answer for one structure, parsed into six numbers. */
  predict(fields: readonly PromptField[]): LlmPrediction {
    // Generation runs the merged weights (same logits as the adapter path) with probe's KV cache.
    this.merged ??= mergeLora(this.model, this.adapters);
    const prompt = encodePrompt(this.tokens, formatPrompt(fields));
    const g = generate(this.merged, this.tokens.tokenizer, prompt, {
      maxTokens: this.maxNewTokens,
      stop: ["\n"],
      ...(this.tokens.eos === null ? {} : { stopIds: [this.tokens.eos] }),
    });
    return answerScores(g.text, this.means);
  }

  /** PEFT's two files plus strata-llm.json (base model, features, training means). */
  save(dir: string): void {
    saveAdapters(dir, this.adapters, this.model.dir);
    const meta = {
      format: 1,
      base_model: this.model.dir,
      features: this.features,
      means: this.means,
      max_new_tokens: this.maxNewTokens,
    };
    writeFileSync(join(dir, STRATA_LLM_FILE), `${JSON.stringify(meta, null, 2)}\n`);
  }
}

/** Six scores from generated text: each unreadable one is the training mean, and named in `unparsed`. */
export function answerScores(text: string, means: Scores): LlmPrediction {
  const parsed = parseAnswer(text);
  const scores = {} as Scores;
  for (const b of V1_BENCHMARKS) scores[b] = parsed.scores[b] ?? means[b];
  return { scores, text, unparsed: parsed.missing };
}

async function framedTokenizer(dir: string): Promise<FramedTokenizer> {
  return framed(await loadTokenizer(dir));
}

function meanScores(examples: readonly LlmExample[]): Scores {
  const means = {} as Scores;
  for (const b of V1_BENCHMARKS) means[b] = examples.reduce((s, e) => s + e.scores[b], 0) / examples.length;
  return means;
}

/** Fine-tunes LoRA adapters of the base model on the examples in the study's text format. */
export async function fitLlmRegressor(
  examples: readonly LlmExample[],
  opts: LlmRegressorOptions,
): Promise<LlmRegressor> {
  if (examples.length === 0) throw new ModelError("the LLM regressor needs at least one training example");
  const dir = resolve(opts.modelDir ?? DEMO_MODEL_DIR);
  const model = loadModel(dir, opts.backend === undefined ? {} : { backend: opts.backend });
  const tokens = await framedTokenizer(dir);
  const data = examples.map((e) => encodeExample(tokens, formatPrompt(e.fields), formatAnswer(e.scores)));
  const { modelDir: _m, backend: _b, maxNewTokens, ...train } = opts;
  const res = await trainLora(model, data, train);
  // An answer never needs more tokens than the longest one it was taught (plus a little).
  const longest = data.reduce((m, q) => Math.max(m, q.ids.length - q.answerStart), 0);
  const features = examples[0]?.fields.map((f) => f.name) ?? [];
  return new LlmRegressor(
    model,
    tokens,
    res.adapters,
    meanScores(examples),
    features,
    maxNewTokens ?? longest + ANSWER_SLACK_TOKENS,
    res.losses,
  );
}

/** Loads a regressor saved by LlmRegressor.save (or PEFT adapters with Strata's strata-llm.json beside them). */
export async function loadLlmRegressor(
  adapterDir: string,
  opts: { modelDir?: string; backend?: Backend | BackendChoice } = {},
): Promise<LlmRegressor> {
  const metaFile = join(adapterDir, STRATA_LLM_FILE);
  let meta: {
    base_model?: unknown;
    features?: unknown;
    means?: Record<string, unknown>;
    max_new_tokens?: unknown;
  };
  try {
    meta = JSON.parse(readFileSync(metaFile, "utf8"));
  } catch (err) {
    throw new ModelError(
      `${metaFile}: cannot read (written by strata regress --save-adapter): ${(err as Error).message}`,
      metaFile,
    );
  }
  const means = {} as Scores;
  for (const b of V1_BENCHMARKS) {
    const v = meta.means?.[b];
    if (typeof v !== "number")
      throw new ModelError(`${metaFile}: means.${b} is missing`, metaFile, `means.${b}`);
    means[b] = v;
  }
  const features = Array.isArray(meta.features) ? meta.features.map(String) : [];
  const peftBase = readPeftConfig(adapterDir).baseModel;
  const base = opts.modelDir ?? (typeof meta.base_model === "string" ? meta.base_model : peftBase);
  if (!base) throw new ModelError(`${adapterDir}: no base model named; pass --llm-model DIR`, adapterDir);
  const dir = isAbsolute(base) ? base : resolve(adapterDir, base);
  const model = loadModel(dir, opts.backend === undefined ? {} : { backend: opts.backend });
  const adapters = loadAdapters(adapterDir, model.config);
  const maxNew = typeof meta.max_new_tokens === "number" ? meta.max_new_tokens : LLM_MAX_ANSWER_TOKENS;
  return new LlmRegressor(model, await framedTokenizer(dir), adapters, means, features, maxNew);
}
