/** RoPE tables for positions start..start+T-1 (HF "rotate_half" layout: pairs (i, i + headDim/2)). */
export interface Rope {
  half: number;
  cos: Float32Array;
  sin: Float32Array;
}

export function ropeTables(T: number, headDim: number, theta: number, start = 0): Rope {
  const half = headDim / 2;
  const cos = new Float32Array(T * half);
  const sin = new Float32Array(T * half);
  for (let i = 0; i < half; i++) {
    // Same float32 rounding of the inverse frequency as the PyTorch implementations.
    const invFreq = Math.fround(1 / Math.fround(theta ** Math.fround((2 * i) / headDim)));
    for (let t = 0; t < T; t++) {
      const a = Math.fround((start + t) * invFreq);
      cos[t * half + i] = Math.cos(a);
      sin[t * half + i] = Math.sin(a);
    }
  }
  return { half, cos, sin };
}

/** Rotates every head of x (T rows of nHeads * headDim) in place; `inverse` applies the transpose (backward). */
export function applyRope(x: Float32Array, T: number, nHeads: number, rope: Rope, inverse = false): void {
  const { half, cos, sin } = rope;
  const hd = 2 * half;
  const sgn = inverse ? -1 : 1;
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < nHeads; h++) {
      const base = (t * nHeads + h) * hd;
      for (let i = 0; i < half; i++) {
        const c = cos[t * half + i] as number;
        const s = sgn * (sin[t * half + i] as number);
        const a = x[base + i] as number;
        const b = x[base + half + i] as number;
        x[base + i] = a * c - b * s;
        x[base + half + i] = b * c + a * s;
      }
    }
  }
}
