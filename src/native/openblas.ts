/**
 * 1:1 bindings to OpenBLAS (CBLAS + the LAPACK routines it bundles) through koffi.
 * Nothing here allocates or checks shapes: the idiomatic layers (probe/tensor/, ml/blas.ts) do that.
 * Typed arrays (and subarrays) are passed as pointers to their memory for the call's duration.
 */
import { existsSync } from "node:fs";
import koffi from "koffi";

/** Where Debian/Ubuntu and others put the library; STRATA_BLAS overrides. */
export const OPENBLAS_CANDIDATES = [
  "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/libopenblas.so",
  "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so",
  "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
  "/usr/lib64/libopenblas.so.0",
  "/usr/local/lib/libopenblas.so.0",
  "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
];

export const CBLAS_ROW_MAJOR = 101;
export const CBLAS_NO_TRANS = 111;
export const CBLAS_TRANS = 112;

export interface OpenBlas {
  path: string;
  /**
   * void cblas_sgemm(CBLAS_ORDER order, CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB,
   *                  int M, int N, int K, float alpha, const float *A, int lda,
   *                  const float *B, int ldb, float beta, float *C, int ldc);
   */
  cblas_sgemm(
    order: number,
    transA: number,
    transB: number,
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
  /** Same as cblas_sgemm in double precision. */
  cblas_dgemm(
    order: number,
    transA: number,
    transB: number,
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
  /**
   * void ssyevd_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda, float *w,
   *              float *work, const int *lwork, int *iwork, const int *liwork, int *info);
   * (Fortran: column-major, every scalar by pointer.)
   */
  ssyevd_(
    jobz: string,
    uplo: string,
    n: Int32Array,
    a: Float32Array,
    lda: Int32Array,
    w: Float32Array,
    work: Float32Array,
    lwork: Int32Array,
    iwork: Int32Array,
    liwork: Int32Array,
    info: Int32Array,
  ): void;
  /**
   * void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
   *              double *work, const int *lwork, int *iwork, const int *liwork, int *info);
   */
  dsyevd_(
    jobz: string,
    uplo: string,
    n: Int32Array,
    a: Float64Array,
    lda: Int32Array,
    w: Float64Array,
    work: Float64Array,
    lwork: Int32Array,
    iwork: Int32Array,
    liwork: Int32Array,
    info: Int32Array,
  ): void;
  /**
   * void sgesdd_(const char *jobz, const int *m, const int *n, float *a, const int *lda, float *s,
   *              float *u, const int *ldu, float *vt, const int *ldvt, float *work, const int *lwork,
   *              int *iwork, int *info);
   */
  sgesdd_(
    jobz: string,
    m: Int32Array,
    n: Int32Array,
    a: Float32Array,
    lda: Int32Array,
    s: Float32Array,
    u: Float32Array | null,
    ldu: Int32Array,
    vt: Float32Array | null,
    ldvt: Int32Array,
    work: Float32Array,
    lwork: Int32Array,
    iwork: Int32Array,
    info: Int32Array,
  ): void;
  /** int openblas_get_num_threads(void); */
  openblas_get_num_threads(): number;
  /** void openblas_set_num_threads(int num_threads); */
  openblas_set_num_threads(n: number): void;
  /** char *openblas_get_config(void); */
  openblas_get_config(): string;
}

let cached: OpenBlas | null | undefined;

/** Paths tried in order: STRATA_BLAS, then OPENBLAS_CANDIDATES. */
export function openBlasCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.STRATA_BLAS;
  return fromEnv ? [fromEnv, ...OPENBLAS_CANDIDATES] : [...OPENBLAS_CANDIDATES];
}

/**
 * Loads OpenBLAS once per process; null when no candidate loads (the pure-TS backend is used then).
 * STRATA_BLAS=none disables it.
 */
export function loadOpenBlas(): OpenBlas | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.STRATA_BLAS === "none") return cached;
  for (const path of openBlasCandidates()) {
    if (!existsSync(path)) continue;
    try {
      cached = bind(path);
      break;
    } catch {
      // try the next candidate
    }
  }
  return cached;
}

function bind(path: string): OpenBlas {
  const lib = koffi.load(path);
  const f = (proto: string) => lib.func(proto);
  return {
    path,
    cblas_sgemm: f(
      "void cblas_sgemm(int order, int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc)",
    ),
    cblas_dgemm: f(
      "void cblas_dgemm(int order, int transA, int transB, int M, int N, int K, double alpha, const double *A, int lda, const double *B, int ldb, double beta, double *C, int ldc)",
    ),
    ssyevd_: f(
      "void ssyevd_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda, float *w, float *work, const int *lwork, int *iwork, const int *liwork, int *info)",
    ),
    dsyevd_: f(
      "void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w, double *work, const int *lwork, int *iwork, const int *liwork, int *info)",
    ),
    sgesdd_: f(
      "void sgesdd_(const char *jobz, const int *m, const int *n, float *a, const int *lda, float *s, float *u, const int *ldu, float *vt, const int *ldvt, float *work, const int *lwork, int *iwork, int *info)",
    ),
    openblas_get_num_threads: f("int openblas_get_num_threads()"),
    openblas_set_num_threads: f("void openblas_set_num_threads(int n)"),
    openblas_get_config: f("const char *openblas_get_config()"),
  } as OpenBlas;
}
