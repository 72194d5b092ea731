/**
 * Keys (after RoPE) and values of the positions one layer has already seen, row-major (position x
 * kvHeads * headDim), so a new token attends to them without recomputing the prefix.
 */
export class KvLayer {
  k: Float32Array;
  v: Float32Array;
  private len = 0;

  constructor(
    readonly dim: number,
    capacity = 64,
  ) {
    this.k = new Float32Array(Math.max(1, capacity) * dim);
    this.v = new Float32Array(Math.max(1, capacity) * dim);
  }

  /** Positions held. */
  get length(): number {
    return this.len;
  }

  /** Appends T rows of keys and values (each T x dim), growing the buffers by doubling. */
  append(k: Float32Array, v: Float32Array, T: number): void {
    const need = (this.len + T) * this.dim;
    if (need > this.k.length) {
      const size = Math.max(need, 2 * this.k.length);
      const k2 = new Float32Array(size);
      const v2 = new Float32Array(size);
      k2.set(this.k.subarray(0, this.len * this.dim));
      v2.set(this.v.subarray(0, this.len * this.dim));
      this.k = k2;
      this.v = v2;
    }
    this.k.set(k.subarray(0, T * this.dim), this.len * this.dim);
    this.v.set(v.subarray(0, T * this.dim), this.len * this.dim);
    this.len += T;
  }

  /** Forgets every position from n on (to branch again from a shared prefix). */
  truncate(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > this.len) {
      throw new RangeError(`cannot truncate a cache of ${this.len} positions to ${n}`);
    }
    this.len = n;
  }
}

/** One KvLayer per layer that runs; every layer holds the same positions. */
export class KvCache {
  readonly layers: KvLayer[];

  constructor(layers: number, dim: number, capacity = 64) {
    this.layers = Array.from({ length: layers }, () => new KvLayer(dim, capacity));
  }

  /** Positions held (the next token's position). */
  get length(): number {
    return this.layers[0]?.length ?? 0;
  }

  truncate(n: number): void {
    for (const l of this.layers) l.truncate(n);
  }
}
