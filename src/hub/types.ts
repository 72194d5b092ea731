/**
 * One model as GET /api/models returns it with the expand[] fields Strata asks for (raw API shape).
 * Every field beyond `id` is optional: the Hub omits what a repo does not have.
 */
export interface RawListedModel {
  _id?: string;
  id: string;
  sha?: string;
  createdAt?: string;
  lastModified?: string;
  likes?: number;
  downloads?: number;
  tags?: string[];
  library_name?: string;
  pipeline_tag?: string;
  gated?: false | "auto" | "manual";
  private?: boolean;
  safetensors?: { parameters?: Record<string, number>; total?: number };
}

/** The expand[] fields requested from the listing (everything the dataset needs but the config). */
export const LISTING_EXPAND = [
  "sha",
  "createdAt",
  "lastModified",
  "likes",
  "downloads",
  "tags",
  "library_name",
  "pipeline_tag",
  "gated",
  "private",
  "safetensors",
] as const;

/** What Strata keeps of a listed model (the listing fields, minus the noise). */
export interface HubModelMeta {
  sha: string | null;
  createdAt: string | null;
  lastModified: string | null;
  likes: number | null;
  downloads: number | null;
  tags: string[];
  library_name: string | null;
  pipeline_tag: string | null;
  gated: false | "auto" | "manual";
  /** Exact parameter count from the Hub's safetensors metadata, when it has one. */
  safetensors_total: number | null;
}

/**
 * fetched: config.json downloaded and parsed; gated: 401/403; missing: 404 (no config.json or no
 * repo); failed: gave up after retries, or the body was malformed (reason says which).
 */
export type ModelStatus = "fetched" | "gated" | "missing" | "failed";
export const MODEL_STATUSES = [
  "fetched",
  "gated",
  "missing",
  "failed",
] as const satisfies readonly ModelStatus[];

/** One journal line: a model's outcome and everything needed to rebuild its record offline. */
export interface CachedModel {
  id: string;
  status: ModelStatus;
  reason: string | null;
  /** Commit of the config.json read (X-Repo-Commit), else the listing sha. */
  revision: string | null;
  etag: string | null;
  /** Path of the raw config.json inside the cache folder, when fetched. */
  configFile: string | null;
  /** Nested language-model config fetched for a multimodal wrapper: Hub id and cache path. */
  nested: { id: string; file: string } | null;
  meta: HubModelMeta;
  at: string;
}

/** What is filtered when listing; also the key of the crawl's saved state. */
export interface CrawlQuery {
  hubUrl: string;
  filter: string | null;
  author: string | null;
  search: string | null;
  /** ISO date: only models created on or after it (listing sorted by createdAt, newest first). */
  since: string | null;
  limit: number | null;
}

/** Saved listing position of one query, rewritten atomically after each completed page. */
export interface CrawlState {
  version: 1;
  query: CrawlQuery;
  /** URL of the first page not yet fully processed; null once the listing is exhausted. */
  pageUrl: string | null;
  /** Models listed in fully processed pages. */
  listed: number;
  /**
   * Journal size when the page at `pageUrl` started: every model of that page or a later one that was
   * handled before a kill is journaled at or after this byte.
   */
  journalOffset: number;
  complete: boolean;
  startedAt: string;
  updatedAt: string;
}
