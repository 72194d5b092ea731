import { createHash, randomUUID } from "node:crypto";
import {
  closeSync,
  createReadStream,
  existsSync,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { crc32 } from "node:zlib";
import { processAlive } from "../contracts/index.ts";
import { HubError } from "./errors.ts";
import type { CachedModel } from "./types.ts";

/**
 * On-disk crawl state under one folder (default <data-dir>/hub-cache/):
 *
 *   models.jsonl          append-only journal, one CachedModel per line as `<crc32 hex>\t<json>`;
 *                         a torn last line (kill -9 mid-write) fails its checksum and is ignored;
 *                         the same id may appear more than once: the last valid line wins
 *   configs/<xx>/<id>.json  raw config.json bytes as downloaded (xx: first 2 hex of sha1(id))
 *   crawls/<hash>.json    listing state of one query (next page URL, models listed so far)
 *   leaderboard/...       raw leaderboard result files
 *
 * Every file other than the journal is written to a temporary name and renamed into place.
 */
export const JOURNAL_FILE = "models.jsonl";

/** The cache path of a model's raw config.json, relative to the cache folder. */
export function configPath(id: string, kind: "configs" | "nested" = "configs"): string {
  const shard = createHash("sha1").update(id).digest("hex").slice(0, 2);
  return join(kind, shard, `${id.replace(/\//g, "__")}.json`);
}

export function formatJournalLine(value: unknown): string {
  const json = JSON.stringify(value);
  const sum = crc32(Buffer.from(json, "utf8")).toString(16).padStart(8, "0");
  return `${sum}\t${json}\n`;
}

/** Parses one journal line; null when the checksum or JSON is bad (a torn write). */
export function parseJournalLine<T>(line: string): T | null {
  const tab = line.indexOf("\t");
  if (tab !== 8) return null;
  const json = line.slice(9);
  const sum = crc32(Buffer.from(json, "utf8")).toString(16).padStart(8, "0");
  if (sum !== line.slice(0, 8)) return null;
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
}

/** An append-only journal file. Lines are written with one synchronous write each. */
export class Journal {
  private fd: number;
  /** Bytes in the file: the offset the next line starts at. */
  size: number;
  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, "a+");
    this.size = fstatSync(this.fd).size;
    // A kill -9 mid-line leaves no trailing newline: start a fresh line so the torn one stays alone.
    if (this.size > 0) {
      const last = Buffer.alloc(1);
      readSync(this.fd, last, 0, 1, this.size - 1);
      if (last[0] !== 0x0a) this.size += writeSync(this.fd, "\n");
    }
  }
  append(value: unknown): void {
    this.size += writeSync(this.fd, formatJournalLine(value));
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** Streams the valid entries of a journal in file order; counts torn or corrupt lines. */
export async function* readJournal<T>(
  file: string,
  stats?: { corrupt: number },
  fromByte = 0,
): AsyncGenerator<T> {
  if (!existsSync(file)) return;
  const input = createReadStream(file, { encoding: "utf8", start: fromByte });
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    if (line.length === 0) continue;
    const v = parseJournalLine<T>(line);
    if (v === null) {
      if (stats) stats.corrupt++;
      continue;
    }
    yield v;
  }
}

/** The journal folded by id (last valid entry wins), in first-seen order. */
export async function loadModelJournal(
  cacheDir: string,
  stats?: { corrupt: number },
): Promise<Map<string, CachedModel>> {
  const out = new Map<string, CachedModel>();
  for await (const e of readJournal<CachedModel>(join(cacheDir, JOURNAL_FILE), stats)) out.set(e.id, e);
  return out;
}

export function readJsonFile<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/**
 * Tokens of the locks this process holds. The lock is per cache, not per process, so a second crawl in the
 * same process is refused like one in another process; a lock naming this pid with a token not held here
 * was left by an earlier process that had the same pid, and is stale.
 */
const heldLocks = new Set<string>();

/**
 * Takes the cache's lock file (`<cache>/lock`: "pid token") so that two crawls never append to one
 * journal at once, whether they run in two processes or one. A lock left by a killed process is taken
 * over. Returns the function that releases it (only the lock it took: a later owner's is left alone).
 */
export function lockCache(cacheDir: string): () => void {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, "lock");
  const token = randomUUID();
  const mine = `${process.pid} ${token}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, mine, { flag: "wx" });
      heldLocks.add(token);
      return () => {
        heldLocks.delete(token);
        try {
          if (readFileSync(file, "utf8") === mine) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const held = readLock(file);
      if (held && lockAlive(held)) {
        const who =
          held.pid === process.pid
            ? "another crawl in this process"
            : `another strata collect (pid ${held.pid})`;
        throw new HubError(`${cacheDir} is in use by ${who}; wait for it or stop it`);
      }
      takeOverStale(file, held);
    }
  }
  throw new HubError(`cannot take the lock ${file}`);
}

interface LockOwner {
  pid: number;
  token: string;
  text: string;
}

function readLock(file: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  const [pid, token = ""] = text.trim().split(/\s+/);
  return { pid: Number(pid), token, text };
}

function lockAlive(owner: LockOwner): boolean {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.pid === process.pid) return heldLocks.has(owner.token);
  return processAlive(owner.pid);
}

/**
 * Removes a stale lock without removing a live one that replaced it meanwhile: the file is renamed to a
 * private name first, and put back when it turns out to be someone else's fresh lock.
 */
function takeOverStale(file: string, stale: LockOwner | null): void {
  const aside = `${file}.${process.pid}.${randomUUID().slice(0, 8)}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // gone already: the next attempt writes ours
  }
  if (stale !== null && readFileSync(aside, "utf8") !== stale.text) {
    try {
      linkSync(aside, file); // a live owner's lock: restore it unless yet another lock exists
    } catch {
      // Someone else's lock is in place; theirs wins.
    }
  }
  unlinkSync(aside);
}
