import { join } from "node:path";
import { loadModelJournal } from "./cache.ts";
import {
  collectLeaderboard,
  type LeaderboardCollectSummary,
  type LeaderboardVersion,
} from "./collect-leaderboard.ts";
import { type CrawlSummary, crawlHub } from "./crawl-hub.ts";
import { HubError } from "./errors.ts";
import { defaultRates, type PoliteFetchOptions, type RateLimits } from "./polite-fetch.ts";
import { resolveHubToken, resolveHubUrl } from "./token.ts";

/** The cache folder inside a dataset folder when --cache is not given. */
export const CACHE_SUBDIR = "hub-cache";
export const DEFAULT_CONCURRENCY = 8;

export type CollectPhase = "models" | "leaderboard";

export interface CollectOptions {
  dataDir: string;
  /** Default <dataDir>/hub-cache. */
  cacheDir?: string;
  /** --hub-url; falls back to HF_ENDPOINT, then the public Hub. */
  hubUrl?: string;
  filter?: string | null;
  author?: string | null;
  search?: string | null;
  since?: string | null;
  limit?: number | null;
  /** Import leaderboard results for the models already crawled instead of crawling models. */
  leaderboard?: LeaderboardVersion | null;
  /** undefined: HF_TOKEN or the token file; null: anonymous. */
  token?: string | null;
  /** config.json downloads per second (Resolvers bucket); API calls never exceed their own default. 0: unlimited. */
  rate?: number | null;
  concurrency?: number;
  restart?: boolean;
  /** Download again the models whose last attempt failed (after the listing, if unfinished). */
  retryFailed?: boolean;
  env?: Record<string, string | undefined>;
  http?: Omit<PoliteFetchOptions, "token" | "hubUrl" | "rate">;
  onProgress?: (phase: CollectPhase, done: number, total: number | undefined) => void;
}

export interface CollectResult {
  hubUrl: string;
  cacheDir: string;
  authenticated: boolean;
  /** Requests per second actually used, per bucket (0 = unlimited). */
  rate: RateLimits;
  crawl: CrawlSummary | null;
  leaderboard: LeaderboardCollectSummary | null;
}

/** The per-bucket rates for a --rate value: null -> defaults for the auth tier; 0 -> unlimited. */
export function ratesFor(rate: number | null | undefined, authenticated: boolean): RateLimits {
  const d = defaultRates(authenticated);
  if (rate === null || rate === undefined) return d;
  if (rate === 0) return { api: 0, resolvers: 0 };
  return { api: Math.min(rate, d.api), resolvers: rate };
}

/**
 * Crawls the Hub (or, with `leaderboard`, the leaderboard results of the models already crawled) into
 * the cache. Safe to kill and re-run. The dataset stage builds the dataset from that cache
 * (dataset/collectDataset runs both, as `strata collect` does).
 */
export async function collectHub(options: CollectOptions): Promise<CollectResult> {
  const env = options.env ?? process.env;
  const hubUrl = resolveHubUrl(options.hubUrl, env);
  const cacheDir = options.cacheDir ?? join(options.dataDir, CACHE_SUBDIR);
  const token = options.token === undefined ? resolveHubToken(env) : options.token;
  const rate = ratesFor(options.rate, token !== null);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  let crawl: CrawlSummary | null = null;
  let leaderboard: LeaderboardCollectSummary | null = null;
  if (options.leaderboard) {
    const journal = await loadModelJournal(cacheDir);
    const ids = new Set([...journal.values()].filter((e) => e.status === "fetched").map((e) => e.id));
    if (ids.size === 0) {
      throw new HubError(`no crawled models in ${cacheDir}: run \`strata collect\` before --leaderboard`);
    }
    leaderboard = await collectLeaderboard({
      version: options.leaderboard,
      cacheDir,
      hubUrl,
      ids,
      token,
      rate,
      concurrency,
      http: options.http,
      onProgress: (d, t) => options.onProgress?.("leaderboard", d, t),
    });
  } else {
    crawl = await crawlHub({
      cacheDir,
      query: {
        hubUrl,
        filter: options.filter ?? null,
        author: options.author ?? null,
        search: options.search ?? null,
        since: options.since ?? null,
        limit: options.limit ?? null,
      },
      token,
      rate,
      concurrency,
      restart: options.restart,
      retryFailed: options.retryFailed,
      http: options.http,
      onProgress: (d, t) => options.onProgress?.("models", d, t),
    });
  }
  return {
    hubUrl,
    cacheDir,
    authenticated: token !== null,
    rate,
    crawl,
    leaderboard,
  };
}
