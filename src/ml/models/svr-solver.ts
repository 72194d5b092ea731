import type { RbfKernelRows } from "./rbf-kernel-rows.ts";

export interface SvrSolverOptions {
  C: number;
  epsilon: number;
  /** Stopping tolerance on the maximal violating pair (libsvm -e, sklearn tol). */
  tol: number;
  shrinking: boolean;
  /** Most iterations (default libsvm's: max(10^7, 100 x variables)). */
  maxIter?: number;
}

export interface SvrSolution {
  /** alpha_i - alpha*_i per training row: the prediction is sum_i coef_i K(x_i, x) - rho. */
  coef: Float64Array;
  rho: number;
  iterations: number;
}

/** libsvm's floor on a non-positive second derivative along the working pair. */
const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

/**
 * The epsilon-SVR dual solved the way libsvm solves it (Fan, Chen and Lin, JMLR 2005: SMO with
 * second-order working-set selection, shrinking and gradient reconstruction; what sklearn.svm.SVR runs),
 * decision for decision, so that the same data gives the same iterations and the same coefficients:
 *
 *   min over a, a* in [0, C]^n of  1/2 (a - a*)' K (a - a*) + epsilon sum(a + a*) - y'(a - a*)
 *   subject to sum(a - a*) = 0,
 *
 * written as one problem in 2n variables z = (a, a*) with signs s = (+1.., -1..), linear term
 * p = (epsilon - y, epsilon + y) and Q_kl = s_k s_l K(x_k, x_l). Row k's point is `of[k mod n]`, an
 * index into the kernel's (distinct) points.
 *
 * Two exact rewrites make an iteration cheaper than libsvm's. Negating a floating-point number is exact
 * and commutes with rounding, so (1) the solver keeps yG_k = s_k G_k instead of the gradient G_k: every
 * libsvm test on G and s becomes a test on yG alone, and an iteration changes yG_k by one value per
 * distinct point, shared by all its variables; (2) libsvm's G_bar_k (the gradient part of the variables
 * at the upper bound) equals s_k H(x_k) with H accumulated per distinct point, the same terms in the same
 * order, so a variable reaching or leaving the bound costs one pass over the distinct points, not two
 * over the rows. The values compared and stored are bit for bit libsvm's (up to the kernel's own
 * rounding), which the tests check through sklearn's iteration count and predictions.
 */
export function solveEpsilonSvr(
  kernel: RbfKernelRows,
  of: Int32Array,
  y: Float64Array,
  opts: SvrSolverOptions,
): SvrSolution {
  const n = y.length;
  const s = new SvrSolver(kernel, of, y, opts);
  const iterations = s.solve(opts.maxIter ?? Math.max(10_000_000, 200 * n));
  const rho = s.rho();
  const alpha = s.alphaInOriginalOrder();
  const coef = new Float64Array(n);
  for (let i = 0; i < n; i++) coef[i] = (alpha[i] as number) - (alpha[i + n] as number);
  return { coef, rho, iterations };
}

class SvrSolver {
  private readonly l: number;
  private activeSize: number;
  // Per position; positions are permuted as variables are shrunk (swap keeps them together).
  private readonly sign: Float64Array;
  private readonly point: Int32Array;
  private readonly original: Int32Array;
  /** s_k G_k. */
  private readonly yG: Float64Array;
  /** s_k p_k. */
  private readonly yLin: Float64Array;
  private readonly alpha: Float64Array;
  private readonly status: Uint8Array;
  /** 1 when the variable can move so that s_k alpha_k grows (libsvm's I_up), resp. shrinks (I_low). */
  private readonly inUp: Uint8Array;
  private readonly inLow: Uint8Array;
  private readonly QD: Float64Array;
  /** Per distinct point: H(u) with G_bar_k = s_k H(point_k); the change of yG in one iteration. */
  private readonly H: Float64Array;
  private readonly inc: Float64Array;
  private readonly C: number;
  private readonly eps: number;
  private readonly shrinking: boolean;
  private unshrink = false;
  private wsI = -1;
  private wsJ = -1;

