import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { listFiles } from "@huggingface/hub";
import { writeFileAtomic } from "../contracts/index.ts";
import { Journal, lockCache, readJournal } from "./cache.ts";
import { HubError } from "./errors.ts";
import { parseV1Results, V1_RESULTS_REPO, type V1ResultFile, v1ModelOfPath } from "./leaderboard-v1.ts";
import { V2_CONTENTS_REPO } from "./leaderboard-v2.ts";
import {
  createPoliteFetch,
  type FetchStats,
  type PoliteFetchOptions,
  type RateLimits,
} from "./polite-fetch.ts";

export type LeaderboardVersion = "v1" | "v2";

export const V1_JOURNAL = join("leaderboard", "v1.jsonl");
export const V2_DIR = join("leaderboard", "v2");

/** One line of the v1 journal: a results file downloaded and parsed, or why not. */
export interface V1JournalEntry {
  path: string;
  status: "ok" | "failed";
  reason: string | null;
  result: V1ResultFile | null;
}

export interface LeaderboardCollectOptions {
  version: LeaderboardVersion;
  cacheDir: string;
  hubUrl: string;
  /** Crawled model ids: v1 downloads only their results files. */
  ids: Set<string>;
  /** Dataset repos (defaults: the public leaderboard datasets). */
  repo?: string;
  token?: string | null;
  rate?: RateLimits;
  concurrency?: number;
  http?: Omit<PoliteFetchOptions, "token" | "hubUrl" | "rate">;
  onProgress?: (done: number, total: number | undefined) => void;
}

export interface LeaderboardCollectSummary {
  version: LeaderboardVersion;
  repo: string;
  /** Result files that belong to crawled models (v1) or Parquet files of the table (v2). */
  files: number;
  downloaded: number;
  /** Already in the cache from an earlier run. */
  cached: number;
  failed: number;
  failures: { path: string; reason: string }[];
  /** Crawled models with at least one results file (v1). */
  models: number;
  http: FetchStats;
}

function fileUrl(hubUrl: string, repo: string, path: string): string {
  return `${hubUrl}/datasets/${repo}/resolve/main/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/**
 * Downloads leaderboard results into <cache>/leaderboard/. v1: lists the archived results dataset once
 * (one tree listing, paginated, via @huggingface/hub's listFiles with our polite fetch) and downloads the
 * results_*.json files of crawled models only, journaling each; v2: downloads the contents table's Parquet.
 * Re-running skips what is already cached.
 */
export async function collectLeaderboard(
  options: LeaderboardCollectOptions,
): Promise<LeaderboardCollectSummary> {
  const http = createPoliteFetch({
    ...options.http,
    token: options.token,
    hubUrl: options.hubUrl,
    rate: options.rate,
  });
  const repo = options.repo ?? (options.version === "v1" ? V1_RESULTS_REPO : V2_CONTENTS_REPO);
  const summary: LeaderboardCollectSummary = {
    version: options.version,
    repo,
    files: 0,
    downloaded: 0,
    cached: 0,
    failed: 0,
    failures: [],
    models: 0,
    http: http.stats,
  };
  const wanted: string[] = [];
  try {
    for await (const entry of listFiles({
      repo: { type: "dataset", name: repo },
      recursive: true,
      hubUrl: options.hubUrl,
      fetch: http.fetch,
    })) {
      if (entry.type !== "file") continue;
      if (options.version === "v1") {
        const id = v1ModelOfPath(entry.path);
        if (id !== null && options.ids.has(id)) wanted.push(entry.path);
      } else if (entry.path.endsWith(".parquet")) {
        wanted.push(entry.path);
      }
    }
  } catch (err) {
    if (err instanceof HubError) throw err;
    throw new HubError(`cannot list ${options.hubUrl}/datasets/${repo}: ${(err as Error).message}`);
  }
  summary.files = wanted.length;
  summary.models = new Set(wanted.map((p) => v1ModelOfPath(p) ?? p)).size;
  const unlock = lockCache(options.cacheDir);
  try {
    if (options.version === "v1") await downloadV1(options, repo, wanted, http.fetch, summary);
    else await downloadV2(options, repo, wanted, http.fetch, summary);
  } finally {
    unlock();
  }
  return summary;
}

async function downloadV1(
  options: LeaderboardCollectOptions,
  repo: string,
  paths: string[],
  fetchFn: typeof fetch,
  summary: LeaderboardCollectSummary,
): Promise<void> {
  const file = join(options.cacheDir, V1_JOURNAL);
  const have = new Set<string>();
  for await (const e of readJournal<V1JournalEntry>(file)) if (e.status === "ok") have.add(e.path);
  const journal = new Journal(file);
  const todo = paths.filter((p) => !have.has(p));
  summary.cached = paths.length - todo.length;
  let done = summary.cached;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const inflight = new Set<Promise<void>>();
  const one = async (path: string): Promise<void> => {
    const url = fileUrl(options.hubUrl, repo, path);
    let entry: V1JournalEntry;
    try {
      const res = await fetchFn(url);
      if (!res.ok) throw new Error(`HTTP ${res.status} ${url}`);
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new Error(`malformed JSON in ${url}: ${(err as Error).message}`);
      }
      const result = parseV1Results(json, path);
      if (!result) throw new Error(`${url}: no "results" map`);
      entry = { path, status: "ok", reason: null, result };
      summary.downloaded++;
    } catch (err) {
      const reason = (err as Error).message;
      entry = { path, status: "failed", reason, result: null };
      summary.failed++;
      if (summary.failures.length < 50) summary.failures.push({ path, reason });
    }
    journal.append(entry);
    options.onProgress?.(++done, paths.length);
  };
  try {
    for (const path of todo) {
      while (inflight.size >= concurrency) await Promise.race(inflight);
      const p = one(path).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
  } finally {
    journal.close();
  }
}

async function downloadV2(
  options: LeaderboardCollectOptions,
  repo: string,
  paths: string[],
  fetchFn: typeof fetch,
  summary: LeaderboardCollectSummary,
): Promise<void> {
  let done = 0;
  for (const path of paths) {
    const target = join(options.cacheDir, V2_DIR, path.replace(/\//g, "__"));
    if (existsSync(target)) {
      summary.cached++;
    } else {
      const url = fileUrl(options.hubUrl, repo, path);
      const res = await fetchFn(url);
      if (!res.ok) {
        summary.failed++;
        summary.failures.push({ path, reason: `HTTP ${res.status} ${url}` });
        continue;
      }
      writeFileAtomic(target, new Uint8Array(await res.arrayBuffer()));
      summary.downloaded++;
    }
    options.onProgress?.(++done, paths.length);
  }
}

/** Cached v2 Parquet files. */
export function cachedV2Files(cacheDir: string): string[] {
  const dir = join(cacheDir, V2_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".parquet"))
    .sort()
    .map((f) => join(dir, f));
}

/** Cached v1 results, grouped by model id. */
export async function cachedV1Results(cacheDir: string): Promise<Map<string, V1ResultFile[]>> {
  const byPath = new Map<string, V1ResultFile>();
  for await (const e of readJournal<V1JournalEntry>(join(cacheDir, V1_JOURNAL))) {
    if (e.status === "ok" && e.result) byPath.set(e.path, e.result);
  }
  const out = new Map<string, V1ResultFile[]>();
  for (const r of byPath.values()) {
    const id = v1ModelOfPath(r.path) ?? r.id;
    const list = out.get(id) ?? [];
    list.push(r);
    out.set(id, list);
  }
  return out;
}
