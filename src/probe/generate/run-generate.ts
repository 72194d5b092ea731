import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError } from "../errors.ts";
import type { TextTokenizer } from "../lm.ts";
import { type LoadModelOptions, loadModel } from "../model/model.ts";
import { encodeText, loadTokenizer } from "../tokenizer.ts";
import { type GenerateOptions, type Generation, generate } from "./generate.ts";

export interface ModelGenerateParams extends Omit<GenerateOptions, "stopIds" | "detokenize"> {
  /** Model folder (config.json, safetensors, tokenizer.json). */
  model: string;
  prompt: string;
  /** Override whether the prompt starts with BOS (default: as `tokenizer(prompt)` does). */
  bos?: boolean;
  load?: LoadModelOptions;
}

export interface ModelGeneration extends Generation {
  model: string;
  prompt: string;
  /** Whether the prompt ids start with BOS. */
  bos: boolean;
  /** The token ids that would have ended generation. */
  stopIds: number[];
  /** Prompt text followed by the new text. */
  fullText: string;
}

/** `strata probe generate`: the prompt tokenized as `tokenizer(text)` does, then cached generation. */
export async function modelGenerate(p: ModelGenerateParams): Promise<ModelGeneration> {
  const model = loadModel(p.model, p.load);
  const tok = await loadTokenizer(p.model);
  const prompt = encodeText(tok, p.prompt, { special: true, bos: p.bos });
  if (prompt.length === 0) {
    throw new ModelError("the prompt is empty and the tokenizer adds no BOS: give a prompt or --bos");
  }
  const stopIds = stopTokens(p.model, tok);
  const { load: _l, model: _m, prompt: _p, bos: _b, ...opts } = p;
  const g = generate(model, tok, prompt, { ...opts, stopIds });
  return {
    model: p.model,
    prompt: p.prompt,
    bos: tok.bosId !== null && tok.bosId !== undefined && prompt[0] === tok.bosId,
    stopIds,
    fullText: p.prompt + g.text,
    ...g,
  };
}

/**
 * Tokens that end generation: the EOS ids of generation_config.json (else config.json, else the
 * tokenizer's eos_token), and BOS when the tokenizer starts every text with it: such a model marks a new
 * document with BOS (stories260K was trained with BOS before every story and no EOS).
 */
export function stopTokens(dir: string, tok: TextTokenizer): number[] {
  const ids = new Set<number>();
  const fromFile = (file: string): boolean => {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch {
      return false;
    }
    const eos = (raw as { eos_token_id?: unknown }).eos_token_id;
    const list = Array.isArray(eos) ? eos : [eos];
    for (const e of list) if (Number.isSafeInteger(e)) ids.add(e as number);
    return ids.size > 0;
  };
  if (!fromFile("generation_config.json") && !fromFile("config.json") && tok.eosId !== null)
    ids.add(tok.eosId);
  const bos = tok.bosId ?? null;
  if (bos !== null && tok.special?.before.includes(bos)) ids.add(bos);
  return [...ids].sort((a, b) => a - b);
}
