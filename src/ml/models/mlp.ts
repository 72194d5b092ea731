import { gemm } from "../blas.ts";
import { applyScaler, fitScaler, type Scaler } from "../matrix.ts";
import { createRng, type Rng, randInt } from "../random.ts";
import type { Matrix, Regressor } from "../types.ts";

export interface MlpOptions {
  hidden?: number[];
  alpha?: number;
  learningRate?: number;
  batchSize?: number;
  maxIter?: number;
  tol?: number;
  nIterNoChange?: number;
  standardize?: boolean;
  seed?: number;
  /** Reshuffle the rows every epoch (default true). */
  shuffle?: boolean;
  /** Initial weights and biases per layer (row-major fan_in x fan_out), instead of the seeded draw. */
  init?: { W: Float64Array[]; b: Float64Array[] };
}

/**
 * Multi-layer perceptron with ReLU hidden layers and a linear output, trained with Adam on squared error
 * plus an L2 penalty, as sklearn MLPRegressor: Glorot-uniform init (bound sqrt(6/(fan_in+fan_out))),
 * lr 1e-3, betas 0.9/0.999, eps 1e-8, batch min(200, n), reshuffled each epoch, alpha 1e-4, at most 200
 * epochs, stop after 10 epochs without the loss improving by tol 1e-4. Inputs standardized by default.
 */
export class MLPRegressor implements Regressor {
  private W: Float64Array[] = [];
  private b: Float64Array[] = [];
  private sizes: number[] = [];

  private scaler: Scaler | null = null;
  lossCurve: number[] = [];
  constructor(private readonly opts: MlpOptions = {}) {}

  fit(X: Matrix, y: Float64Array): this {
    const o = this.opts;
    const rng = createRng(o.seed ?? 0);
    this.scaler = o.standardize === false ? null : fitScaler(X);
    const Z = this.scaler ? applyScaler(X, this.scaler) : X;
    const n = Z.rows;
    const sizes = [Z.cols, ...(o.hidden ?? [32, 64, 32]), 1];
    this.sizes = sizes;
    const L = sizes.length - 1;
    this.W = [];
    this.b = [];
    for (let l = 0; l < L; l++) {
      const fi = sizes[l] as number;
      const fo = sizes[l + 1] as number;
      const bound = Math.sqrt(6 / (fi + fo));
      const givenW = o.init?.W[l];
      const givenB = o.init?.b[l];
      this.W.push(
        givenW
          ? Float64Array.from(givenW)
          : Float64Array.from({ length: fi * fo }, () => (rng() * 2 - 1) * bound),
      );
      this.b.push(
        givenB ? Float64Array.from(givenB) : Float64Array.from({ length: fo }, () => (rng() * 2 - 1) * bound),
      );
    }
    const alpha = o.alpha ?? 1e-4;
    const lr = o.learningRate ?? 1e-3;
    const bs = Math.min(o.batchSize ?? 200, n);
    const maxIter = o.maxIter ?? 200;
    const tol = o.tol ?? 1e-4;
    const patience = o.nIterNoChange ?? 10;
    const beta1 = 0.9;
    const beta2 = 0.999;
    const eps = 1e-8;
    // Adam state per parameter tensor, in the order W0, b0, W1, b1, ...
    const params = this.W.flatMap((w, l) => [w, this.b[l] as Float64Array]);
    const grads = params.map((p) => new Float64Array(p.length));
    const m1 = params.map((p) => new Float64Array(p.length));
    const m2 = params.map((p) => new Float64Array(p.length));
    // Activations per layer for one batch (A[0] is the input batch) and deltas.
    const A = sizes.map((s) => new Float64Array(bs * s));
    const D = sizes.map((s) => new Float64Array(bs * s));
    const ones = new Float64Array(bs).fill(1);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    let t = 0;
    let best = Number.POSITIVE_INFINITY;
    let noImprove = 0;
    this.lossCurve = [];
    for (let epoch = 0; epoch < maxIter; epoch++) {
      if (o.shuffle !== false) shuffle(order, rng);
      let epochLoss = 0;
      for (let start = 0; start < n; start += bs) {
        const B = Math.min(bs, n - start);
        const A0 = A[0] as Float64Array;
        const p0 = sizes[0] as number;
        for (let r = 0; r < B; r++) {
          const i = (order[start + r] as number) * p0;
          for (let c = 0; c < p0; c++) A0[r * p0 + c] = Z.data[i + c] as number;
        }
        this.forward(A, B);
        // Output delta: d(0.5 * mean squared error)/d(out) = (out - y) / B.
        const out = A[L] as Float64Array;
        const dOut = D[L] as Float64Array;
        let loss = 0;
        // The output layer's bias gradient is the sum of the output deltas, summed as they are made.
        let gOut = 0;
        for (let r = 0; r < B; r++) {
          const e = (out[r] as number) - (y[order[start + r] as number] as number);
          loss += e * e;
          const dr = e / B;
          dOut[r] = dr;
          gOut += dr;
        }
        (grads[2 * L - 1] as Float64Array)[0] = gOut;
        loss /= 2 * B;
        let sq = 0;
        for (const w of this.W) sq += sumOfSquares(w);
        loss += (0.5 * alpha * sq) / B;
        epochLoss += loss * B;
        for (let l = L - 1; l >= 0; l--) {
          const fi = sizes[l] as number;
          const fo = sizes[l + 1] as number;
          const gW = grads[2 * l] as Float64Array;
          const Ai = A[l] as Float64Array;
          const Do = D[l + 1] as Float64Array;
          const W = this.W[l] as Float64Array;
          // gW = Ai^T Do (Do already carries the 1/B) + alpha W / B.
          gemm(true, false, fi, fo, B, Ai, Do, gW);
          for (let k = 0; k < fi * fo; k++) gW[k] = (gW[k] as number) + (alpha * (W[k] as number)) / B;
          // This layer's bias gradient (the column sums of Do) was summed when Do was made.
          if (l > 0) {
            // Di = (Do W^T) masked by the ReLU of layer l; its column sums are layer l - 1's bias gradient.
            const Di = D[l] as Float64Array;
            gemm(false, true, B, fi, fo, Do, W, Di);
            reluMask(Di, Ai, B * fi);
            // Layer l - 1's bias gradient: the column sums of Di, as ones(1 x B) Di.
            gemm(false, false, 1, fi, B, ones, Di, grads[2 * l - 1] as Float64Array);
          }
        }
        t++;
        const lrT = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
        for (let q = 0; q < params.length; q++) {
          const P = params[q] as Float64Array;
          const G = grads[q] as Float64Array;
          const M = m1[q] as Float64Array;
          const V = m2[q] as Float64Array;
          for (let k = 0; k < P.length; k++) {
            const g = G[k] as number;
            const m = beta1 * (M[k] as number) + (1 - beta1) * g;
            const v = beta2 * (V[k] as number) + (1 - beta2) * g * g;
            M[k] = m;
            V[k] = v;
            P[k] = (P[k] as number) - (lrT * m) / (Math.sqrt(v) + eps);
          }
        }
      }
      epochLoss /= n;
      this.lossCurve.push(epochLoss);
      if (epochLoss > best - tol) noImprove++;
      else noImprove = 0;
      if (epochLoss < best) best = epochLoss;
      if (noImprove > patience) break;
    }
    return this;
  }

