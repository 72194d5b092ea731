import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TaskResult } from "./parallel/tasks.ts";

/** The folder under a dataset folder where fitted results are kept. */
export const FIT_CACHE_SUBDIR = "fit-cache";

/** The layout of an entry file; entries of another layout are refit. */
const ENTRY_FORMAT = "strata-fit-cache/1";

/** Entries larger than this are not read (a cached result is a few arrays of one value per test row). */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** What a cache lookup found. */
export type CacheLookup =
  | { status: "hit"; result: TaskResult }
  | { status: "miss" }
  /** An entry exists but fails its checks (truncated, edited, another key or layout): to be refit. */
  | { status: "corrupt"; reason: string };

/**
 * Fitted results on disk, one file per task key (task-key.ts) under `dir`, in folders named by the key's
 * first two hex digits. An entry is JSON: its layout, its key, the result (typed arrays as base64 of
 * their bytes) and the SHA-256 of that result text. It is written to a temporary file and renamed, so a
 * reader never sees half an entry; one that fails a check is reported corrupt (and overwritten by the
 * refit), never used.
 */
export class FitCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): CacheLookup {
    let text: string;
    try {
      const buf = readFileSync(this.file(key));
      if (buf.length > MAX_ENTRY_BYTES) return { status: "corrupt", reason: "entry too large" };
      text = buf.toString("utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { status: "miss" };
      return { status: "corrupt", reason: `unreadable: ${(err as Error).message}` };
    }
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      return { status: "corrupt", reason: "not JSON" };
    }
    if (typeof entry !== "object" || entry === null) return { status: "corrupt", reason: "not an entry" };
    const e = entry as Record<string, unknown>;
    if (e.format !== ENTRY_FORMAT) return { status: "corrupt", reason: `layout ${String(e.format)}` };
    if (e.key !== key) return { status: "corrupt", reason: "another key" };
    if (typeof e.result !== "string" || typeof e.sha256 !== "string")
      return { status: "corrupt", reason: "fields missing" };
    if (sha256(e.result) !== e.sha256) return { status: "corrupt", reason: "checksum mismatch" };
    try {
      return { status: "hit", result: decode(e.result) };
    } catch (err) {
      return { status: "corrupt", reason: (err as Error).message };
    }
  }

  /** Stores a result (best effort: a full disk or a read-only folder only costs a refit later). */
  put(key: string, result: TaskResult): boolean {
    const file = this.file(key);
    const text = encode(result);
    const body = `${JSON.stringify({ format: ENTRY_FORMAT, key, sha256: sha256(text), result: text })}\n`;
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
      writeFileSync(tmp, body);
      renameSync(tmp, file);
      return true;
    } catch {
      rmSync(tmp, { force: true });
      return false;
    }
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** JSON with every Float64Array as {"f64": base64 of its bytes} (exact, NaN and infinities included). */
function encode(result: TaskResult): string {
  return JSON.stringify(result, (_, v: unknown) =>
    v instanceof Float64Array
      ? { f64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") }
      : v,
  );
}

function decode(text: string): TaskResult {
  const value = JSON.parse(text, (_, v: unknown) => {
    if (
      typeof v === "object" &&
      v !== null &&
      "f64" in v &&
      typeof (v as { f64: unknown }).f64 === "string"
    ) {
      const bytes = Buffer.from((v as { f64: string }).f64, "base64");
      if (bytes.length % 8 !== 0) throw new Error("array of a partial number of values");
      const out = new Float64Array(bytes.length / 8);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    }
    return v;
  }) as unknown;
  if (typeof value !== "object" || value === null || typeof (value as { kind?: unknown }).kind !== "string")
    throw new Error("result without a kind");
  return value as TaskResult;
}
