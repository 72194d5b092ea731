import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { StrataError } from "./errors.ts";

/** Largest JSON header accepted (the format's own reference reader uses 100 MB). */
export const MAX_SAFETENSORS_HEADER_BYTES = 100 * 1024 * 1024;

/** A safetensors file that cannot be read: bad header, bad offsets, unknown dtype. Names the file and tensor. */
export class SafetensorsError extends StrataError {
  constructor(
    message: string,
    readonly file: string,
    readonly tensor?: string,
  ) {
    super(tensor === undefined ? `${file}: ${message}` : `${file}: tensor '${tensor}': ${message}`);
  }
}

/** A safetensors header as the file states it: each entry still unchecked beyond being there. */
export interface RawSafetensorsHeader {
  /** Tensor entries in file order; `__metadata__` is taken out. */
  entries: [name: string, entry: unknown][];
  /** The `__metadata__` value, if the header has one (unchecked). */
  metadata: unknown;
  /** Byte offset where the data section starts (8 + header length). */
  dataOffset: number;
  /** Bytes after the header. */
  dataSize: number;
}

/**
 * Reads the 8-byte length and the JSON header of one .safetensors file, and checks only what every
 * reader needs: the length is within the limit and the file, and the header is a JSON object. The
 * data is not read. Throws SafetensorsError naming the file.
 */
export function readRawSafetensorsHeader(file: string): RawSafetensorsHeader {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    throw new SafetensorsError(`cannot open: ${(err as Error).message}`, file);
  }
  try {
    const size = fstatSync(fd).size;
    if (size < 8) {
      throw new SafetensorsError(`file is ${size} bytes, shorter than the 8-byte header length`, file);
    }
    const lenBuf = Buffer.alloc(8);
    readSync(fd, lenBuf, 0, 8, 0);
    const headerLen = lenBuf.readBigUInt64LE(0);
    if (headerLen > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
      throw new SafetensorsError(
        `header length ${headerLen} exceeds the limit ${MAX_SAFETENSORS_HEADER_BYTES}`,
        file,
      );
    }
    const n = Number(headerLen);
    if (8 + n > size) throw new SafetensorsError(`header length ${n} runs past the end of the file`, file);
    const headerBuf = Buffer.alloc(n);
    readSync(fd, headerBuf, 0, n, 8);
    let parsed: unknown;
    try {
      parsed = JSON.parse(headerBuf.toString("utf8"));
    } catch (err) {
      throw new SafetensorsError(`header is not valid JSON: ${(err as Error).message}`, file);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new SafetensorsError("header is not a JSON object", file);
    }
    const entries: [string, unknown][] = [];
    let metadata: unknown;
    for (const [name, entry] of Object.entries(parsed as Record<string, unknown>)) {
      if (name === "__metadata__") metadata = entry;
      else entries.push([name, entry]);
    }
    return { entries, metadata, dataOffset: 8 + n, dataSize: size - 8 - n };
  } finally {
    closeSync(fd);
  }
}

/** A tensor shape from a header entry: an array of non-negative safe integers, or null. */
export function entryShape(entry: unknown): number[] | null {
  const shape: unknown =
    entry !== null && typeof entry === "object" ? (entry as { shape?: unknown }).shape : undefined;
  if (!Array.isArray(shape) || !shape.every((x) => Number.isSafeInteger(x) && x >= 0)) return null;
  return shape as number[];
}