  constructor(
    private readonly kernel: RbfKernelRows,
    of: Int32Array,
    y: Float64Array,
    opts: SvrSolverOptions,
  ) {
    const n = y.length;
    const l = 2 * n;
    this.l = l;
    this.activeSize = l;
    this.C = opts.C;
    this.eps = opts.tol;
    this.shrinking = opts.shrinking;
    this.sign = new Float64Array(l);
    this.point = new Int32Array(l);
    this.original = Int32Array.from({ length: l }, (_, k) => k);
    this.yLin = new Float64Array(l);
    this.QD = new Float64Array(l);
    for (let i = 0; i < n; i++) {
      const u = of[i] as number;
      const yi = y[i] as number;
      this.sign[i] = 1;
      this.sign[i + n] = -1;
      this.point[i] = u;
      this.point[i + n] = u;
      this.yLin[i] = opts.epsilon - yi;
      this.yLin[i + n] = -(opts.epsilon + yi);
    }
    for (let k = 0; k < l; k++) {
      const u = this.point[k] as number;
      this.QD[k] = kernel.row(u)[u] as number;
    }
    // Every alpha starts at 0, the lower bound: the gradient is the linear term and G_bar is 0.
    this.yG = Float64Array.from(this.yLin);
    this.alpha = new Float64Array(l);
    this.status = new Uint8Array(l).fill(LOWER);
    this.inUp = new Uint8Array(l);
    this.inLow = new Uint8Array(l);
    for (let k = 0; k < l; k++) this.setStatus(k, LOWER);
    this.H = new Float64Array(kernel.size);
    this.inc = new Float64Array(kernel.size);
  }

  private setStatus(k: number, st: number): void {
    this.status[k] = st;
    const up = this.sign[k] === 1 ? st !== UPPER : st !== LOWER;
    const low = this.sign[k] === 1 ? st !== LOWER : st !== UPPER;
    this.inUp[k] = up ? 1 : 0;
    this.inLow[k] = low ? 1 : 0;
  }

  solve(maxIter: number): number {
    const { l, sign, point, yG, alpha, QD, C, H, inc } = this;
    const d = inc.length;
    let iter = 0;
    let counter = Math.min(l, 1000) + 1;
    while (iter < maxIter) {
      if (--counter === 0) {
        counter = Math.min(l, 1000);
        if (this.shrinking) this.doShrinking();
      }
      if (!this.selectWorkingSet()) {
        this.reconstructGradient();
        this.activeSize = l;
        if (!this.selectWorkingSet()) break;
        counter = 1; // shrink again at the next iteration
      }
      iter++;
      const i = this.wsI;
      const j = this.wsJ;
      const active = this.activeSize;
      const Ki = this.kernel.row(point[i] as number);
      const Kj = this.kernel.row(point[j] as number);
      const si = sign[i] as number;
      const sj = sign[j] as number;
      const Gi = si * (yG[i] as number);
      const Gj = sj * (yG[j] as number);
      const Qij = si * sj * (Ki[point[j] as number] as number);
      const oldI = alpha[i] as number;
      const oldJ = alpha[j] as number;
      let ai = oldI;
      let aj = oldJ;
      if (si !== sj) {
        let quad = (QD[i] as number) + (QD[j] as number) + 2 * Qij;
        if (quad <= 0) quad = TAU;
        const delta = (-Gi - Gj) / quad;
        const diff = ai - aj;
        ai += delta;
        aj += delta;
        if (diff > 0) {
          if (aj < 0) {
            aj = 0;
            ai = diff;
          }
        } else if (ai < 0) {
          ai = 0;
          aj = -diff;
        }
        if (diff > 0) {
          if (ai > C) {
            ai = C;
            aj = C - diff;
          }
        } else if (aj > C) {
          aj = C;
          ai = C + diff;
        }
      } else {
        let quad = (QD[i] as number) + (QD[j] as number) - 2 * Qij;
        if (quad <= 0) quad = TAU;
        const delta = (Gi - Gj) / quad;
        const sum = ai + aj;
        ai -= delta;
        aj += delta;
        if (sum > C) {
          if (ai > C) {
            ai = C;
            aj = sum - C;
          }
        } else if (aj < 0) {
          aj = 0;
          ai = sum;
        }
        if (sum > C) {
          if (aj > C) {
            aj = C;
            ai = sum - C;
          }
        } else if (ai < 0) {
          ai = 0;
          aj = sum;
        }
      }
      alpha[i] = ai;
      alpha[j] = aj;
      const dI = ai - oldI;
      const dJ = aj - oldJ;
      // libsvm: G_k += Q_ik dI + Q_jk dJ, i.e. yG_k += (s_i K_ik) dI + (s_j K_jk) dJ for every k.
      for (let u = 0; u < d; u++) inc[u] = si * (Ki[u] as number) * dI + sj * (Kj[u] as number) * dJ;
      for (let k = 0; k < active; k++) yG[k] = (yG[k] as number) + (inc[point[k] as number] as number);
      const wasUpperI = this.status[i] === UPPER;
      const wasUpperJ = this.status[j] === UPPER;
      this.setStatus(i, statusOf(ai, C));
      this.setStatus(j, statusOf(aj, C));
      // libsvm: G_bar_k -/+= C Q_ik when i leaves/reaches the upper bound.
      if (wasUpperI !== (this.status[i] === UPPER)) addScaledRow(H, Ki, wasUpperI ? -C : C, si);
      if (wasUpperJ !== (this.status[j] === UPPER)) addScaledRow(H, Kj, wasUpperJ ? -C : C, sj);
    }
    if (iter >= maxIter && this.activeSize < l) {
      this.reconstructGradient();
      this.activeSize = l;
    }
    return iter;
  }

