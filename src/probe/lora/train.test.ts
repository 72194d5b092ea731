import { afterAll, describe, expect, it } from "vitest";
import { loadModel } from "../model/model.ts";
import { TINY_SPECS, tokenIds, writeTinyCheckpoints } from "../testing/fixtures.ts";
import { scheduledLr } from "./adamw.ts";
import { trainLora } from "./train.ts";

const fx = writeTinyCheckpoints();
afterAll(() => fx.cleanup());

describe("trainLora", () => {
  const name = "mistral-bf16-sharded-gqa";
  const spec = TINY_SPECS[name] as (typeof TINY_SPECS)[string];
  const data = [0, 1, 2, 3].map((k) => ({ ids: tokenIds(14, spec.vocabSize, 40 + k), answerStart: 8 }));
  const run = (seed: number) =>
    trainLora(loadModel(fx.dirs[name] as string), data, {
      steps: 60,
      lr: 2e-2,
      batch: 2,
      gradAccum: 2,
      seed,
    });

  it("lowers the answer loss on a small set, and is deterministic under its seed", async () => {
    const a = await run(3);
    expect(a.losses).toHaveLength(60);
    const head = (a.losses[0] as number) + (a.losses[1] as number);
    const tail = (a.losses[58] as number) + (a.losses[59] as number);
    expect(tail).toBeLessThan(head / 2);
    expect(a.tokens).toBe(60 * 4 * 14);
    const b = await run(3);
    expect(b.losses).toEqual(a.losses);
    expect(b.adapters.pairs.map((p) => Array.from(p.b))).toEqual(
      a.adapters.pairs.map((p) => Array.from(p.b)),
    );
    const c = await run(4);
    expect(c.losses).not.toEqual(a.losses);
  });

  it("warms the learning rate up linearly, then decays it linearly", () => {
    expect([1, 2, 5, 6, 10].map((s) => scheduledLr(1, s, 10, 5))).toEqual([0.2, 0.4, 1, 1, 0.2]);
    expect(scheduledLr(1, 1, 10, 0)).toBe(1);
  });
});
