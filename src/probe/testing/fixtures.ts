import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RandomCheckpointSpec, writeRandomCheckpoint } from "../model/random-checkpoint.ts";

/** Qwen2-0.5B's shape (24 layers, d 896, FFN 4864, 14 heads, 2 KV heads, 151,936 tokens, tied), BF16: the benches' model. */
export const QWEN2_05B_SPEC: RandomCheckpointSpec = {
  family: "qwen2",
  layers: 24,
  dModel: 896,
  dFfn: 4864,
  heads: 14,
  kvHeads: 2,
  vocabSize: 151936,
  tied: true,
  dtype: "BF16",
  ropeTheta: 1000000,
  seed: 7,
};

/** Tiny checkpoints covering every family and storage variant the loader supports. */
export const TINY_SPECS: Record<string, RandomCheckpointSpec> = {
  "llama-f32-single-untied": {
    family: "llama",
    layers: 3,
    dModel: 32,
    dFfn: 48,
    heads: 4,
    kvHeads: 4,
    vocabSize: 50,
    seed: 11,
  },
  "mistral-bf16-sharded-gqa": {
    family: "mistral",
    layers: 3,
    dModel: 32,
    dFfn: 40,
    heads: 4,
    kvHeads: 2,
    vocabSize: 60,
    dtype: "BF16",
    shards: 3,
    seed: 12,
  },
  "qwen2-f32-tied-bias-gqa": {
    family: "qwen2",
    layers: 4,
    dModel: 48,
    dFfn: 64,
    heads: 6,
    kvHeads: 2,
    vocabSize: 70,
    tied: true,
    seed: 13,
    ropeTheta: 1000000,
  },
  "qwen2-f16-sharded-untied": {
    family: "qwen2",
    layers: 2,
    dModel: 32,
    dFfn: 48,
    heads: 4,
    kvHeads: 1,
    vocabSize: 40,
    dtype: "F16",
    shards: 2,
    seed: 14,
  },
};

/** Writes every tiny checkpoint into one temp dir; call cleanup() after the tests. */
export function writeTinyCheckpoints(): { dirs: Record<string, string>; root: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), "strata-probe-"));
  const dirs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(TINY_SPECS)) {
    dirs[name] = join(root, name);
    writeRandomCheckpoint(dirs[name], spec);
  }
  return { dirs, root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Deterministic token ids in [0, vocab). */
export function tokenIds(n: number, vocab: number, seed = 3): Int32Array {
  const out = new Int32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s % vocab;
  }
  return out;
}

/**
 * A WordLevel tokenizer.json whose vocabulary is the first vocabSize-1 distinct lower-case words of
 * `text` plus [UNK], so CLI paths that need a tokenizer can run on tiny random checkpoints.
 */
export function writeWordLevelTokenizer(dir: string, vocabSize: number, text: string): void {
  const vocab: Record<string, number> = { "[UNK]": 0 };
  let next = 1;
  for (const w of text.match(/\w+|[^\w\s]+/g) ?? []) {
    if (next >= vocabSize) break;
    if (!(w in vocab)) vocab[w] = next++;
  }
  const tok = {
    version: "1.0",
    added_tokens: [
      {
        id: 0,
        content: "[UNK]",
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      },
    ],
    normalizer: null,
    pre_tokenizer: { type: "Whitespace" },
    post_processor: null,
    decoder: null,
    model: { type: "WordLevel", vocab, unk_token: "[UNK]" },
  };
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tok));
  writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify({ unk_token: "[UNK]" }));
}
