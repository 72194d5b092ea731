import { availableParallelism } from "node:os";
import { CBLAS_NO_TRANS, CBLAS_ROW_MAJOR, CBLAS_TRANS, type OpenBlas } from "../../native/index.ts";
import type { Backend, SymEig } from "./backend.ts";
import { BackendError } from "./backend-error.ts";

/**
 * The BLAS threads a probe uses: OPENBLAS_NUM_THREADS when set, else every core. OpenBLAS keeps one
 * process-wide count, and ml's regressors set it to 1 (their parallelism is worker threads), so a probe
 * in the same process (the report's "Inside a model", the LLM regressor) sets it back.
 */
export function probeBlasThreads(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.OPENBLAS_NUM_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : availableParallelism();
}

/** OpenBLAS backend: sgemm for products, dsyevd for symmetric eigenproblems, sgesdd for singular values. */
export function createBlasBackend(blas: OpenBlas): Backend {
  const one = (x: number) => Int32Array.of(x);
  try {
    blas.openblas_set_num_threads(probeBlasThreads());
  } catch {
    // Not every OpenBLAS build exports it; its own default count stands.
  }
  return {
    name: "openblas",
    libraryPath: blas.path,
    get threads() {
      return blas.openblas_get_num_threads();
    },
    gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      if (m === 0 || n === 0) return;
      blas.cblas_sgemm(
        CBLAS_ROW_MAJOR,
        transA ? CBLAS_TRANS : CBLAS_NO_TRANS,
        transB ? CBLAS_TRANS : CBLAS_NO_TRANS,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc,
      );
    },
    gemm64(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      if (m === 0 || n === 0) return;
      blas.cblas_dgemm(
        CBLAS_ROW_MAJOR,
        transA ? CBLAS_TRANS : CBLAS_NO_TRANS,
        transB ? CBLAS_TRANS : CBLAS_NO_TRANS,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc,
      );
    },
    symEig(a, n, wantVectors): SymEig {
      if (n === 0) return { values: new Float64Array(0), vectors: wantVectors ? new Float64Array(0) : null };
      // Symmetric, so row-major == column-major; LAPACK's column j (eigenvector j) lands in row j.
      const work1 = Float64Array.from(a.subarray(0, n * n));
      const w = new Float64Array(n);
      const info = new Int32Array(1);
      const jobz = wantVectors ? "V" : "N";
      const qwork = new Float64Array(1);
      const qiwork = new Int32Array(1);
      blas.dsyevd_(jobz, "U", one(n), work1, one(n), w, qwork, one(-1), qiwork, one(-1), info);
      const lwork = Math.max(1, Math.ceil(qwork[0] as number));
      const liwork = Math.max(1, qiwork[0] as number);
      blas.dsyevd_(
        jobz,
        "U",
        one(n),
        work1,
        one(n),
        w,
        new Float64Array(lwork),
        one(lwork),
        new Int32Array(liwork),
        one(liwork),
        info,
      );
      if ((info[0] as number) !== 0) throw new BackendError(`dsyevd_ failed with info=${info[0]} (n=${n})`);
      if (!wantVectors) return { values: w, vectors: null };
      const vectors = new Float64Array(n * n);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) vectors[i * n + j] = work1[j * n + i] as number;
      return { values: w, vectors };
    },
    svdvals(a, m, n) {
      // A row-major m x n is A^T column-major (n x m); same singular values.
      const rows = n;
      const cols = m;
      const copy = Float32Array.from(a.subarray(0, m * n));
      const s = new Float32Array(Math.min(m, n));
      const info = new Int32Array(1);
      const iwork = new Int32Array(8 * Math.min(m, n));
      const qwork = new Float32Array(1);
      const dummy = new Float32Array(1);
      blas.sgesdd_(
        "N",
        one(rows),
        one(cols),
        copy,
        one(rows),
        s,
        dummy,
        one(1),
        dummy,
        one(1),
        qwork,
        one(-1),
        iwork,
        info,
      );
      const lwork = Math.max(1, Math.ceil(qwork[0] as number));
      blas.sgesdd_(
        "N",
        one(rows),
        one(cols),
        copy,
        one(rows),
        s,
        dummy,
        one(1),
        dummy,
        one(1),
        new Float32Array(lwork),
        one(lwork),
        iwork,
        info,
      );
      if ((info[0] as number) !== 0)
        throw new BackendError(`sgesdd_ failed with info=${info[0]} (${m}x${n})`);
      return s;
    },
  };
}
