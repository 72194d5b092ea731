import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../contracts/index.ts";
import {
  configPath,
  JOURNAL_FILE,
  Journal,
  loadModelJournal,
  lockCache,
  readJournal,
  readJsonFile,
} from "./cache.ts";
import { fetchConfig } from "./fetch-config.ts";
import { fetchListingPage, firstPageUrl, type ListingPage } from "./list-models.ts";
import { nestedConfigRef } from "./nested-config.ts";
import {
  createPoliteFetch,
  type FetchStats,
  type PoliteFetchOptions,
  type RateLimits,
} from "./polite-fetch.ts";
import { toMeta } from "./to-record.ts";
import {
  type CachedModel,
  type CrawlQuery,
  type CrawlState,
  MODEL_STATUSES,
  type ModelStatus,
  type RawListedModel,
} from "./types.ts";

/** Most failure reasons kept in the summary (all of them stay in the journal). */
export const MAX_SUMMARY_FAILURES = 50;

export interface CrawlOptions {
  cacheDir: string;
  query: CrawlQuery;
  token?: string | null;
  /** Requests per second per bucket; unlimited when omitted. */
  rate?: RateLimits;
  /** config.json downloads in flight at once (default 8). */
  concurrency?: number;
  /** Forget the saved listing position and list again from the first page (cached configs stay). */
  restart?: boolean;
  /** After listing, download again the models whose last outcome was `failed` (transient errors). */
  retryFailed?: boolean;
  /** Retry, backoff and timeout knobs of the HTTP layer (tests use tiny delays). */
  http?: Omit<PoliteFetchOptions, "token" | "hubUrl" | "rate">;
  onProgress?: (done: number, total: number | undefined) => void;
}

export interface CrawlSummary {
  /** Models the listing has handed out for this query so far (all runs). */
  listed: number;
  /** Models handled in this run (fetched or recorded as gated/missing/failed). */
  processed: number;
  /** Listed models skipped in this run because an earlier run already handled them. */
  resumed: number;
  counts: Record<ModelStatus, number>;
  failures: { id: string; status: ModelStatus; reason: string }[];
  /** Nested language-model configs fetched for multimodal wrappers. */
  nestedFetched: number;
  /** Previously failed models tried again (retryFailed). */
  retried: number;
  complete: boolean;
  http: FetchStats;
  elapsedMs: number;
}

interface PageTrack {
  page: ListingPage;
  pending: number;
  journalOffset: number;
}

/** File holding the listing position of one query. */
export function statePath(cacheDir: string, query: CrawlQuery): string {
  const key = createHash("sha256").update(JSON.stringify(query)).digest("hex").slice(0, 16);
  return join(cacheDir, "crawls", `${key}.json`);
}

/**
 * Lists models page by page and downloads each one's config.json into the cache, journaling every
 * outcome. Memory stays flat: one listing page and `concurrency` downloads in flight. After each fully
 * handled page the listing cursor is saved atomically; a killed run resumes at that page and skips the
 * models journaled since (read from the journal tail), so nothing is lost or fetched twice.
 */
export async function crawlHub(options: CrawlOptions): Promise<CrawlSummary> {
  const started = Date.now();
  const unlock = lockCache(options.cacheDir);
  try {
    return await crawlLocked(options, started);
  } finally {
    unlock();
  }
}

