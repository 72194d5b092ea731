import { describe, expect, it } from "vitest";
import { loadOpenBlas } from "../../native/index.ts";
import { normalRng } from "../model/random-checkpoint.ts";
import { expectAllClose } from "../testing/all-close.ts";
import type { Backend } from "./backend.ts";
import { createBlasBackend, createTsBackend } from "./index.ts";

const blas = loadOpenBlas();
if (!blas) console.warn("OpenBLAS not found: only the TypeScript backend is tested");
const backends: [string, Backend][] = [["typescript", createTsBackend()]];
if (blas) backends.push(["openblas", createBlasBackend(blas)]);

function rand(n: number, seed: number): Float32Array {
  const r = normalRng(seed);
  return Float32Array.from({ length: n }, () => r());
}

/** Naive float64 op(A) op(B) with leading dimensions. */
function naive(
  tA: boolean,
  tB: boolean,
  m: number,
  n: number,
  k: number,
  a: ArrayLike<number>,
  lda: number,
  b: ArrayLike<number>,
  ldb: number,
) {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = tA ? (a[p * lda + i] as number) : (a[i * lda + p] as number);
        const bv = tB ? (b[j * ldb + p] as number) : (b[p * ldb + j] as number);
        s += av * bv;
      }
      c[i * n + j] = s;
    }
  }
  return c;
}

describe.each(backends)("%s backend", (_name, be) => {
  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])("gemm transA=%s transB=%s with padded leading dimensions, alpha and beta", (tA, tB) => {
    const [m, n, k] = [7, 5, 9];
    const lda = (tA ? m : k) + 3;
    const ldb = (tB ? k : n) + 2;
    const ldc = n + 4;
    const a = rand((tA ? k : m) * lda, 1);
    const b = rand((tB ? n : k) * ldb, 2);
    const c = rand(m * ldc, 3);
    const c0 = Float32Array.from(c);
    be.gemm(tA, tB, m, n, k, 0.5, a, lda, b, ldb, 2, c, ldc);
    const want = naive(tA, tB, m, n, k, a, lda, b, ldb);
    const got: number[] = [];
    const exp: number[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        got.push(c[i * ldc + j] as number);
        exp.push(0.5 * (want[i * n + j] as number) + 2 * (c0[i * ldc + j] as number));
      }
      // Padding columns are untouched.
      for (let j = n; j < ldc; j++) expect(c[i * ldc + j]).toBe(c0[i * ldc + j]);
    }
    expectAllClose(got, exp, 1e-5, 1e-6, "gemm");
  });

  it("gemm on subarrays (one attention head of a packed T x heads*hd matrix)", () => {
    const [T, heads, hd] = [6, 3, 4];
    const q = rand(T * heads * hd, 4);
    const out = new Float32Array(T * T);
    be.gemm(false, true, T, T, hd, 1, q.subarray(hd), heads * hd, q.subarray(hd), heads * hd, 0, out, T);
    const want = naive(false, true, T, T, hd, q.subarray(hd), heads * hd, q.subarray(hd), heads * hd);
    expectAllClose(out, want, 1e-5, 1e-6, "head gemm");
  });

  it("gemm64 matches the float64 product", () => {
    const a = Float64Array.from(rand(12, 5));
    const b = Float64Array.from(rand(20, 6));
    const c = new Float64Array(15);
    be.gemm64(false, false, 3, 5, 4, 1, a, 4, b, 5, 0, c, 5);
    expectAllClose(c, naive(false, false, 3, 5, 4, a, 4, b, 5), 1e-12, 0, "gemm64");
  });

  it("symEig reconstructs a symmetric matrix: A V = V diag(w), ascending, orthonormal V", () => {
    const n = 9;
    const x = rand(n * n, 7);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) a[i * n + j] = (x[i * n + j] as number) + (x[j * n + i] as number);
    const { values, vectors } = be.symEig(a, n, true);
    const v = vectors as Float64Array;
    for (let i = 1; i < n; i++) expect(values[i] as number).toBeGreaterThanOrEqual(values[i - 1] as number);
    const av = naive(false, false, n, n, n, a, n, v, n);
    const vw = Float64Array.from(
      { length: n * n },
      (_, idx) => (v[idx] as number) * (values[idx % n] as number),
    );
    expectAllClose(av, vw, 1e-10, 1e-10, "A V = V W");
    const vtv = naive(true, false, n, n, n, v, n, v, n);
    expectAllClose(
      vtv,
      Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)),
      1e-10,
      1e-10,
      "V^T V",
    );
    expectAllClose(be.symEig(a, n, false).values, values, 1e-10, 1e-12, "values only");
  });

  it("svdvals of U diag(s) V^T returns s (descending)", () => {
    // Householder-free construction: Q from the symmetric eigenvectors of a random matrix.
    const m = 8;
    const n = 5;
    const mk = (k: number, seed: number) => {
      const x = rand(k * k, seed);
      const s = new Float64Array(k * k);
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) s[i * k + j] = (x[i * k + j] as number) + (x[j * k + i] as number);
      return createTsBackend().symEig(s, k, true).vectors as Float64Array;
    };
    const U = mk(m, 8);
    const V = mk(n, 9);
    const s = [5, 3, 2, 0.5, 0.25];
    const a = new Float32Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let k = 0; k < n; k++)
          t += (U[i * m + k] as number) * (s[k] as number) * (V[j * n + k] as number);
        a[i * n + j] = t;
      }
    }
    expectAllClose(be.svdvals(a, m, n), s, 1e-5, 1e-6, "svdvals");
    // Transposed input has the same singular values.
    const at = new Float32Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[j * m + i] = a[i * n + j] as number;
    expectAllClose(be.svdvals(at, n, m), s, 1e-5, 1e-6, "svdvals of A^T");
  });
});

describe.skipIf(!blas)("backends agree", () => {
  it("OpenBLAS and TypeScript gemm give the same numbers", () => {
    const [ts, ob] = [createTsBackend(), createBlasBackend(blas as NonNullable<typeof blas>)];
    const a = rand(64 * 96, 10);
    const b = rand(80 * 96, 11);
    const c1 = new Float32Array(64 * 80);
    const c2 = new Float32Array(64 * 80);
    ts.gemm(false, true, 64, 80, 96, 1, a, 96, b, 96, 0, c1, 80);
    ob.gemm(false, true, 64, 80, 96, 1, a, 96, b, 96, 0, c2, 80);
    expectAllClose(c1, c2, 1e-5, 1e-6, "ts vs openblas");
  });
});
