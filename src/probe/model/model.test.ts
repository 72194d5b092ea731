import { afterAll, describe, expect, it } from "vitest";
import { loadOpenBlas } from "../native/openblas.ts";
import { runReference, torchUnavailableReason } from "../reference/run-reference.ts";
import { createBlasBackend, createTsBackend } from "../tensor/index.ts";
import { expectAllClose } from "../testing/all-close.ts";
import { TINY_SPECS, tokenIds, writeTinyCheckpoints } from "../testing/fixtures.ts";
import { loadModel } from "./model.ts";

const fx = writeTinyCheckpoints();
afterAll(() => fx.cleanup());
const noTorch = torchUnavailableReason();
if (noTorch) console.warn(`skipping PyTorch comparisons: ${noTorch}`);
const blas = loadOpenBlas();
const backends = [
  ["typescript", createTsBackend()],
  ...(blas ? [["openblas", createBlasBackend(blas)] as const] : []),
] as const;

describe.each(backends)("forward on the %s backend", (_name, backend) => {
  describe.each(Object.keys(TINY_SPECS))("%s", (name) => {
    const spec = TINY_SPECS[name];
    it.skipIf(noTorch !== null)("logits and hidden states match the PyTorch reference", () => {
      if (!spec) throw new Error(name);
      const dir = fx.dirs[name] as string;
      const ids = tokenIds(13, spec.vocabSize);
      const model = loadModel(dir, { backend });
      const out = model.forward(ids, { hidden: true });
      const ref = runReference<{ logits: number[]; hidden: number[][] }>({
        model: dir,
        ids: Array.from(ids),
        want: ["logits", "hidden"],
      });
      expectAllClose(out.logits, ref.logits, 1e-4, 1e-6, "logits");
      expect(out.hidden?.length).toBe(spec.layers + 1);
      for (const [i, h] of (out.hidden ?? []).entries()) {
        expectAllClose(h, ref.hidden[i] as number[], 1e-4, 1e-6, `hidden ${i}`);
      }
    });
  });
});
