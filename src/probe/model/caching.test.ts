import { afterAll, describe, expect, it } from "vitest";
import { tokenIds, writeTinyCheckpoints } from "../testing/fixtures.ts";
import { loadModel } from "./model.ts";

const fx = writeTinyCheckpoints();
afterAll(() => fx.cleanup());

describe("weight caching", () => {
  it.each(["mistral-bf16-sharded-gqa", "qwen2-f16-sharded-untied"])(
    "%s: f32, stored-dtype and disk caching give identical logits, twice in a row",
    (name) => {
      const dir = fx.dirs[name] as string;
      const ids = tokenIds(11, 40);
      const ref = loadModel(dir, { caching: "f32", backend: "typescript" });
      const want = Array.from(ref.logits(ids));
      for (const caching of ["stored", "disk"] as const) {
        const m = loadModel(dir, { caching, backend: "typescript" });
        expect(m.caching).toBe(caching);
        expect(Array.from(m.logits(ids))).toEqual(want);
        expect(Array.from(m.logits(ids))).toEqual(want);
      }
    },
  );

  it("a small model defaults to keeping float32 weights", () => {
    expect(loadModel(fx.dirs["llama-f32-single-untied"] as string).caching).toBe("f32");
  });
});
