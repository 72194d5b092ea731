import { closeSync, openSync, readSync } from "node:fs";
import {
  MAX_SAFETENSORS_HEADER_BYTES,
  readRawSafetensorsHeader,
  SafetensorsError,
} from "../../contracts/index.ts";
import { DTYPE_BYTES, type DType, isDType, toFloat32 } from "./dtype.ts";

/** Most tensors one file may declare. */
export const MAX_TENSORS_PER_FILE = 1_000_000;
/** Highest tensor rank accepted. */
export const MAX_RANK = 8;
/** Largest JSON header accepted (the format's own reference reader uses 100 MB). */
export const MAX_HEADER_BYTES = MAX_SAFETENSORS_HEADER_BYTES;

export interface TensorInfo {
  name: string;
  dtype: DType;
  shape: number[];
  /** The file holding it. */
  file: string;
  /** Absolute byte offset of its data in `file`. */
  offset: number;
  byteLength: number;
}

export interface SafetensorsHeader {
  file: string;
  tensors: Map<string, TensorInfo>;
  metadata: Record<string, string> | null;
  /** Byte offset where the data section starts (8 + header length). */
  dataOffset: number;
}

/** Reads and validates the header of one .safetensors file (the data is not read). */
export function readSafetensorsHeader(file: string): SafetensorsHeader {
  const raw = readRawSafetensorsHeader(file);
  if (raw.entries.length > MAX_TENSORS_PER_FILE) {
    throw new SafetensorsError(
      `declares ${raw.entries.length} tensors, over the limit ${MAX_TENSORS_PER_FILE}`,
      file,
    );
  }
  const tensors = new Map<string, TensorInfo>();
  for (const [name, entry] of raw.entries) {
    tensors.set(name, parseEntry(name, entry, file, raw.dataOffset, raw.dataSize));
  }
  const metadata = raw.metadata === undefined ? null : parseMetadata(raw.metadata, file);
  return { file, tensors, metadata, dataOffset: raw.dataOffset };
}

function parseMetadata(raw: unknown, file: string): Record<string, string> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new SafetensorsError("__metadata__ is not an object of strings", file);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== "string") throw new SafetensorsError(`__metadata__.${k} is not a string`, file);
    out[k] = v;
  }
  return out;
}

function parseEntry(
  name: string,
  raw: unknown,
  file: string,
  dataOffset: number,
  dataSize: number,
): TensorInfo {
  if (raw === null || typeof raw !== "object")
    throw new SafetensorsError("entry is not an object", file, name);
  const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof e.dtype !== "string") throw new SafetensorsError("missing dtype", file, name);
  if (!isDType(e.dtype)) {
    throw new SafetensorsError(`dtype ${e.dtype} is not supported (F32, F16, BF16)`, file, name);
  }
  if (!Array.isArray(e.shape) || e.shape.length > MAX_RANK) {
    throw new SafetensorsError(`shape must be an array of at most ${MAX_RANK} sizes`, file, name);
  }
  const shape = e.shape.map((d) => {
    if (!Number.isSafeInteger(d) || (d as number) < 0) {
      throw new SafetensorsError(`shape ${JSON.stringify(e.shape)} has an invalid size`, file, name);
    }
    return d as number;
  });
  const offs = e.data_offsets;
  if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new SafetensorsError("data_offsets must be two non-negative integers", file, name);
  }
  const [begin, end] = offs as [number, number];
  if (end < begin || end > dataSize) {
    throw new SafetensorsError(
      `data_offsets [${begin}, ${end}] fall outside the ${dataSize}-byte data section`,
      file,
      name,
    );
  }
  const expected = shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[e.dtype];
  if (end - begin !== expected) {
    throw new SafetensorsError(
      `data_offsets span ${end - begin} bytes but ${e.dtype} ${JSON.stringify(shape)} needs ${expected}`,
      file,
      name,
    );
  }
  return { name, dtype: e.dtype, shape, file, offset: dataOffset + begin, byteLength: end - begin };
}

/** Reads one tensor's raw bytes (stored dtype) from disk. */
export function readTensorBytes(info: TensorInfo): Buffer {
  const buf = Buffer.allocUnsafe(info.byteLength);
  const fd = openSync(info.file, "r");
  try {
    let done = 0;
    while (done < info.byteLength) {
      const n = readSync(fd, buf, done, Math.min(info.byteLength - done, 1 << 30), info.offset + done);
      if (n === 0) throw new SafetensorsError("file ended while reading tensor data", info.file, info.name);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** Reads one tensor and widens it to float32. */
export function readTensorF32(info: TensorInfo): Float32Array {
  return toFloat32(readTensorBytes(info), info.dtype);
}