  /**
   * Second-order working-set selection (WSS 3 of Fan et al.): i maximizes the violation -yG over I_up,
   * j minimizes the second-order decrease of the objective over I_low. Returns false when the maximal
   * violation is below the tolerance (optimal). In libsvm's terms -yG is -G for s = +1 and G for s = -1,
   * and QD_i + QD_j - 2 y_i Q_ij is QD_i + QD_j - 2 K_ij whatever the signs.
   */
  private selectWorkingSet(): boolean {
    const { point, yG, inUp, inLow, QD } = this;
    const active = this.activeSize;
    let Gmax = Number.NEGATIVE_INFINITY;
    let Gmax2 = Number.NEGATIVE_INFINITY;
    let GmaxIdx = -1;
    let GminIdx = -1;
    let objDiffMin = Number.POSITIVE_INFINITY;
    for (let t = 0; t < active; t++) {
      if (inUp[t] === 0) continue;
      const v = -(yG[t] as number);
      if (v >= Gmax) {
        Gmax = v;
        GmaxIdx = t;
      }
    }
    const i = GmaxIdx;
    // With no candidate i no gradient difference below is positive, so Ki is never read.
    const Ki = i >= 0 ? this.kernel.row(point[i] as number) : null;
    const QDi = i >= 0 ? (QD[i] as number) : 0;
    for (let j = 0; j < active; j++) {
      if (inLow[j] === 0) continue;
      const v = yG[j] as number;
      const gradDiff = Gmax + v;
      if (v >= Gmax2) Gmax2 = v;
      if (gradDiff > 0 && Ki !== null) {
        const quad = QDi + (QD[j] as number) - 2 * (Ki[point[j] as number] as number);
        const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
        if (objDiff <= objDiffMin) {
          GminIdx = j;
          objDiffMin = objDiff;
        }
      }
    }
    if (Gmax + Gmax2 < this.eps || GminIdx === -1) return false;
    this.wsI = GmaxIdx;
    this.wsJ = GminIdx;
    return true;
  }

  /** libsvm's be_shrunk: at a bound and unable to join a violating pair soon. */
  private beShrunk(k: number, Gmax1: number, Gmax2: number): boolean {
    const v = this.yG[k] as number;
    return (this.inUp[k] === 0 && -v > Gmax1) || (this.inLow[k] === 0 && v > Gmax2);
  }

