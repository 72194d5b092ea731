import { readFileSync } from "node:fs";
import { DataError, parseCsvText } from "../../contracts/index.ts";

/** One parsed record and the 1-based line (JSON Lines, CSV) or element number (JSON array) it came from. */
export interface SourceRecord<T> {
  line: number;
  value: T;
}

/** Largest data file read into memory (the full MMLU test set as CSV is ~7 MB; HellaSwag train ~50 MB). */
export const MAX_DATA_FILE_BYTES = 512 * 1024 * 1024;

function readText(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(`${file}: ${code === "ENOENT" ? "file not found" : (err as Error).message}`, file);
  }
  if (text.length > MAX_DATA_FILE_BYTES) {
    throw new DataError(`${file}: larger than ${MAX_DATA_FILE_BYTES} bytes`, file);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads JSON Lines (one object per line; blank lines skipped) or, when the file starts with '[', one JSON
 * array of objects (what a Parquet or `datasets` export to JSON gives). Every record must be an object.
 */
export function readJsonRecords(file: string): SourceRecord<Record<string, unknown>>[] {
  const text = readText(file);
  const out: SourceRecord<Record<string, unknown>>[] = [];
  if (text.trimStart().startsWith("[")) {
    let arr: unknown;
    try {
      arr = JSON.parse(text);
    } catch (err) {
      throw new DataError(`${file}: invalid JSON array: ${(err as Error).message}`, file);
    }
    if (!Array.isArray(arr)) throw new DataError(`${file}: expected a JSON array of objects`, file);
    arr.forEach((v, i) => {
      if (v === null || typeof v !== "object" || Array.isArray(v)) {
        throw new DataError(`${file}: element ${i + 1} is not a JSON object`, file, i + 1);
      }
      out.push({ line: i + 1, value: v as Record<string, unknown> });
    });
    return out;
  }
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw new DataError(`${file}:${i + 1}: invalid JSON: ${(err as Error).message}`, file, i + 1);
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      throw new DataError(`${file}:${i + 1}: expected a JSON object`, file, i + 1);
    }
    out.push({ line: i + 1, value: v as Record<string, unknown> });
  });
  return out;
}

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines); `line` is where each row starts. */
export function readCsvRows(file: string): SourceRecord<string[]>[] {
  return parseCsvText(readText(file)).map((item) => {
    if ("error" in item) throw new DataError(`${file}:${item.line}: ${item.error}`, file, item.line);
    return { line: item.line, value: item.fields };
  });
}
