import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { StrataError } from "../errors.ts";
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
 * Loads `dir/tokenizer.json` (and `dir/tokenizer_config.json` when present, for the bos/eos tokens and
 * add_bos_token / add_eos_token) with @huggingface/tokenizers. `encode` never adds special tokens (the
 * Open LLM Leaderboard v1 evaluated without them); `special` says which ones `tokenizer(text)` adds, and
 * `encodeText` applies them.
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
  const idOf = (v: unknown): number | null => {
    const name = tokenName(v);
    return name === null ? null : (tok.token_to_id(name) ?? null);
  };
  const eosId = idOf(cfgJson.eos_token);
  const bosId = idOf(cfgJson.bos_token);
  const special = specialTokens(tok, cfgJson, bosId, eosId);
  return {
    eosId,
    bosId,
    special,
    encode(text: string): Int32Array {
      return Int32Array.from(tok.encode(text, { add_special_tokens: false }).ids);
    },
    decode(ids: ArrayLike<number>): string {
      return tok.decode(Array.from(ids), { skip_special_tokens: false });
    },
  };
}

/** A text the post-processor cannot merge with any special token, used to see what it adds around one. */
const PROBE_TEXT = "a";

/**
 * The special tokens `tokenizer(text)` adds around one text: what the post-processor puts before and
 * after the text's own ids, then tokenizer_config.json's add_bos_token / add_eos_token when set (as
 * transformers' Llama and Gemma fast tokenizers rebuild their post-processor from them).
 */
function specialTokens(
  tok: Tokenizer,
  cfg: Json,
  bosId: number | null,
  eosId: number | null,
): { before: number[]; after: number[] } {
  const plain: number[] = Array.from(tok.encode(PROBE_TEXT, { add_special_tokens: false }).ids);
  const full: number[] = Array.from(tok.encode(PROBE_TEXT, { add_special_tokens: true }).ids);
  let at = -1;
  for (let i = 0; i + plain.length <= full.length && at < 0; i++) {
    if (plain.every((id, j) => full[i + j] === id)) at = i;
  }
  let before = at < 0 ? [] : full.slice(0, at);
  let after = at < 0 ? [] : full.slice(at + plain.length);
  if (typeof cfg.add_bos_token === "boolean" && bosId !== null) {
    before = before.filter((id) => id !== bosId);
    if (cfg.add_bos_token) before = [bosId, ...before];
  }
  if (typeof cfg.add_eos_token === "boolean" && eosId !== null) {
    after = after.filter((id) => id !== eosId);
    if (cfg.add_eos_token) after = [...after, eosId];
  }
  return { before, after };
}

/**
 * How a probe command turns text into ids: `special` applies the tokenizer's own special tokens
 * (`tokenizer(text)`), and `bos` (when given) overrides whether the sequence starts with BOS.
 */
export interface TokenizeOptions {
  special: boolean;
  /** true: start with BOS (added if missing); false: never start with BOS. Undefined: as `special` gives. */
  bos?: boolean;
}

/** Ids of `text` under `opts`; fails when BOS is asked for and the tokenizer defines none. */
export function encodeText(tok: TextTokenizer, text: string, opts: TokenizeOptions): Int32Array {
  const before = opts.special ? (tok.special?.before ?? []) : [];
  const after = opts.special ? (tok.special?.after ?? []) : [];
  return withBos(tok, Int32Array.from([...before, ...tok.encode(text), ...after]), opts.bos);
}

/** Adds or removes a leading BOS as `bos` asks (unchanged when undefined). */
export function withBos(tok: TextTokenizer, ids: Int32Array, bos: boolean | undefined): Int32Array {
  if (bos === undefined) return ids;
  const bosId = tok.bosId ?? null;
  if (bosId === null) {
    if (!bos) return ids;
    throw new TokenizerError(
      "--bos: the tokenizer defines no BOS token (bos_token in tokenizer_config.json)",
    );
  }
  const starts = ids.length > 0 && ids[0] === bosId;
  if (bos && !starts) return Int32Array.from([bosId, ...ids]);
  if (!bos && starts) return ids.slice(1);
  return ids;
}

/** Whether `ids` start with the tokenizer's BOS. */
export function startsWithBos(tok: TextTokenizer, ids: ArrayLike<number>): boolean {
  return ids.length > 0 && tok.bosId !== undefined && tok.bosId !== null && ids[0] === tok.bosId;
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
