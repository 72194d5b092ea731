import type { Matrix } from "../types.ts";

/** Most bytes of kernel rows kept at once (libsvm's default cache, what sklearn's SVR uses, is 200 MB). */
export const KERNEL_CACHE_BYTES = 200 * 1024 * 1024;

/**
 * Rows of the RBF kernel K[u][v] = exp(-gamma * |x_u - x_v|^2) over a set of (distinct) points, each
 * computed on first use and kept as float32, the precision libsvm caches its kernel in (Qfloat). The
 * squared distance is |x_u|^2 + |x_v|^2 - 2 x_u.x_v, as libsvm computes it during training, so the cached
 * values round as libsvm's do. When every row does not fit in `budgetBytes`, the oldest row is dropped.
 */
export class RbfKernelRows {
  readonly size: number;
  private readonly sq: Float64Array;
  private readonly rows: (Float32Array | undefined)[];
  private readonly kept: number[] = [];
  private readonly capacity: number;
  /** Kernel rows computed so far (a row dropped and needed again counts twice). */
  computed = 0;

  constructor(
    private readonly X: Matrix,
    private readonly gamma: number,
    budgetBytes = KERNEL_CACHE_BYTES,
  ) {
    const { rows: d, cols: p, data } = X;
    this.size = d;
    this.sq = new Float64Array(d);
    for (let u = 0; u < d; u++) this.sq[u] = dot(data, u * p, u * p, p);
    this.rows = new Array<Float32Array | undefined>(d).fill(undefined);
    this.capacity = Math.max(2, Math.floor(budgetBytes / (4 * Math.max(d, 1))));
  }

  /** Row u of the kernel (read only: it is shared with later calls). */
  row(u: number): Float32Array {
    const have = this.rows[u];
    if (have !== undefined) return have;
    if (this.kept.length >= this.capacity) this.rows[this.kept.shift() as number] = undefined;
    const { cols: p, data } = this.X;
    const out = new Float32Array(this.size);
    const su = this.sq[u] as number;
    const g = this.gamma;
    for (let v = 0; v < this.size; v++) {
      // The kernel is symmetric to the bit (a + b = b + a, and the dot product is the same either way).
      const other = this.rows[v];
      out[v] =
        other !== undefined
          ? (other[u] as number)
          : Math.exp(-g * (su + (this.sq[v] as number) - 2 * dot(data, u * p, v * p, p)));
    }
    this.rows[u] = out;
    this.kept.push(u);
    this.computed++;
    return out;
  }
}

function dot(data: Float64Array, a: number, b: number, p: number): number {
  let s = 0;
  for (let k = 0; k < p; k++) s += (data[a + k] as number) * (data[b + k] as number);
  return s;
}
