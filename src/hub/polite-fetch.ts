import { HubError } from "./errors.ts";

/**
 * The Hub's published rate limits (https://huggingface.co/docs/hub/rate-limits, fixed 5-minute
 * windows): Hub API 500 (anonymous, per IP) / 1,000 (free user) / 2,500 (PRO); Resolvers
 * (/resolve/ file downloads) 3,000 / 5,000 / 12,000. Strata's defaults stay at 80% of the free-user
 * (with a token) or anonymous (without) budget, per bucket.
 */
export const HUB_LIMITS_PER_5_MIN = {
  anonymous: { api: 500, resolvers: 3000 },
  free: { api: 1000, resolvers: 5000 },
  pro: { api: 2500, resolvers: 12000 },
} as const;
export const DEFAULT_RATE_FRACTION = 0.8;

/** Largest response body read into memory (listing pages are ~1 MB, configs a few KB). */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export type RequestBucket = "api" | "resolvers";

/** Requests per second per bucket; 0 or Infinity means unlimited. */
export interface RateLimits {
  api: number;
  resolvers: number;
}

/** Default requests/s: 80% of the published 5-minute budget of the matching tier. */
export function defaultRates(hasToken: boolean): RateLimits {
  const tier = hasToken ? HUB_LIMITS_PER_5_MIN.free : HUB_LIMITS_PER_5_MIN.anonymous;
  return {
    api: (tier.api * DEFAULT_RATE_FRACTION) / 300,
    resolvers: (tier.resolvers * DEFAULT_RATE_FRACTION) / 300,
  };
}

export interface PoliteFetchOptions {
  /** Sent as a Bearer token to the Hub origin only. */
  token?: string | null;
  /** Only URLs under this origin get the token. */
  hubUrl?: string;
  rate?: RateLimits;
  /** Attempts after the first (default 5). */
  retries?: number;
  /** First backoff delay; doubles each retry, with full jitter (default 1000 ms). */
  baseDelayMs?: number;
  /** Cap on one backoff or Retry-After wait (default 120 s). */
  maxDelayMs?: number;
  /** Per-attempt timeout covering headers and body (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRetry?: (info: { url: string; attempt: number; waitMs: number; reason: string }) => void;
}

export interface FetchStats {
  requests: number;
  retries: number;
  rateLimited: number;
  bytes: number;
}

export interface PoliteFetch {
  /** A fetch that waits for its rate slot, retries, times out and returns a fully buffered Response. */
  fetch: typeof fetch;
  stats: FetchStats;
}

/** Which rate-limit bucket a URL falls in: anything with a /resolve/ segment is a Resolver. */
export function bucketOf(url: string): RequestBucket {
  return /\/resolve\//.test(new URL(url).pathname) ? "resolvers" : "api";
}

/**
 * Wraps fetch with what a long crawl needs and @huggingface/hub leaves to the caller: per-bucket rate
 * limiting, retries with exponential backoff + full jitter honouring Retry-After (and the Hub's
 * RateLimit header) on 429/5xx, a timeout per attempt, and a buffered body so that a truncated or
 * hanging body is retried like any transient failure. 4xx other than 429 are returned at once.
 * When retries run out, the last 429/5xx Response is returned; a network failure throws HubError.
 */