  /** Moves the variables stuck at a bound that cannot enter the working set soon past the active set. */
  private doShrinking(): void {
    const { yG, inUp, inLow } = this;
    let Gmax1 = Number.NEGATIVE_INFINITY;
    let Gmax2 = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < this.activeSize; k++) {
      const v = yG[k] as number;
      if (inUp[k] === 1 && -v >= Gmax1) Gmax1 = -v;
      if (inLow[k] === 1 && v >= Gmax2) Gmax2 = v;
    }
    if (!this.unshrink && Gmax1 + Gmax2 <= this.eps * 10) {
      this.unshrink = true;
      this.reconstructGradient();
      this.activeSize = this.l;
    }
    for (let k = 0; k < this.activeSize; k++) {
      if (!this.beShrunk(k, Gmax1, Gmax2)) continue;
      this.activeSize--;
      while (this.activeSize > k) {
        if (!this.beShrunk(this.activeSize, Gmax1, Gmax2)) {
          this.swap(k, this.activeSize);
          break;
        }
        this.activeSize--;
      }
    }
  }

  /** The gradient of the shrunk variables, rebuilt from G_bar (here H) and the free variables. */
  private reconstructGradient(): void {
    const { l, sign, point, yG, yLin, alpha, status, H } = this;
    const active = this.activeSize;
    if (active === l) return;
    // G_k = G_bar_k + p_k, so yG_k = H(x_k) + s_k p_k.
    for (let k = active; k < l; k++) yG[k] = (H[point[k] as number] as number) + (yLin[k] as number);
    let nrFree = 0;
    for (let k = 0; k < active; k++) if (status[k] === FREE) nrFree++;
    if (nrFree * l > 2 * active * (l - active)) {
      // libsvm: G_i += alpha_j Q_ij over free j, i.e. yG_i += alpha_j (s_j K_ij).
      for (let i = active; i < l; i++) {
        const Ki = this.kernel.row(point[i] as number);
        let v = yG[i] as number;
        for (let j = 0; j < active; j++) {
          if (status[j] === FREE)
            v += (alpha[j] as number) * ((sign[j] as number) * (Ki[point[j] as number] as number));
        }
        yG[i] = v;
      }
    } else {
      // libsvm: G_j += alpha_i Q_ij over free i, i.e. yG_j += alpha_i (s_i K_ij).
      for (let i = 0; i < active; i++) {
        if (status[i] !== FREE) continue;
        const Ki = this.kernel.row(point[i] as number);
        const si = sign[i] as number;
        const ai = alpha[i] as number;
        for (let j = active; j < l; j++)
          yG[j] = (yG[j] as number) + ai * (si * (Ki[point[j] as number] as number));
      }
    }
  }

  private swap(a: number, b: number): void {
    swapIn(this.sign, a, b);
    swapIn(this.point, a, b);
    swapIn(this.original, a, b);
    swapIn(this.yG, a, b);
    swapIn(this.yLin, a, b);
    swapIn(this.alpha, a, b);
    swapIn(this.status, a, b);
    swapIn(this.inUp, a, b);
    swapIn(this.inLow, a, b);
    swapIn(this.QD, a, b);
  }

  /** The offset: the mean of yG over free variables, else the middle of the feasible interval. */
  rho(): number {
    const { yG, inUp, inLow } = this;
    let nrFree = 0;
    let ub = Number.POSITIVE_INFINITY;
    let lb = Number.NEGATIVE_INFINITY;
    let sumFree = 0;
    for (let k = 0; k < this.activeSize; k++) {
      const v = yG[k] as number;
      // libsvm: upper bound with s = -1 or lower bound with s = +1 (not in I_low) bound rho from above,
      // the other two bound cases (not in I_up) from below.
      if (inLow[k] === 0) ub = Math.min(ub, v);
      else if (inUp[k] === 0) lb = Math.max(lb, v);
      else {
        nrFree++;
        sumFree += v;
      }
    }
    return nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
  }

  alphaInOriginalOrder(): Float64Array {
    const out = new Float64Array(this.l);
    for (let k = 0; k < this.l; k++) out[this.original[k] as number] = this.alpha[k] as number;
    return out;
  }
}

function statusOf(a: number, C: number): number {
  if (a >= C) return UPPER;
  if (a <= 0) return LOWER;
  return FREE;
}

/** H(u) += c (s K_u) for every point u (c = +-C, s = +-1). */
function addScaledRow(H: Float64Array, K: Float32Array, c: number, s: number): void {
  for (let u = 0; u < H.length; u++) H[u] = (H[u] as number) + c * (s * (K[u] as number));
}

function swapIn(a: Float64Array | Int32Array | Uint8Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
