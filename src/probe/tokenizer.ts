import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { StrataError } from "../contracts/index.ts";
import type { TextTokenizer } from "./lm.ts";

/** A tokenizer.json / tokenizer_config.json that cannot be read or used. */
export class TokenizerError extends StrataError {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

/**
 * Loads `dir/tokenizer.json` (and `dir/tokenizer_config.json` when present, for the eos token) with
 * @huggingface/tokenizers. `encode` never adds special tokens: the Open LLM Leaderboard v1 evaluated
 * without a BOS token.
 */
export async function loadTokenizer(dir: string): Promise<TextTokenizer> {
  const tokPath = join(dir, "tokenizer.json");
  const cfgPath = join(dir, "tokenizer_config.json");
  const tokJson = await readJson(tokPath, true);
  if (tokJson === null) throw new TokenizerError(`${tokPath}: file not found`, tokPath);
  const cfgJson = (await readJson(cfgPath, false)) ?? {};
  return tokenizerFromJson(tokJson, cfgJson, tokPath);
}

/** Builds a TextTokenizer from already-parsed tokenizer.json and tokenizer_config.json objects. */
export function tokenizerFromJson(tokJson: Json, cfgJson: Json, source = "tokenizer.json"): TextTokenizer {
  let tok: Tokenizer;
  try {
    // tokenizer.json files written by older `tokenizers` versions omit empty stages; the JS port wants
    // each key present (null is fine).
    const full: Json = {
      normalizer: null,
      pre_tokenizer: null,
      post_processor: null,
      decoder: null,
      ...tokJson,
    };
    tok = new Tokenizer(full, cfgJson);
  } catch (err) {
    throw new TokenizerError(`${source}: cannot build the tokenizer: ${(err as Error).message}`, source);
  }
  const eosName = tokenName(cfgJson.eos_token);
  const eosId = eosName === null ? null : (tok.token_to_id(eosName) ?? null);
  return {
    eosId,
    encode(text: string): Int32Array {
      return Int32Array.from(tok.encode(text, { add_special_tokens: false }).ids);
    },
    decode(ids: ArrayLike<number>): string {
      return tok.decode(Array.from(ids), { skip_special_tokens: false });
    },
  };
}

/** tokenizer_config.json writes special tokens either as a string or as {"content": "..."}. */
function tokenName(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (v !== null && typeof v === "object" && typeof (v as Json).content === "string") {
    return (v as Json).content as string;
  }
  return null;
}

async function readJson(path: string, required: boolean): Promise<Json | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      if (required) return null;
      return null;
    }
    throw new TokenizerError(`${path}: cannot read: ${(err as Error).message}`, path);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      throw new Error("not a JSON object");
    }
    return v as Json;
  } catch (err) {
    throw new TokenizerError(`${path}: invalid JSON: ${(err as Error).message}`, path);
  }
}
