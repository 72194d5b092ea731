/** Eigenvalues (ascending) and, when asked for, eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  values: Float64Array;
  /** Row-major n x n; column j is the eigenvector of values[j]. Null unless asked for. */
  vectors: Float64Array | null;
}

/** Jacobi sweeps before giving up on convergence (it converges quadratically; 30 is generous). */
const MAX_JACOBI_SWEEPS = 60;

/** Cyclic Jacobi rotations on a copy of `a`; eigenvalues sorted ascending. */
export function jacobiEig(
  a: Float64Array,
  n: number,
  wantVectors: true,
): SymmetricEigen & { vectors: Float64Array };
export function jacobiEig(a: Float64Array, n: number, wantVectors: boolean): SymmetricEigen;
export function jacobiEig(a: Float64Array, n: number, wantVectors: boolean): SymmetricEigen {
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
