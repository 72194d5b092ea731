import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_MODEL_DIR } from "../demo-model.ts";
import { PyRandom } from "../eval/py-random.ts";
import type { IncrementalLM, TextTokenizer } from "../lm.ts";
import { loadModel, type Model } from "../model/model.ts";
import { encodeText, loadTokenizer } from "../tokenizer.ts";
import { generate } from "./generate.ts";
import { modelGenerate, stopTokens } from "./run-generate.ts";
import { pickToken } from "./sample.ts";

const SAMPLE = readFileSync(new URL("./fixtures/stories260K-greedy.txt", import.meta.url), "utf8").trimEnd();

describe("generation on the bundled stories260K", () => {
  let model: Model;
  let tok: TextTokenizer;
  beforeAll(async () => {
    model = loadModel(DEMO_MODEL_DIR);
    tok = await loadTokenizer(DEMO_MODEL_DIR);
  });

  it("greedy from BOS + 'Once upon a time' is llama2.c's published sample, token for token (first 64)", () => {
    const prompt = encodeText(tok, "Once upon a time", { special: true });
    expect(Array.from(prompt)).toEqual([1, 403, 407, 261, 378]);
    const want = Array.from(tok.encode(SAMPLE)).slice(0, 64);
    const g = generate(model, tok, prompt, { maxTokens: 64 - 4 });
    expect([...prompt.slice(1), ...g.ids]).toEqual(want);
    expect(`Once upon a time${g.text}`).toBe(tok.decode(want));
    expect(SAMPLE.startsWith(`Once upon a time${g.text}`)).toBe(true);
  });

  it("the whole published sample (256 tokens) comes out of the library entry point", async () => {
    const g = await modelGenerate({ model: DEMO_MODEL_DIR, prompt: "Once upon a time", maxTokens: 252 });
    expect(g.bos).toBe(true);
    expect([...g.promptIds.slice(1), ...g.ids]).toEqual(Array.from(tok.encode(SAMPLE)));
    expect(g.fullText).toBe(SAMPLE);
  });

  it("stops at BOS (its story separator) and EOS, and at a stop string, cutting the text before it", () => {
    expect(stopTokens(DEMO_MODEL_DIR, tok)).toEqual([1, 2]);
    const g = generate(model, tok, encodeText(tok, "Once upon a time", { special: true }), {
      stop: ["Lily"],
      stopIds: [1, 2],
    });
    expect(g.stoppedBy).toBe("stop-string");
    expect(g.stop).toBe("Lily");
    expect(g.text).toBe(", there was a little girl named ");
  });

  it("without BOS the continuation differs (the model was trained with it)", () => {
    const withBos = generate(model, tok, encodeText(tok, "Once upon a time", { special: true }), {
      maxTokens: 40,
    });
    const noBos = generate(model, tok, encodeText(tok, "Once upon a time", { special: true, bos: false }), {
      maxTokens: 40,
    });
    expect(noBos.promptIds[0]).not.toBe(1);
    expect(noBos.ids).not.toEqual(withBos.ids);
  });

  it("sampling with a seed repeats, and another seed differs", () => {
    const prompt = encodeText(tok, "Lily wanted to", { special: true });
    const opts = { maxTokens: 30, temperature: 1, topP: 0.9 };
    const a = generate(model, tok, prompt, { ...opts, seed: 1 });
    const b = generate(model, tok, prompt, { ...opts, seed: 1 });
    const c = generate(model, tok, prompt, { ...opts, seed: 2 });
    expect(b.ids).toEqual(a.ids);
    expect(c.ids).not.toEqual(a.ids);
  });
});

describe("generate on a hand-made model", () => {
  // Next token = (last + 1) mod 5; token 4 is EOS.
  const counter: IncrementalLM = {
    vocabSize: 5,
    createCache: () => {
      const c = {
        length: 0,
        last: 0,
        truncate(n: number) {
          c.length = n;
        },
      };
      return c;
    },
    forwardCached(ids, cache) {
      const c = cache as unknown as { length: number; last: number };
      c.length += ids.length;
      c.last = ids[ids.length - 1] as number;
      const out = new Float32Array(5);
      out[(c.last + 1) % 5] = 1;
      return out;
    },
  };
  const digits: TextTokenizer = {
    eosId: 4,
    encode: (t) => Int32Array.from([...t], Number),
    decode: (ids) => Array.from(ids).join(""),
  };
  it("stops at EOS without emitting it, and at max tokens", () => {
    expect(generate(counter, digits, Int32Array.of(0)).text).toBe("123");
    const g = generate(counter, digits, Int32Array.of(0), { maxTokens: 2 });
    expect(g).toMatchObject({ text: "12", stoppedBy: "max-tokens", stop: null });
  });
  it("rejects bad options by name", () => {
    expect(() => generate(counter, digits, Int32Array.of(0), { maxTokens: 0 })).toThrow(/max tokens/);
    expect(() => generate(counter, digits, Int32Array.of(0), { temperature: -1 })).toThrow(/temperature/);
    expect(() => generate(counter, digits, Int32Array.of(0), { topP: 0 })).toThrow(/top-p/);
    expect(() => generate(counter, digits, new Int32Array(0))).toThrow(/no tokens/);
  });
});

describe("pickToken", () => {
  const logits = Float32Array.of(0, Math.log(3), Math.log(6), -50);
  it("top-p keeps the smallest set of likeliest tokens reaching the mass", () => {
    const rng = new PyRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(pickToken(logits, 0, 4, { temperature: 1, topP: 0.6 }, rng));
    expect([...seen]).toEqual([2]); // p = 0.6 for token 2 alone reaches 0.6
    for (let i = 0; i < 400; i++) seen.add(pickToken(logits, 0, 4, { temperature: 1, topP: 0.85 }, rng));
    expect([...seen].sort()).toEqual([1, 2]);
  });
  it("draws in proportion to the tempered probabilities", () => {
    const rng = new PyRandom(5);
    const n = [0, 0, 0, 0];
    for (let i = 0; i < 6000; i++) {
      const v = pickToken(logits, 0, 4, { temperature: 1 }, rng);
      n[v] = (n[v] as number) + 1;
    }
    expect((n[0] as number) / 6000).toBeCloseTo(0.1, 1);
    expect((n[1] as number) / 6000).toBeCloseTo(0.3, 1);
    expect((n[2] as number) / 6000).toBeCloseTo(0.6, 1);
    expect(n[3]).toBe(0);
  });
});
