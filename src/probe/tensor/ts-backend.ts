import type { Backend, SymEig } from "./backend.ts";

/** Block edge for the k (inner) dimension: keeps a panel of B rows in cache. */
const BLOCK_K = 128;
/** Jacobi sweeps before giving up on convergence (it converges quadratically; 30 is generous). */
const MAX_JACOBI_SWEEPS = 60;

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

/** Cyclic Jacobi rotations on a copy of `a`; eigenvalues sorted ascending. */
export function jacobiEig(a: Float64Array, n: number, wantVectors: boolean): SymEig {
  const m = Float64Array.from(a.subarray(0, n * n));
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_JACOBI_SWEEPS; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += (m[i * n + i] as number) ** 2;
      for (let j = i + 1; j < n; j++) off += (m[i * n + j] as number) ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q] as number;
        if (apq === 0) continue;
        const app = m[p * n + p] as number;
        const aqq = m[q * n + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p] as number;
          const mkq = m[k * n + q] as number;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k] as number;
          const mqk = m[q * n + k] as number;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => (m[x * n + x] as number) - (m[y * n + y] as number),
  );
  const values = Float64Array.from(order, (i) => m[i * n + i] as number);
  if (!wantVectors) return { values, vectors: null };
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src] as number;
  });
  return { values, vectors };
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
