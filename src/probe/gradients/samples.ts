import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataError } from "../../errors.ts";
import type { TextTokenizer } from "../lm.ts";
import { type TokenizeOptions, withBos } from "../tokenizer.ts";
import type { GradientSample } from "./layer-gradients.ts";

/** The benchmark samples shipped with Strata (copied from nutcracker-db; see data/benchmarks/NOTICE.md). */
export const DEFAULT_BENCHMARKS_DIR = fileURLToPath(new URL("../../../data/benchmarks/", import.meta.url));

/** Longest prompt+response accepted (tokens); longer samples are cut from the prompt's start. */
export const MAX_SAMPLE_TOKENS = 1024;

export const GRADIENT_TASKS = ["arc_challenge", "truthfulqa"] as const;
export type GradientTask = (typeof GRADIENT_TASKS)[number];

export interface TextSample {
  prompt: string;
  response: string;
}

/**
 * Prompt/response pairs: ARC-Challenge "Question: q\nAnswer:" + " correct answer"; TruthfulQA the same
 * template with the best (correct) answer; or a JSON Lines file of {prompt, response}.
 */
export function readGradientSamples(task: string, benchmarksDir = DEFAULT_BENCHMARKS_DIR): TextSample[] {
  if (task === "arc_challenge" || task === "truthfulqa") {
    const file = join(
      benchmarksDir,
      task === "arc_challenge" ? "arc-challenge/test.json" : "truthfulqa-mc1/test.json",
    );
    return readJsonLines(file).map((row, i) => {
      const q = row.centerpiece;
      const answers = row.correct_options_literal;
      if (typeof q !== "string" || !Array.isArray(answers) || typeof answers[0] !== "string") {
        throw new DataError(
          `${file}:${i + 1}: expected centerpiece and correct_options_literal`,
          file,
          i + 1,
        );
      }
      return { prompt: `Question: ${q}\nAnswer:`, response: ` ${answers[0]}` };
    });
  }
  const file = task;
  return readJsonLines(file).map((row, i) => {
    if (typeof row.prompt !== "string" || typeof row.response !== "string" || row.response.length === 0) {
      throw new DataError(
        `${file}:${i + 1}: each line must be {"prompt": string, "response": non-empty string}`,
        file,
        i + 1,
      );
    }
    return { prompt: row.prompt, response: row.response };
  });
}

function readJsonLines(file: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new DataError(`${file}: cannot read: ${(err as Error).message}`, file);
  }
  const out: Record<string, unknown>[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const v = JSON.parse(line);
      if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
      out.push(v);
    } catch (err) {
      throw new DataError(`${file}:${i + 1}: invalid JSON line: ${(err as Error).message}`, file, i + 1);
    }
  });
  return out;
}

/**
 * Tokenizes prompt and prompt+response together and splits where the prompt's tokens stop matching,
 * so the response's first token is the one the model really predicts. The prompt gets the tokenizer's
 * leading special tokens (`tokenizer(prompt)`: BOS for Llama) and the response no trailing ones (no
 * EOS), as training-style samples are built; `opts` can turn them off or override BOS.
 */
export function tokenizeSample(
  tok: TextTokenizer,
  s: TextSample,
  opts: TokenizeOptions = { special: true },
): GradientSample | null {
  const before = opts.special ? (tok.special?.before ?? []) : [];
  const plainFull = tok.encode(s.prompt + s.response);
  const plainPrompt = tok.encode(s.prompt);
  let common = 0;
  while (
    common < plainPrompt.length &&
    common < plainFull.length &&
    plainPrompt[common] === plainFull[common]
  ) {
    common++;
  }
  if (common === 0 || common >= plainFull.length) return null;
  const full = withBos(tok, Int32Array.from([...before, ...plainFull]), opts.bos);
  const start = common + (full.length - plainFull.length);
  if (full.length > MAX_SAMPLE_TOKENS) {
    const cut = full.length - MAX_SAMPLE_TOKENS;
    if (cut >= start) return null;
    return { ids: full.slice(cut), responseStart: start - cut };
  }
  return { ids: full, responseStart: start };
}
