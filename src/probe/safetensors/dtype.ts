/** Storage dtypes Strata reads and writes, with their element sizes. */
export const DTYPE_BYTES = { F32: 4, F16: 2, BF16: 2 } as const;
export type DType = keyof typeof DTYPE_BYTES;

export function isDType(s: string): s is DType {
  return Object.hasOwn(DTYPE_BYTES, s);
}

let f16Table: Float32Array | null = null;

function halfTable(): Float32Array {
  if (f16Table) return f16Table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) t[h] = sign * frac * 2 ** -24;
    else if (exp === 31) t[h] = frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else t[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  f16Table = t;
  return t;
}

/** Widens raw little-endian bytes of `dtype` into a new Float32Array. */
export function toFloat32(bytes: Uint8Array, dtype: DType): Float32Array {
  const n = bytes.byteLength / DTYPE_BYTES[dtype];
  if (dtype === "F32") {
    const out = new Float32Array(n);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const u16 =
    bytes.byteOffset % 2 === 0
      ? new Uint16Array(bytes.buffer, bytes.byteOffset, n)
      : new Uint16Array(Uint8Array.from(bytes).buffer);
  if (dtype === "BF16") {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = (u16[i] as number) << 16;
    return new Float32Array(out.buffer);
  }
  const table = halfTable();
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = table[u16[i] as number] as number;
  return out;
}

/** Narrows float32 values to `dtype` bytes (round to nearest even). */
export function fromFloat32(values: Float32Array, dtype: DType): Uint8Array {
  if (dtype === "F32") return new Uint8Array(Float32Array.from(values).buffer);
  const u32 = new Uint32Array(Float32Array.from(values).buffer);
  const out = new Uint16Array(values.length);
  if (dtype === "BF16") {
    for (let i = 0; i < u32.length; i++) {
      const x = u32[i] as number;
      if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) out[i] = (x >>> 16) | 0x40;
      else out[i] = (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
    }
  } else {
    for (let i = 0; i < u32.length; i++) out[i] = f32ToF16(u32[i] as number);
  }
  return new Uint8Array(out.buffer);
}

function f32ToF16(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && m & 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 31) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}
