import { jacobiEig } from "../../linalg/index.ts";
import type { Backend } from "./backend.ts";

/** Block edge for the k (inner) dimension: keeps a panel of B rows in cache. */
const BLOCK_K = 128;

/** Pure-TypeScript reference backend: blocked matmul, cyclic Jacobi eigen-decomposition. */
export function createTsBackend(): Backend {
  return {
    name: "typescript",
    libraryPath: null,
    threads: 1,
    gemm: (tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
      gemmAny(Float32Array, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc),
    gemm64: (tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
      gemmAny(Float64Array, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc),
    symEig: jacobiEig,
    svdvals,
  };
}

type Floats = Float32Array | Float64Array;

function gemmAny<A extends Floats>(
  Ctor: { new (n: number): A },
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: A,
  lda: number,
  b: A,
  ldb: number,
  beta: number,
  c: A,
  ldc: number,
): void {
  // Pack op(A) as m x k and op(B) as k x n contiguous, so the inner loop runs along a row of B and C.
  const ap = new Ctor(m * k);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++)
      ap[i * k + p] = transA ? (a[p * lda + i] as number) : (a[i * lda + p] as number);
  }
  const bp = new Ctor(k * n);
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++)
      bp[p * n + j] = transB ? (b[j * ldb + p] as number) : (b[p * ldb + j] as number);
  }
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p0 = 0; p0 < k; p0 += BLOCK_K) {
      const p1 = Math.min(k, p0 + BLOCK_K);
      for (let p = p0; p < p1; p++) {
        const av = ap[i * k + p] as number;
        if (av === 0) continue;
        const off = p * n;
        for (let j = 0; j < n; j++) acc[j] = (acc[j] as number) + av * (bp[off + j] as number);
      }
    }
    const co = i * ldc;
    for (let j = 0; j < n; j++) {
      const prev = beta === 0 ? 0 : beta * (c[co + j] as number);
      c[co + j] = alpha * (acc[j] as number) + prev;
    }
  }
}

/** Singular values via the eigenvalues of the smaller Gram matrix (accurate enough for a reference). */
function svdvals(a: Float32Array, m: number, n: number): Float32Array {
  const small = Math.min(m, n);
  const g = new Float64Array(small * small);
  for (let i = 0; i < small; i++) {
    for (let j = i; j < small; j++) {
      let s = 0;
      if (n <= m) for (let r = 0; r < m; r++) s += (a[r * n + i] as number) * (a[r * n + j] as number);
      else for (let cI = 0; cI < n; cI++) s += (a[i * n + cI] as number) * (a[j * n + cI] as number);
      g[i * small + j] = s;
      g[j * small + i] = s;
    }
  }
  const { values } = jacobiEig(g, small, false);
  return Float32Array.from(values, (x) => Math.sqrt(Math.max(x, 0))).reverse();
}
