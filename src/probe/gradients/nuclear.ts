import type { Backend } from "../tensor/backend.ts";

export interface SpectrumSummary {
  /** Sum of singular values. */
  nuclear: number;
  /** Largest singular value. */
  top: number;
}

function summarize(eigs: Float64Array): SpectrumSummary {
  let nuclear = 0;
  let top = 0;
  for (const e of eigs) {
    const s = Math.sqrt(Math.max(e, 0));
    nuclear += s;
    top = Math.max(top, s);
  }
  return { nuclear, top };
}

/**
 * Gram matrix in float64: a a^T (rows x rows) when `outer`, else a^T a (cols x cols). Float64 keeps the
 * zero eigenvalues of rank-deficient gradients near 1e-16 of the largest instead of float32's 1e-7, whose
 * square roots would add visibly to a nuclear norm.
 */
function gram(be: Backend, a: Float32Array, rows: number, cols: number, outer: boolean): Float64Array {
  const a64 = Float64Array.from(a.subarray(0, rows * cols));
  const n = outer ? rows : cols;
  const g = new Float64Array(n * n);
  if (outer) be.gemm64(false, true, rows, rows, cols, 1, a64, cols, a64, cols, 0, g, rows);
  else be.gemm64(true, false, cols, cols, rows, 1, a64, cols, a64, cols, 0, g, cols);
  return g;
}

function symmetrize(m: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * ((m[i * n + j] as number) + (m[j * n + i] as number));
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
}

/**
 * Nuclear norm and top singular value of G = dY^T X (dOut x dIn) without forming G when T is small:
 * the nonzero singular values of G are the square roots of the eigenvalues of (X X^T)(dY dY^T), which
 * equal those of the symmetric T x T matrix A^{1/2} B A^{1/2} (A = X X^T, B = dY dY^T). When T is not
 * below min(dIn, dOut), G is formed and the smaller of G^T G and G G^T is used instead.
 */
export function gradientSpectrum(
  be: Backend,
  x: Float32Array,
  dy: Float32Array,
  T: number,
  dIn: number,
  dOut: number,
): SpectrumSummary {
  if (T < Math.min(dIn, dOut)) {
    const A = gram(be, x, T, dIn, true);
    const B = gram(be, dy, T, dOut, true);
    const { values, vectors } = be.symEig(A, T, true);
    const U = vectors as Float64Array;
    // A^{1/2} = (U diag(sqrt l)) U^T
    const Us = new Float64Array(T * T);
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++)
        Us[i * T + j] = (U[i * T + j] as number) * Math.sqrt(Math.max(values[j] as number, 0));
    }
    const half = new Float64Array(T * T);
    be.gemm64(false, true, T, T, T, 1, Us, T, U, T, 0, half, T);
    const hb = new Float64Array(T * T);
    be.gemm64(false, false, T, T, T, 1, half, T, B, T, 0, hb, T);
    const M = new Float64Array(T * T);
    be.gemm64(false, false, T, T, T, 1, hb, T, half, T, 0, M, T);
    symmetrize(M, T);
    return summarize(be.symEig(M, T, false).values);
  }
  const G = new Float32Array(dOut * dIn);
  be.gemm(true, false, dOut, dIn, T, 1, dy, dOut, x, dIn, 0, G, dIn);
  return matrixSpectrum(be, G, dOut, dIn);
}

/** Nuclear norm and top singular value of a rows x cols matrix via the eigenvalues of its smaller Gram. */
export function matrixSpectrum(be: Backend, g: Float32Array, rows: number, cols: number): SpectrumSummary {
  const outer = rows <= cols;
  const n = outer ? rows : cols;
  return summarize(be.symEig(gram(be, g, rows, cols, outer), n, false).values);
}
