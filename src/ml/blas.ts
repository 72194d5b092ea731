import { createRequire } from "node:module";
import { gemmNT as gemmNTScalar } from "./gemm.ts";

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

/** Where OpenBLAS is looked for (Debian's libopenblas0-pthread first). */
const OPENBLAS_PATHS = [
  "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
  "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
  "/usr/lib64/libopenblas.so.0",
  "/usr/local/lib/libopenblas.so.0",
  "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
];

const CBLAS_ROW_MAJOR = 101;
const CBLAS_NO_TRANS = 111;
const CBLAS_TRANS = 112;

interface KoffiLib {
  func(signature: string): (...args: unknown[]) => unknown;
}

/**
 * cblas_dgemm from OpenBLAS through koffi when the library is present (one BLAS thread: Strata runs
 * its parallel work in worker threads), else the scalar TypeScript kernel. STRATA_NO_BLAS=1 forces the
 * TypeScript kernel (tests run both).
 */
function loadGemm(): { gemm: GemmNT; backend: "openblas" | "typescript" } {
  if (process.env.STRATA_NO_BLAS === "1") return { gemm: gemmNTScalar, backend: "typescript" };
  try {
    const require = createRequire(import.meta.url);
    const koffi = require("koffi") as { load(path: string): KoffiLib };
    const fs = require("node:fs") as typeof import("node:fs");
    const path = OPENBLAS_PATHS.find((p) => fs.existsSync(p));
    if (!path) return { gemm: gemmNTScalar, backend: "typescript" };
    const lib = koffi.load(path);
    // void cblas_dgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
    const dgemm = lib.func(
      "void cblas_dgemm(int, int, int, int, int, int, double, double *, int, double *, int, double, _Inout_ double *, int)",
    );
    try {
      lib.func("void openblas_set_num_threads(int)")(1);
    } catch {
      // Not every OpenBLAS build exports it; the default thread count is still correct, only slower.
    }
    const gemm: GemmNT = (A, Bt, C, M, N, K, accumulate = false) => {
      if (M === 0 || N === 0) return;
      if (K === 0) {
        if (!accumulate) C.fill(0, 0, M * N);
        return;
      }
      dgemm(CBLAS_ROW_MAJOR, CBLAS_NO_TRANS, CBLAS_TRANS, M, N, K, 1, A, K, Bt, K, accumulate ? 1 : 0, C, N);
    };
    return { gemm, backend: "openblas" };
  } catch {
    return { gemm: gemmNTScalar, backend: "typescript" };
  }
}

const loaded = loadGemm();
export const gemmNT: GemmNT = loaded.gemm;
/** Which matrix kernel the MLP uses in this process. */
export const gemmBackend: "openblas" | "typescript" = loaded.backend;
