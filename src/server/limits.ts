/**
 * Every limit the server enforces on what a client sends or asks for, in one place (STYLE.md habit 5).
 */

/** Rows per page of GET /api/models when `limit` is not given, and the most a client may ask for. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** Longest request target (path + query) accepted; longer is 414. */
export const MAX_URL_LENGTH = 8192;
/** Most query parameters on one request (repeats counted). */
export const MAX_QUERY_PARAMS = 64;
/** Most `where` filters on one request. */
export const MAX_WHERE_FILTERS = 20;
/** Largest request body (POST /api/predict: a pasted config.json is a few KB); larger is 413. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Points of one scatter (the bundled dataset has 10,895 models: all of them fit). */
export const MAX_SCATTER_POINTS = 20_000;
/** Equal-frequency size bins of the size-bin view. */
export const MIN_SIZE_BINS = 2;
export const MAX_SIZE_BINS = 50;
/** Models pinned side by side on the compare view. */
export const MAX_COMPARE = 4;
/** Nearest known models returned by predict, and nearest structures on a model page. */
export const MAX_NEIGHBOURS = 20;
/** Fine-tunes of a base listed on a model page (the total is always given). */
export const MAX_LISTED_RELATIVES = 50;
/** DuckDB connections the API queries share; more requests wait for one. */
export const DB_CONNECTIONS = 4;
/** Cached API answers (the dataset does not change while it is served): entries and bytes. */
export const CACHE_ENTRIES = 2000;
export const CACHE_BYTES = 64 * 1024 * 1024;
/** Cached predictions (each costs six forest fits, seconds). */
export const PREDICT_CACHE_ENTRIES = 200;
/** Predictions waiting behind the one being fitted; more are refused with 503. */
export const MAX_PREDICT_QUEUE = 4;
/** Exports (COPY to a temporary file) running at once; more wait. */
export const MAX_EXPORTS = 2;
/** Socket timeouts: headers, a whole request, an idle keep-alive connection. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
