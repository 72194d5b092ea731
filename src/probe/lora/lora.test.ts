import { afterAll, describe, expect, it } from "vitest";
import { loadOpenBlas } from "../../native/openblas.ts";
import { loadModel } from "../model/model.ts";
import { unitUniformRng } from "../model/random-checkpoint.ts";
import { createBlasBackend, createTsBackend } from "../tensor/index.ts";
import { expectAllClose } from "../testing/all-close.ts";
import { TINY_SPECS, tokenIds, writeTinyCheckpoints } from "../testing/fixtures.ts";
import { createLoraAdapters, type LoraAdapters } from "./adapters.ts";
import { answerLossSum, type LoraSequence, loraForwardBackward, loraLogits } from "./forward-backward.ts";
import { mergeLora } from "./merge.ts";
import { randomizeB } from "./testing.ts";

const fx = writeTinyCheckpoints();
afterAll(() => fx.cleanup());
const blas = loadOpenBlas();
const backends = [
  ["typescript", createTsBackend()],
  ...(blas ? [["openblas", createBlasBackend(blas)] as const] : []),
] as const;

function batchFor(vocab: number): LoraSequence[] {
  return [
    { ids: tokenIds(11, vocab, 5), answerStart: 6 },
    { ids: tokenIds(8, vocab, 9), answerStart: 3 },
  ];
}

const batchLoss = (model: ReturnType<typeof loadModel>, ad: LoraAdapters, batch: LoraSequence[]) => {
  const tokens = batch.reduce((s, q) => s + q.ids.length - q.answerStart, 0);
  return batch.reduce((s, q) => s + answerLossSum(model, ad, q), 0) / tokens;
};

describe.each(backends)("LoRA on the %s backend", (_b, backend) => {
  describe.each(Object.keys(TINY_SPECS))("%s", (name) => {
    const spec = TINY_SPECS[name] as (typeof TINY_SPECS)[string];
    const model = () => loadModel(fx.dirs[name] as string, { backend });

    it("fresh adapters leave the logits unchanged (B = 0)", () => {
      const m = model();
      const ids = tokenIds(9, spec.vocabSize);
      const ad = createLoraAdapters(m.config, { rank: 4, alpha: 8 }, 1);
      expect(loraLogits(m, ad, ids)).toEqual(m.forward(ids).logits);
    });

    it("merging the adapters into the weights gives the adapter path's logits", () => {
      const m = model();
      const ids = tokenIds(12, spec.vocabSize);
      const ad = createLoraAdapters(m.config, { rank: 3, alpha: 6 }, 2);
      randomizeB(ad, 5);
      const viaAdapters = loraLogits(m, ad, ids);
      const merged = mergeLora(m, ad).forward(ids).logits;
      expectAllClose(merged, viaAdapters, 1e-5, 1e-6, "merged logits");
      // And the adapters really change the model.
      const base = m.forward(ids).logits;
      let diff = 0;
      for (let i = 0; i < base.length; i++)
        diff = Math.max(diff, Math.abs((base[i] as number) - (viaAdapters[i] as number)));
      expect(diff).toBeGreaterThan(1e-2);
    });

    it("loss and A/B gradients equal central finite differences", () => {
      const m = model();
      const ad = createLoraAdapters(m.config, { rank: 2, alpha: 4 }, 3);
      randomizeB(ad, 7);
      const batch = batchFor(spec.vocabSize);
      ad.zeroGrad();
      const res = loraForwardBackward(m, ad, batch);
      expect(res.loss).toBeCloseTo(batchLoss(m, ad, batch), 4);
      expect(res.tokens).toBe(5 + 5);
      // Directional derivative along a random direction over every A and B at once.
      const params = ad.parameters();
      const rng = unitUniformRng(99);
      const dir = params.map((p) => Float32Array.from(p.value, () => rng()));
      let analytic = 0;
      params.forEach((p, k) => {
        const d = dir[k] as Float32Array;
        for (let i = 0; i < d.length; i++) analytic += (p.grad[i] as number) * (d[i] as number);
      });
      const eps = 1e-3;
      const shift = (sign: number) =>
        params.forEach((p, k) => {
          const d = dir[k] as Float32Array;
          for (let i = 0; i < d.length; i++)
            p.value[i] = (p.value[i] as number) + sign * eps * (d[i] as number);
        });
      shift(1);
      const up = batchLoss(m, ad, batch);
      shift(-2);
      const down = batchLoss(m, ad, batch);
      shift(1);
      const numeric = (up - down) / (2 * eps);
      expect(Math.abs(analytic - numeric)).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)));
      // Single entries of one A and one B (largest gradients, so the check is not of noise).
      for (const pick of [ad.get(0, "q"), ad.get(spec.layers - 1, "down")]) {
        if (!pick) throw new Error("adapter missing");
        for (const [value, grad] of [
          [pick.a, pick.gA],
          [pick.b, pick.gB],
        ] as const) {
          let at = 0;
          for (let i = 1; i < grad.length; i++)
            if (Math.abs(grad[i] as number) > Math.abs(grad[at] as number)) at = i;
          const keep = value[at] as number;
          const h = 1e-2;
          value[at] = keep + h;
          const lp = batchLoss(m, ad, batch);
          value[at] = keep - h;
          const lm = batchLoss(m, ad, batch);
          value[at] = keep;
          const fd = (lp - lm) / (2 * h);
          expect(Math.abs((grad[at] as number) - fd)).toBeLessThan(
            2e-3 * Math.max(1e-2, Math.abs(fd)) + 2e-5,
          );
        }
      }
    });

    it("split into micro-batches, the accumulated gradient equals the whole batch's", () => {
      const m = model();
      const ad = createLoraAdapters(m.config, { rank: 2, alpha: 4 }, 4);
      randomizeB(ad, 8);
      const batch = batchFor(spec.vocabSize);
      ad.zeroGrad();
      loraForwardBackward(m, ad, batch);
      const whole = ad.parameters().map((p) => Float32Array.from(p.grad));
      ad.zeroGrad();
      loraForwardBackward(m, ad, batch.slice(0, 1), 10);
      loraForwardBackward(m, ad, batch.slice(1), 10);
      ad.parameters().forEach((p, k) => {
        expectAllClose(p.grad, whole[k] as Float32Array, 1e-5, 1e-8, `grad ${k}`);
      });
    });
  });
});
