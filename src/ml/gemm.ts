/**
 * C (M x N) = A (M x K) * B^T where B is given as Bt (N x K), all row-major: every inner product runs
 * over two contiguous rows. Rows are taken two by two and columns two by two (2x2 register block) with
 * the inner loop over K, which keeps V8's scalar code close to its best on these small MLP matrices.
 * When `accumulate` is true the product is added to C.
 */
export function gemmNT(
  A: Float64Array,
  Bt: Float64Array,
  C: Float64Array,
  M: number,
  N: number,
  K: number,
  accumulate = false,
): void {
  let i = 0;
  for (; i + 1 < M; i += 2) {
    const a0 = i * K;
    const a1 = a0 + K;
    let j = 0;
    for (; j + 1 < N; j += 2) {
      const b0 = j * K;
      const b1 = b0 + K;
      let c00 = 0;
      let c01 = 0;
      let c10 = 0;
      let c11 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k] as number;
        const x1 = A[a1 + k] as number;
        const y0 = Bt[b0 + k] as number;
        const y1 = Bt[b1 + k] as number;
        c00 += x0 * y0;
        c01 += x0 * y1;
        c10 += x1 * y0;
        c11 += x1 * y1;
      }
      const r0 = i * N + j;
      const r1 = r0 + N;
      if (accumulate) {
        C[r0] = (C[r0] as number) + c00;
        C[r0 + 1] = (C[r0 + 1] as number) + c01;
        C[r1] = (C[r1] as number) + c10;
        C[r1 + 1] = (C[r1 + 1] as number) + c11;
      } else {
        C[r0] = c00;
        C[r0 + 1] = c01;
        C[r1] = c10;
        C[r1 + 1] = c11;
      }
    }
    for (; j < N; j++) {
      const b0 = j * K;
      let c0 = 0;
      let c1 = 0;
      for (let k = 0; k < K; k++) {
        const y = Bt[b0 + k] as number;
        c0 += (A[a0 + k] as number) * y;
        c1 += (A[a1 + k] as number) * y;
      }
      C[i * N + j] = (accumulate ? (C[i * N + j] as number) : 0) + c0;
      C[(i + 1) * N + j] = (accumulate ? (C[(i + 1) * N + j] as number) : 0) + c1;
    }
  }
  for (; i < M; i++) {
    const a0 = i * K;
    for (let j = 0; j < N; j++) {
      const b0 = j * K;
      let c = 0;
      for (let k = 0; k < K; k++) c += (A[a0 + k] as number) * (Bt[b0 + k] as number);
      C[i * N + j] = (accumulate ? (C[i * N + j] as number) : 0) + c;
    }
  }
}

/** out (cols x rows) = transpose of a (rows x cols). */
export function transpose(a: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j] as number;
}
