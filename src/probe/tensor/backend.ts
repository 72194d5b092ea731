/**
 * The dense-math backend interface. Two implementations give the same numbers (to float32 rounding):
 * OpenBLAS through koffi, and a pure-TypeScript reference used when the library is absent.
 * All matrices are row-major; leading dimensions allow working on sub-blocks (e.g. one attention head).
 */
export interface Backend {
  readonly name: "openblas" | "typescript";
  /** Library file in use (null for the TS backend). */
  readonly libraryPath: string | null;
  /** Threads the backend computes with. */
  readonly threads: number;
  /** C = alpha * op(A) * op(B) + beta * C; op(A) is m x k, op(B) is k x n, C is m x n. */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
  /** The same product in float64 (used for Gram matrices whose small eigenvalues matter). */
  gemm64(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float64Array,
    lda: number,
    b: Float64Array,
    ldb: number,
    beta: number,
    c: Float64Array,
    ldc: number,
  ): void;
  /** Eigen-decomposition of a symmetric n x n matrix (row-major, full storage; not modified). */
  symEig(a: Float64Array, n: number, wantVectors: boolean): SymEig;
  /** Singular values (descending) of an m x n float32 matrix (not modified). */
  svdvals(a: Float32Array, m: number, n: number): Float32Array;
}

export interface SymEig {
  /** Ascending eigenvalues. */
  values: Float64Array;
  /** Row-major n x n; column j is the eigenvector of values[j]. Null unless asked for. */
  vectors: Float64Array | null;
}

export interface BackendInfo {
  backend: Backend["name"];
  libraryPath: string | null;
  threads: number;
  config: string | null;
}