export function createPoliteFetch(options: PoliteFetchOptions = {}): PoliteFetch {
  const inner = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const retries = options.retries ?? 5;
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 120_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const origin = options.hubUrl ? new URL(options.hubUrl).origin : null;
  const rate = options.rate ?? { api: 0, resolvers: 0 };
  const nextSlot: Record<RequestBucket, number> = { api: 0, resolvers: 0 };
  const stats: FetchStats = { requests: 0, retries: 0, rateLimited: 0, bytes: 0 };

  const acquire = async (bucket: RequestBucket): Promise<void> => {
    const r = rate[bucket];
    const t = now();
    const at = Math.max(t, nextSlot[bucket]);
    nextSlot[bucket] = r > 0 && Number.isFinite(r) ? at + 1000 / r : at;
    if (at > t) await sleep(at - t);
  };

  const politeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const bucket = bucketOf(url);
    const headers = new Headers(init.headers);
    if (options.token && origin !== null && new URL(url).origin === origin && !headers.has("authorization")) {
      headers.set("authorization", `Bearer ${options.token}`);
    }
    let lastReason = "";
    for (let attempt = 0; ; attempt++) {
      await acquire(bucket);
      stats.requests++;
      const signal = init.signal
        ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      let waitMs = backoff(attempt, baseDelay, maxDelay, random);
      let response: Response | null = null;
      try {
        const res = await inner(url, { ...init, headers, signal });
        const body = await readBody(res, url);
        stats.bytes += body.byteLength;
        response = new Response(nullBodyStatus(res.status) ? null : body, {
          status: res.status,
          statusText: res.statusText,
          headers: res.headers,
        });
        if (!isRetriable(res.status)) return response;
        lastReason = `HTTP ${res.status}`;
        const hinted = retryAfterMs(res.headers, now());
        if (hinted !== null) waitMs = Math.min(maxDelay, hinted);
        if (res.status === 429) {
          stats.rateLimited++;
          // Everyone in this bucket waits, not just this request: the window is shared.
          nextSlot[bucket] = Math.max(nextSlot[bucket], now() + waitMs);
        }
      } catch (err) {
        if (init.signal?.aborted) throw err;
        lastReason = describeFailure(err, timeoutMs);
      }
      if (attempt >= retries) {
        if (response) return response;
        throw new HubError(`${url}: ${lastReason} (gave up after ${attempt + 1} attempts)`, url);
      }
      stats.retries++;
      options.onRetry?.({ url, attempt: attempt + 1, waitMs, reason: lastReason });
      await sleep(waitMs);
    }
  };
  return { fetch: politeFetch as typeof fetch, stats };
}

function isRetriable(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

function nullBodyStatus(status: number): boolean {
  return status === 101 || status === 204 || status === 205 || status === 304;
}

/** Exponential backoff with full jitter: uniform in [base*2^a / 2, base*2^a], capped. */
export function backoff(attempt: number, base: number, cap: number, random: () => number): number {
  const ceil = Math.min(cap, base * 2 ** attempt);
  return Math.round(ceil / 2 + (random() * ceil) / 2);
}

/**
 * Milliseconds to wait from Retry-After (seconds or an HTTP date) or, failing that, the Hub's
 * IETF-draft RateLimit header (`"api";r=0;t=55`: t = seconds until the window resets).
 */
export function retryAfterMs(headers: Headers, nowMs: number): number | null {
  const ra = headers.get("retry-after");
  if (ra !== null) {
    const secs = Number(ra.trim());
    if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
    const date = Date.parse(ra);
    if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  }
  const rl = headers.get("ratelimit");
  const m = rl ? /;\s*t=(\d+(?:\.\d+)?)/.exec(rl) : null;
  if (m?.[1] !== undefined) return Number(m[1]) * 1000;
  return null;
}

async function readBody(res: Response, url: string): Promise<Uint8Array<ArrayBuffer>> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new HubError(`${url}: response body over ${MAX_BODY_BYTES} bytes`, url, res.status);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  const declared = res.headers.get("content-length");
  if (declared !== null && !res.headers.has("content-encoding") && Number(declared) !== size) {
    throw new Error(`truncated body: ${size} of ${declared} bytes`);
  }
  return out;
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof HubError) return err.message;
  const e = err as { name?: string; message?: string; cause?: { message?: string; code?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `timed out after ${timeoutMs} ms`;
  if (e?.message === "terminated")
    return `truncated body (connection closed: ${e.cause?.message ?? "terminated"})`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(err)}${cause ? ` (${cause})` : ""}`;
}
