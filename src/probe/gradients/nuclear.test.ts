import { describe, expect, it } from "vitest";
import { loadOpenBlas } from "../../native/index.ts";
import { normalRng } from "../model/random-checkpoint.ts";
import type { Backend } from "../tensor/backend.ts";
import { createBlasBackend, createTsBackend } from "../tensor/index.ts";
import { gradientSpectrum } from "./nuclear.ts";

const blas = loadOpenBlas();
const backends: [string, Backend][] = [["typescript", createTsBackend()]];
if (blas) backends.push(["openblas", createBlasBackend(blas)]);

function rand(n: number, seed: number): Float32Array {
  const r = normalRng(seed);
  return Float32Array.from({ length: n }, () => r());
}

describe.each(backends)("gradientSpectrum on %s", (_n, be) => {
  it.each([
    ["T below min(dIn, dOut): T x T shortcut", 5, 24, 40],
    ["T above min(dIn, dOut): Gram of G", 30, 12, 20],
    ["rank-deficient dY (a zero row)", 6, 16, 10],
  ])("%s equals the sum of singular values of dY^T X", (_what, T, dIn, dOut) => {
    const x = rand(T * dIn, 1);
    const dy = rand(T * dOut, 2);
    if (_what.startsWith("rank")) dy.fill(0, (T - 1) * dOut);
    const G = new Float32Array(dOut * dIn);
    be.gemm(true, false, dOut, dIn, T, 1, dy, dOut, x, dIn, 0, G, dIn);
    const s = Array.from(be.svdvals(G, dOut, dIn));
    const want = s.reduce((a, b) => a + b, 0);
    const got = gradientSpectrum(be, x, dy, T, dIn, dOut);
    expect(Math.abs(got.nuclear - want) / want).toBeLessThan(1e-5);
    expect(Math.abs(got.top - (s[0] as number)) / (s[0] as number)).toBeLessThan(1e-5);
  });
});
