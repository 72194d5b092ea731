import { CBLAS_NO_TRANS, CBLAS_ROW_MAJOR, CBLAS_TRANS, loadOpenBlas } from "../native/index.ts";
import { gemmNT as gemmNTScalar, transpose } from "./gemm.ts";

/** C = A * Bt^T (+ C when accumulate), row-major; see gemm.ts for the shapes. */
export type GemmNT = (
  A: Float64Array,
  Bt: Float64Array,
  C: Float64Array,
  M: number,
  N: number,
  K: number,
  accumulate?: boolean,
) => void;

/**
 * C (M x N) = op(A) * op(B), row-major and contiguous, op(X) = X^T when its flag is set: A is M x K
 * (K x M when transposed) and B is K x N (N x K when transposed). C is overwritten, or added to when
 * `accumulate` is true.
 */
export type Gemm = (
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  accumulate?: boolean,
) => void;

/**
 * cblas_dgemm from OpenBLAS (the shared binding in src/native/) when the library is present, with one
 * BLAS thread since Strata runs its parallel work in worker threads; else the scalar TypeScript kernel.
 * STRATA_BLAS=none forces the TypeScript kernel (src/native's one switch; tests run both).
 */
function loadGemm(): { gemm: GemmNT; general: Gemm; backend: "openblas" | "typescript" } {
  const fallback = { gemm: gemmNTScalar, general: gemmScalar, backend: "typescript" as const };
  const blas = loadOpenBlas();
  if (!blas) return fallback;
  try {
    blas.openblas_set_num_threads(1);
  } catch {
    // Not every OpenBLAS build exports it; the default thread count is still correct, only slower.
  }
  const gemm: GemmNT = (A, Bt, C, M, N, K, accumulate = false) => {
    if (M === 0 || N === 0) return;
    if (K === 0) {
      if (!accumulate) C.fill(0, 0, M * N);
      return;
    }
    blas.cblas_dgemm(
      CBLAS_ROW_MAJOR,
      CBLAS_NO_TRANS,
      CBLAS_TRANS,
      M,
      N,
      K,
      1,
      A,
      K,
      Bt,
      K,
      accumulate ? 1 : 0,
      C,
      N,
    );
  };
  const general: Gemm = (transA, transB, M, N, K, A, B, C, accumulate = false) => {
    if (M === 0 || N === 0) return;
    if (K === 0) {
      if (!accumulate) C.fill(0, 0, M * N);
      return;
    }
    const ta = transA ? CBLAS_TRANS : CBLAS_NO_TRANS;
    const tb = transB ? CBLAS_TRANS : CBLAS_NO_TRANS;
    const beta = accumulate ? 1 : 0;
    blas.cblas_dgemm(CBLAS_ROW_MAJOR, ta, tb, M, N, K, 1, A, transA ? M : K, B, transB ? K : N, beta, C, N);
  };
  return { gemm, general, backend: "openblas" };
}

let scratchA = new Float64Array(0);
let scratchB = new Float64Array(0);

/** The TypeScript path of Gemm: transposes into scratch so that gemmNT reads contiguous rows. */
export function gemmScalar(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  accumulate = false,
): void {
  let a = A;
  if (transA) {
    if (scratchA.length < M * K) scratchA = new Float64Array(M * K);
    transpose(A, K, M, scratchA);
    a = scratchA;
  }
  let bt = B;
  if (!transB) {
    if (scratchB.length < N * K) scratchB = new Float64Array(N * K);
    transpose(B, K, N, scratchB);
    bt = scratchB;
  }
  gemmNTScalar(a, bt, C, M, N, K, accumulate);
}

const loaded = loadGemm();
export const gemmNT: GemmNT = loaded.gemm;
export const gemm: Gemm = loaded.general;
/** Which matrix kernel the MLP uses in this process. */
export const gemmBackend: "openblas" | "typescript" = loaded.backend;
