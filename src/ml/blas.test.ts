import { describe, expect, it } from "vitest";
import { type Gemm, gemm, gemmBackend, gemmScalar } from "./blas.ts";
import { createRng } from "./random.ts";

/** C = op(A) op(B) (+ C), one product at a time. */
function naive(
  tA: boolean,
  tB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  B: Float64Array,
  C0: Float64Array,
  acc: boolean,
): Float64Array {
  const C = acc ? Float64Array.from(C0) : new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++)
        s += (A[tA ? k * M + i : i * K + k] as number) * (B[tB ? j * K + k : k * N + j] as number);
      C[i * N + j] = (C[i * N + j] as number) + s;
    }
  return C;
}

const kernels: [string, Gemm][] = [
  [`gemm (${gemmBackend})`, gemm],
  ["TypeScript kernel", gemmScalar],
];

describe.each(kernels)("%s", (_, g) => {
  const rng = createRng(3);
  const rand = (n: number) => Float64Array.from({ length: n }, () => rng() * 2 - 1);
  for (const [tA, tB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const)
    for (const acc of [false, true])
      it(`op(A) op(B) with transA ${tA}, transB ${tB}${acc ? ", added to C" : ""}`, () => {
        const [M, N, K] = [7, 5, 9];
        const A = rand(M * K);
        const B = rand(K * N);
        const C = rand(M * N);
        const want = naive(tA, tB, M, N, K, A, B, C, acc);
        g(tA, tB, M, N, K, A, B, C, acc);
        for (let i = 0; i < M * N; i++) expect(C[i]).toBeCloseTo(want[i] as number, 12);
      });
});