  /** Fills A[1..L] from A[0] for a batch of B rows (ReLU hidden layers, identity output). */
  private forward(A: Float64Array[], B: number): void {
    const L = this.sizes.length - 1;
    for (let l = 0; l < L; l++) {
      const fi = this.sizes[l] as number;
      const fo = this.sizes[l + 1] as number;
      const Ai = A[l] as Float64Array;
      const Ao = A[l + 1] as Float64Array;
      const W = this.W[l] as Float64Array;
      const bias = this.b[l] as Float64Array;
      // Ao = bias rows + Ai W: the bias tiled into Ao, then the product added to it by the GEMM.
      Ao.set(bias);
      for (let len = fo; len < B * fo; len *= 2) Ao.copyWithin(len, 0, Math.min(len, B * fo - len));
      gemm(false, false, B, fo, fi, Ai, W, Ao, true);
      if (l < L - 1) relu(Ao, B * fo);
    }
  }

  predict(X: Matrix): Float64Array {
    if (this.W.length === 0) throw new Error("MLPRegressor: predict before fit");
    const Z = this.scaler ? applyScaler(X, this.scaler) : X;
    const out = new Float64Array(Z.rows);
    const chunk = 256;
    const A = this.sizes.map((s) => new Float64Array(chunk * s));
    const p = Z.cols;
    for (let start = 0; start < Z.rows; start += chunk) {
      const B = Math.min(chunk, Z.rows - start);
      (A[0] as Float64Array).set(Z.data.subarray(start * p, (start + B) * p));
      this.forward(A, B);
      out.set((A[A.length - 1] as Float64Array).subarray(0, B), start);
    }
    return out;
  }
}

/**
 * ReLU in place, written 0.5 (v + |v|): v for v > 0 and 0 otherwise, exactly, without a branch (half
 * the activations are zero in no pattern a branch predictor can learn; the branchy form took several
 * times longer).
 */
function relu(A: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const v = A[k] as number;
    A[k] = 0.5 * (v + Math.abs(v));
  }
}

/** D[k] = 0 where the activation A[k] is 0 (ReLU's derivative), as a multiplication by 0 or 1 (no branch). */
function reluMask(D: Float64Array, A: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) D[k] = (D[k] as number) * +((A[k] as number) > 0);
}

function sumOfSquares(w: Float64Array): number {
  let sq = 0;
  for (let k = 0; k < w.length; k++) {
    const v = w[k] as number;
    sq += v * v;
  }
  return sq;
}

function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
}
