import { beforeAll, describe, expect, it } from "vitest";
import { modelBlockInfluence } from "./bi/run-bi.ts";
import { DEMO_MODEL_DIR } from "./demo-model.ts";
import { DEMO_HELDOUT_STORIES } from "./demo-text.ts";
import { layerGradients } from "./gradients/layer-gradients.ts";
import { tokenizeSample } from "./gradients/samples.ts";
import type { TextTokenizer } from "./lm.ts";
import { MATRIX_NAMES } from "./model/backward.ts";
import { languageModelLoss } from "./model/loss.ts";
import { loadModel, type Model } from "./model/model.ts";
import { runReference, torchUnavailableReason } from "./reference/run-reference.ts";
import { expectAllClose } from "./testing/all-close.ts";
import { encodeText, loadTokenizer } from "./tokenizer.ts";

// The bundled stories260K (a real trained Llama) against the plain-torch reference model.
const noTorch = torchUnavailableReason();
if (noTorch) console.warn(`skipping stories260K PyTorch comparisons: ${noTorch}`);

interface Ref {
  lm_loss: number;
  bi: number[];
  bi_angular: number[];
  loss: number;
  grad: Record<string, { nuclear: number; top_share: number }>[];
}

let model: Model;
let tok: TextTokenizer;
beforeAll(async () => {
  model = loadModel(DEMO_MODEL_DIR);
  tok = await loadTokenizer(DEMO_MODEL_DIR);
});

describe("stories260K: tokenizer special tokens", () => {
  it("tokenizer(text) starts with BOS <s>=1 and adds no EOS, as its post-processor and config say", () => {
    expect(tok.bosId).toBe(1);
    expect(tok.eosId).toBe(2);
    expect(tok.special).toEqual({ before: [1], after: [] });
    expect(Array.from(encodeText(tok, "Once upon a time", { special: true }))).toEqual([
      1, 403, 407, 261, 378,
    ]);
    expect(Array.from(encodeText(tok, "Once upon a time", { special: false }))).toEqual([403, 407, 261, 378]);
    expect(Array.from(encodeText(tok, "Once upon a time", { special: true, bos: false }))).toEqual([
      403, 407, 261, 378,
    ]);
  });
});

describe("stories260K: the KV cache", () => {
  it("prompt, then one token at a time, gives the full forward's logits", () => {
    const ids = encodeText(tok, DEMO_HELDOUT_STORIES[2] as string, { special: true }).subarray(0, 60);
    const full = model.forward(ids).logits;
    const cache = model.createCache();
    const rows = [...model.forwardCached(ids.subarray(0, 20), cache, 20)];
    for (let t = 20; t < ids.length; t++) rows.push(...model.forwardCached(ids.subarray(t, t + 1), cache));
    expectAllClose(rows, full, 1e-5, 1e-6, "stories260K");
  });
});

describe("stories260K: loss over a held-out story", () => {
  it("is far below ln 512 = 6.24 (a uniform guess), near the published validation loss 1.30", () => {
    const r = languageModelLoss(
      model,
      DEMO_HELDOUT_STORIES.map((s) => encodeText(tok, s, { special: true })),
    );
    expect(r.tokens).toBeGreaterThan(200);
    expect(r.loss).toBeLessThan(2);
    expect(r.perplexity).toBeCloseTo(Math.exp(r.loss), 12);
  });

  it.skipIf(noTorch !== null)("equals the plain-torch reference", () => {
    const ids = encodeText(tok, DEMO_HELDOUT_STORIES[1] as string, { special: true });
    const ref = runReference<Ref>({ model: DEMO_MODEL_DIR, ids: Array.from(ids), want: ["loss"] });
    expect(languageModelLoss(model, [ids]).loss).toBeCloseTo(ref.lm_loss, 5);
  });
});

describe.skipIf(noTorch !== null)("stories260K with BOS: Block Influence and gradients equal PyTorch", () => {
  it("BI per layer over the bundled calibration text's first sequence", async () => {
    const r = await modelBlockInfluence({ model: DEMO_MODEL_DIR, tokens: 200, sequenceLength: 200 });
    expect(r.bos).toBe(true);
    expect(r.ids).toHaveLength(1);
    expect(r.ids[0]?.[0]).toBe(1);
    const ref = runReference<Ref>({ model: DEMO_MODEL_DIR, ids: r.ids[0] as number[], want: ["bi"] });
    expectAllClose(r.bi, ref.bi, 0, 1e-6, "bi");
    expectAllClose(r.angular, ref.bi_angular, 0, 1e-6, "angular");
  });

  it("gradient nuclear norms of a prompt (with BOS) and its response", () => {
    const s = tokenizeSample(tok, { prompt: "Lily went to the park.", response: " She saw a big dog." });
    if (s === null) throw new Error("no sample");
    expect(s.ids[0]).toBe(1);
    const r = layerGradients(model, [s]);
    const ref = runReference<Ref>({
      model: DEMO_MODEL_DIR,
      ids: Array.from(s.ids),
      response_start: s.responseStart,
      want: ["grad"],
    });
    expect(r.meanLoss).toBeCloseTo(ref.loss, 5);
    for (const m of MATRIX_NAMES) {
      expectAllClose(
        r.nuclearMean[m],
        ref.grad.map((row) => row[m]?.nuclear ?? Number.NaN),
        1e-5,
        1e-7,
        m,
      );
    }
  });
});
