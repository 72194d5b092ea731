/**
 * The Hub stage: crawl model configs and leaderboard results from the Hugging Face Hub (or a mirror)
 * into a resumable on-disk cache, and read the dataset's records back from that cache.
 */
export { configPath, loadModelJournal, readJournal } from "./cache.ts";
export {
  CACHE_SUBDIR,
  type CollectOptions,
  type CollectPhase,
  type CollectResult,
  collectHub,
  DEFAULT_CONCURRENCY,
  ratesFor,
} from "./collect-hub.ts";
export {
  collectLeaderboard,
  type LeaderboardCollectOptions,
  type LeaderboardCollectSummary,
  type LeaderboardVersion,
} from "./collect-leaderboard.ts";
export { type CrawlOptions, type CrawlSummary, crawlHub } from "./crawl-hub.ts";
export { HubError } from "./errors.ts";
export { type FetchConfigResult, fetchConfig } from "./fetch-config.ts";
export { joinV1, parseV1Results, V1_RESULTS_REPO } from "./leaderboard-v1.ts";
export { readV2Contents, V2_CONTENTS_REPO } from "./leaderboard-v2.ts";
export { firstPageUrl, parseLinkHeader } from "./list-models.ts";
export {
  createPoliteFetch,
  DEFAULT_RATE_FRACTION,
  defaultRates,
  HUB_LIMITS_PER_5_MIN,
  type RateLimits,
} from "./polite-fetch.ts";
export {
  type CacheRecords,
  type HubProblem,
  type RecordsFromCacheOptions,
  recordsFromCache,
} from "./records-from-cache.ts";
export { DEFAULT_HUB_URL, resolveHubToken, resolveHubUrl } from "./token.ts";
export type * from "./types.ts";