async function crawlLocked(options: CrawlOptions, started: number): Promise<CrawlSummary> {
  const { cacheDir, query } = options;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const http = createPoliteFetch({
    ...options.http,
    token: options.token,
    hubUrl: query.hubUrl,
    rate: options.rate,
  });
  const stateFile = statePath(cacheDir, query);
  const now = () => new Date().toISOString();
  let state: CrawlState | null = options.restart ? null : readJsonFile<CrawlState>(stateFile);
  if (state?.version !== 1) state = null;
  if (!state) {
    state = {
      version: 1,
      query,
      pageUrl: firstPageUrl(query),
      listed: 0,
      journalOffset: 0,
      complete: false,
      startedAt: now(),
      updatedAt: now(),
    };
  }
  const journalFile = join(cacheDir, JOURNAL_FILE);
  // Models journaled after the saved cursor's page began: already handled, skip them on resume.
  const done = new Set<string>();
  if (!state.complete) {
    for await (const e of readJournal<CachedModel>(journalFile, undefined, state.journalOffset))
      done.add(e.id);
  }
  const journal = new Journal(journalFile);
  const summary: CrawlSummary = {
    listed: state.listed,
    processed: 0,
    resumed: 0,
    counts: Object.fromEntries(MODEL_STATUSES.map((s) => [s, 0])) as Record<ModelStatus, number>,
    failures: [],
    nestedFetched: 0,
    retried: 0,
    complete: state.complete,
    http: http.stats,
    elapsedMs: 0,
  };
  const total = query.limit ?? undefined;
  let progressed = state.listed;
  const tracks: PageTrack[] = [];
  const saveState = (): void => {
    if (!state) return;
    state.updatedAt = now();
    writeFileAtomic(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  };
  const advance = (): void => {
    if (!state) return;
    let moved = false;
    while (tracks[0] !== undefined && tracks[0].pending === 0) {
      const t = tracks.shift() as PageTrack;
      state.listed += t.page.items.length;
      state.pageUrl = t.page.next;
      state.journalOffset = tracks[0]?.journalOffset ?? journal.size;
      moved = true;
    }
    if (!moved) return;
    if (state.pageUrl === null && tracks.length === 0) state.complete = true;
    saveState();
  };
  const finishOne = (t: PageTrack): void => {
    t.pending--;
    progressed++;
    options.onProgress?.(progressed, total);
    if (t.pending === 0) advance();
  };

  const inflight = new Set<Promise<void>>();
  let firstError: unknown = null;
  const handle = async (item: RawListedModel, t: PageTrack | null): Promise<void> => {
    try {
      const entry = await processModel(item, ctx);
      journal.append(entry);
      summary.processed++;
      summary.counts[entry.status]++;
      if (entry.nested) summary.nestedFetched++;
      if (entry.status !== "fetched" && entry.reason && summary.failures.length < MAX_SUMMARY_FAILURES) {
        summary.failures.push({ id: entry.id, status: entry.status, reason: entry.reason });
      }
      if (t) finishOne(t);
    } catch (err) {
      firstError ??= err;
    }
  };
  const schedule = async (item: RawListedModel, t: PageTrack | null): Promise<void> => {
    while (inflight.size >= concurrency) await Promise.race(inflight);
    const p = handle(item, t).finally(() => inflight.delete(p));
    inflight.add(p);
  };

  const madeDirs = new Set<string>();
  const ctx: ProcessContext = { cacheDir, hubUrl: query.hubUrl, fetch: http.fetch, madeDirs };
  try {
    let url = state.complete ? null : state.pageUrl;
    let listedSoFar = state.listed;
    while (url !== null && firstError === null) {
      const page = await fetchListingPage(url, http.fetch);
      trimPage(page, query, listedSoFar);
      listedSoFar += page.items.length;
      summary.listed = listedSoFar;
      const track: PageTrack = { page, pending: page.items.length, journalOffset: journal.size };
      tracks.push(track);
      for (const item of page.items) {
        if (firstError !== null) break;
        if (done.has(item.id)) {
          summary.resumed++;
          finishOne(track);
          continue;
        }
        await schedule(item, track);
      }
      if (track.pending === 0) advance();
      url = page.next;
    }
    if (options.retryFailed && firstError === null) {
      await Promise.all(inflight);
      const failed = [...(await loadModelJournal(cacheDir)).values()].filter((e) => e.status === "failed");
      summary.retried = failed.length;
      for (const e of failed) {
        if (firstError !== null) break;
        await schedule(listedFromMeta(e), null);
      }
    }
  } catch (err) {
    firstError ??= err;
  }
  // Let the downloads in flight land in the journal before closing it, even when listing failed.
  await Promise.all(inflight);
  journal.close();
  if (firstError !== null) throw firstError;
  summary.complete = state.complete;
  summary.elapsedMs = Date.now() - started;
  return summary;
}

/** Cuts a page at --limit and at the first model older than --since; a cut page is the last one. */
function trimPage(page: ListingPage, query: CrawlQuery, listedBefore: number): void {
  let items = page.items;
  let last = false;
  if (query.since !== null) {
    const since = query.since;
    const cut = items.findIndex((it) => typeof it.createdAt === "string" && it.createdAt < since);
    if (cut >= 0) {
      items = items.slice(0, cut);
      last = true;
    }
  }
  if (query.limit !== null && listedBefore + items.length >= query.limit) {
    items = items.slice(0, Math.max(0, query.limit - listedBefore));
    last = true;
  }
  page.items = items;
  if (last) page.next = null;
}

/** A journaled model back in the listing's shape, to download it again. */
function listedFromMeta(e: CachedModel): RawListedModel {
  const m = e.meta;
  const item: RawListedModel = { id: e.id, gated: m.gated, tags: m.tags };
  if (m.sha !== null) item.sha = m.sha;
  if (m.createdAt !== null) item.createdAt = m.createdAt;
  if (m.lastModified !== null) item.lastModified = m.lastModified;
  if (m.likes !== null) item.likes = m.likes;
  if (m.downloads !== null) item.downloads = m.downloads;
  if (m.library_name !== null) item.library_name = m.library_name;
  if (m.pipeline_tag !== null) item.pipeline_tag = m.pipeline_tag;
  if (m.safetensors_total !== null) item.safetensors = { total: m.safetensors_total };
  return item;
}

interface ProcessContext {
  cacheDir: string;
  hubUrl: string;
  fetch: typeof fetch;
  /** Folders already created in this crawl (the hot path skips mkdir for them). */
  madeDirs: Set<string>;
}

/** Downloads one model's config.json (and a nested base config when needed); never throws for HTTP. */
async function processModel(item: RawListedModel, ctx: ProcessContext): Promise<CachedModel> {
  const meta = toMeta(item);
  const at = new Date().toISOString();
  const r = await fetchConfig({ hubUrl: ctx.hubUrl, id: item.id, revision: meta.sha, fetch: ctx.fetch });
  if (r.status !== "fetched") {
    return {
      id: item.id,
      status: r.status,
      reason: r.reason,
      revision: meta.sha,
      etag: null,
      configFile: null,
      nested: null,
      meta,
      at,
    };
  }
  const file = configPath(item.id);
  await writeRaw(join(ctx.cacheDir, file), r.text, ctx.madeDirs);
  let nested: CachedModel["nested"] = null;
  const ref = nestedConfigRef(r.config);
  if (ref !== null && ref.id !== item.id) {
    const nestedFile = configPath(ref.id, "nested");
    if (existsSync(join(ctx.cacheDir, nestedFile))) {
      nested = { id: ref.id, file: nestedFile };
    } else {
      const n = await fetchConfig({ hubUrl: ctx.hubUrl, id: ref.id, fetch: ctx.fetch });
      if (n.status === "fetched") {
        await writeRaw(join(ctx.cacheDir, nestedFile), n.text, ctx.madeDirs);
        nested = { id: ref.id, file: nestedFile };
      }
    }
  }
  return {
    id: item.id,
    status: "fetched",
    reason: null,
    revision: r.commit ?? meta.sha,
    etag: r.etag,
    configFile: file,
    nested,
    meta,
    at,
  };
}

/**
 * Atomic write (temp + rename) without re-creating known folders on every file. Asynchronous, so a slow
 * disk does not stall the downloads in flight (this is the crawl's hot path).
 */
async function writeRaw(file: string, text: string, madeDirs: Set<string>): Promise<void> {
  const dir = dirname(file);
  if (!madeDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}
