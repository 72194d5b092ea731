import { closeSync, openSync, writeSync } from "node:fs";
import { DTYPE_BYTES, type DType } from "./dtype.ts";

export interface TensorToWrite {
  name: string;
  dtype: DType;
  shape: number[];
  /** Raw little-endian bytes, or a function producing them when the file is written (keeps memory low). */
  data: Uint8Array | (() => Uint8Array);
}

/** Writes a .safetensors file: 8-byte header length, JSON header padded to 8 bytes, then the data. */
export function writeSafetensors(
  file: string,
  tensors: TensorToWrite[],
  metadata?: Record<string, string>,
): void {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(headerBytes.length));
  const fd = openSync(file, "w");
  try {
    writeSync(fd, len);
    writeSync(fd, headerBytes);
    for (const t of tensors) {
      const data = typeof t.data === "function" ? t.data() : t.data;
      const expected = t.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[t.dtype];
      if (data.byteLength !== expected) {
        throw new RangeError(
          `${file}: tensor '${t.name}' has ${data.byteLength} bytes, expected ${expected}`,
        );
      }
      let done = 0;
      while (done < data.byteLength) done += writeSync(fd, data, done, data.byteLength - done);
    }
  } finally {
    closeSync(fd);
  }
}
