import type { Backend } from "./backend.ts";

/** y = x W^T (+ b): x is rows x inDim, W is outDim x inDim (the PyTorch Linear layout). */
export function linear(
  be: Backend,
  x: Float32Array,
  rows: number,
  inDim: number,
  w: Float32Array,
  outDim: number,
  bias: Float32Array | null = null,
): Float32Array {
  const y = new Float32Array(rows * outDim);
  if (bias) for (let r = 0; r < rows; r++) y.set(bias, r * outDim);
  be.gemm(false, true, rows, outDim, inDim, 1, x, inDim, w, inDim, bias ? 1 : 0, y, outDim);
  return y;
}

/** op(A) op(B) for contiguous row-major operands: op(A) m x k, op(B) k x n. */
export function matmul(
  be: Backend,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  transA = false,
  transB = false,
): Float32Array {
  const c = new Float32Array(m * n);
  be.gemm(transA, transB, m, n, k, 1, a, transA ? m : k, b, transB ? k : n, 0, c, n);
  return c;
}

/** Small float64 product (used on T x T problems): a m x k times b k x n. */
export function matmul64(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p] as number;
      if (av === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] = (c[i * n + j] as number) + av * (b[p * n + j] as number);
    }
  }
  return c;
}
