import { forwardBackward, type LinearGrad, MATRIX_NAMES, type MatrixName } from "../model/backward.ts";
import type { Model } from "../model/model.ts";
import { gradientSpectrum, matrixSpectrum } from "./nuclear.ts";

/** One training-style example: the loss covers only the response tokens. */
export interface GradientSample {
  /** Prompt followed by response, token ids (no BOS added here: include it if the model wants one). */
  ids: Int32Array;
  /** Index of the first response token in ids. */
  responseStart: number;
}

/** Per matrix kind, one value per layer (in model.activeLayers order). */
export type PerMatrix = Record<MatrixName, number[]>;

export interface LayerGradientResult {
  matrices: readonly MatrixName[];
  layers: number[];
  samples: number;
  tokens: number;
  meanLoss: number;
  /** Nuclear norm of each sample's gradient, averaged over samples. */
  nuclearMean: PerMatrix;
  /** Top singular value / nuclear norm per sample, averaged. */
  topShareMean: PerMatrix;
  /**
   * Nuclear norm of the gradient accumulated over the dataset (the mean of the per-sample gradients, so it
   * is on the per-sample scale and never above nuclearMean); null when accumulate is off.
   */
  nuclearAccumulated: PerMatrix | null;
  topShareAccumulated: PerMatrix | null;
}

export interface LayerGradientOptions {
  /** Also accumulate each matrix's gradient over the dataset and take its nuclear norm (memory: one float32 copy of every linear weight). Default off in the library, on in the CLI. */
  accumulate?: boolean;
  onProgress?: (done: number, total: number) => void;
}

const emptyPerMatrix = (L: number): PerMatrix =>
  Object.fromEntries(MATRIX_NAMES.map((m) => [m, new Array<number>(L).fill(0)])) as PerMatrix;

/**
 * Layer-wise gradient nuclear norms (Li et al. 2024): batch 1, cross-entropy on response tokens,
 * no optimizer step; for every Q, K, V, O, Gate, Up, Down weight per layer.
 */
export function layerGradients(
  model: Model,
  samples: GradientSample[],
  opts: LayerGradientOptions = {},
): LayerGradientResult {
  const layers = model.activeLayers;
  const L = layers.length;
  const pos = new Map(layers.map((l, i) => [l, i]));
  const be = model.backend;
  const nuclearMean = emptyPerMatrix(L);
  const topShareMean = emptyPerMatrix(L);
  const acc = opts.accumulate ? new Map<string, { g: Float32Array; rows: number; cols: number }>() : null;
  let loss = 0;
  let tokens = 0;
  samples.forEach((s, k) => {
    const r = forwardBackward(model, s.ids, s.responseStart, (g: LinearGrad) => {
      const at = pos.get(g.layer) as number;
      const sp = gradientSpectrum(be, g.x, g.dy, g.T, g.dIn, g.dOut);
      nuclearMean[g.matrix][at] = (nuclearMean[g.matrix][at] as number) + sp.nuclear / samples.length;
      const share = sp.nuclear > 0 ? sp.top / sp.nuclear : 0;
      topShareMean[g.matrix][at] = (topShareMean[g.matrix][at] as number) + share / samples.length;
      if (acc) {
        const key = `${g.layer}.${g.matrix}`;
        let a = acc.get(key);
        if (!a) {
          a = { g: new Float32Array(g.dOut * g.dIn), rows: g.dOut, cols: g.dIn };
          acc.set(key, a);
        }
        be.gemm(true, false, g.dOut, g.dIn, g.T, 1 / samples.length, g.dy, g.dOut, g.x, g.dIn, 1, a.g, g.dIn);
      }
    });
    loss += r.loss;
    tokens += r.responseTokens;
    opts.onProgress?.(k + 1, samples.length);
  });
  let nuclearAccumulated: PerMatrix | null = null;
  let topShareAccumulated: PerMatrix | null = null;
  if (acc) {
    nuclearAccumulated = emptyPerMatrix(L);
    topShareAccumulated = emptyPerMatrix(L);
    for (const [key, a] of acc) {
      const [layer, matrix] = key.split(".") as [string, MatrixName];
      const at = pos.get(Number(layer)) as number;
      const sp = matrixSpectrum(be, a.g, a.rows, a.cols);
      nuclearAccumulated[matrix][at] = sp.nuclear;
      topShareAccumulated[matrix][at] = sp.nuclear > 0 ? sp.top / sp.nuclear : 0;
    }
  }
  return {
    matrices: MATRIX_NAMES,
    layers,
    samples: samples.length,
    tokens,
    meanLoss: samples.length ? loss / samples.length : Number.NaN,
    nuclearMean,
    topShareMean,
    nuclearAccumulated,
    topShareAccumulated,
  };
}
