import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOpenBlas } from "../../native/index.ts";
import { blockInfluence } from "../bi/block-influence.ts";
import { layerGradients } from "../gradients/layer-gradients.ts";
import { runReference, torchUnavailableReason } from "../reference/run-reference.ts";
import { createBlasBackend, createTsBackend } from "../tensor/index.ts";
import { expectAllClose } from "../testing/all-close.ts";
import { TINY_SPECS, tokenIds, writeTinyCheckpoints } from "../testing/fixtures.ts";
import { forwardBackward, MATRIX_NAMES } from "./backward.ts";
import { loadModel } from "./model.ts";

interface Reference {
  logits: number[];
  hidden: number[][];
  bi: number[];
  bi_angular: number[];
  loss: number;
  grad: Record<string, { nuclear: number; top_share: number }>[];
  raw_grad: Record<string, number[]>;
}

const T = 13;
const RESPONSE_START = 6;
const RAW = [
  ["model.layers.0.self_attn.q_proj.weight", 0, "q"],
  ["model.layers.1.self_attn.k_proj.weight", 1, "k"],
  ["model.layers.1.mlp.down_proj.weight", 1, "down"],
  ["model.layers.0.mlp.gate_proj.weight", 0, "gate"],
] as const;

const fx = writeTinyCheckpoints();
afterAll(() => fx.cleanup());
const noTorch = torchUnavailableReason();
if (noTorch) console.warn(`skipping PyTorch comparisons: ${noTorch}`);
const blas = loadOpenBlas();
const backends = [
  ["typescript", createTsBackend()],
  ...(blas ? [["openblas", createBlasBackend(blas)] as const] : []),
] as const;
const refs = new Map<string, Reference>();

beforeAll(() => {
  if (noTorch) return;
  for (const [name, spec] of Object.entries(TINY_SPECS)) {
    refs.set(
      name,
      runReference<Reference>({
        model: fx.dirs[name] as string,
        ids: Array.from(tokenIds(T, spec.vocabSize)),
        want: ["logits", "hidden", "bi", "grad"],
        response_start: RESPONSE_START,
        raw_grad_names: RAW.map((r) => r[0]),
      }),
    );
  }
});

describe.each(backends)("model on the %s backend", (_b, backend) => {
  describe.each(Object.keys(TINY_SPECS))("%s", (name) => {
    const spec = TINY_SPECS[name] as (typeof TINY_SPECS)[string];
    const dir = () => fx.dirs[name] as string;
    const ids = tokenIds(T, spec.vocabSize);
    const ref = () => refs.get(name) as Reference;

    it.skipIf(noTorch !== null)("logits and hidden states match PyTorch", () => {
      const out = loadModel(dir(), { backend }).forward(ids, { hidden: true });
      expectAllClose(out.logits, ref().logits, 1e-4, 1e-6, "logits");
      expect(out.hidden?.length).toBe(spec.layers + 1);
      for (const [i, h] of (out.hidden ?? []).entries()) {
        expectAllClose(h, ref().hidden[i] as number[], 1e-4, 1e-6, `hidden ${i}`);
      }
    });

    it.skipIf(noTorch !== null)("Block Influence matches PyTorch (plain and angular)", () => {
      const r = blockInfluence(loadModel(dir(), { backend }), ids);
      expect(r.layers).toEqual(Array.from({ length: spec.layers }, (_, i) => i));
      expectAllClose(r.bi, ref().bi, 1e-4, 1e-6, "bi");
      expectAllClose(r.angular, ref().bi_angular, 1e-4, 1e-6, "angular");
    });

    it.skipIf(noTorch !== null)("weight gradients dW = dY^T X match torch autograd", () => {
      const model = loadModel(dir(), { backend });
      const got = new Map<string, Float32Array>();
      const r = forwardBackward(model, ids, RESPONSE_START, (g) => {
        for (const [tensor, layer, m] of RAW) {
          if (g.layer !== layer || g.matrix !== m) continue;
          const dw = new Float32Array(g.dOut * g.dIn);
          backend.gemm(true, false, g.dOut, g.dIn, g.T, 1, g.dy, g.dOut, g.x, g.dIn, 0, dw, g.dIn);
          got.set(tensor, dw);
        }
      });
      expect(r.loss).toBeCloseTo(ref().loss, 4);
      expect(r.responseTokens).toBe(T - RESPONSE_START);
      for (const [tensor] of RAW) {
        expectAllClose(got.get(tensor) ?? [], ref().raw_grad[tensor] as number[], 1e-4, 1e-7, tensor);
      }
    });

    it.skipIf(noTorch !== null)(
      "nuclear norms via the T x T shortcut match torch svdvals of autograd's dW",
      () => {
        const r = layerGradients(loadModel(dir(), { backend }), [{ ids, responseStart: RESPONSE_START }], {
          accumulate: true,
        });
        for (const m of MATRIX_NAMES) {
          const want = ref().grad.map((row) => (row[m] as { nuclear: number }).nuclear);
          const share = ref().grad.map((row) => (row[m] as { top_share: number }).top_share);
          expectAllClose(r.nuclearMean[m], want, 1e-4, 1e-7, `nuclear ${m}`);
          // One sample: the accumulated gradient is the sample's gradient (formed explicitly, other path).
          expectAllClose(r.nuclearAccumulated?.[m] ?? [], want, 1e-4, 1e-7, `accumulated ${m}`);
          expectAllClose(r.topShareMean[m], share, 1e-3, 1e-6, `top share ${m}`);
        }
      },
    );
  });
});
