import { describe, expect, it } from "vitest";
import { startMockHub } from "./mock/mock-hub.ts";
import { backoff, bucketOf, createPoliteFetch, defaultRates, retryAfterMs } from "./polite-fetch.ts";

describe("rate limits", () => {
  it("defaults to 80% of the Hub's published 5-minute budgets, per bucket", () => {
    // Anonymous: Resolvers 3,000 and API 500 per 5 min; with a token (free user): 5,000 and 1,000.
    expect(defaultRates(false)).toEqual({ resolvers: 8, api: (500 * 0.8) / 300 });
    expect(defaultRates(true)).toEqual({ resolvers: (5000 * 0.8) / 300, api: (1000 * 0.8) / 300 });
    expect(bucketOf("https://huggingface.co/gpt2/resolve/main/config.json")).toBe("resolvers");
    expect(bucketOf("https://huggingface.co/api/models?limit=500")).toBe("api");
  });

  it("spaces requests of one bucket 1/rate apart and leaves the other bucket alone", async () => {
    let t = 0;
    const starts: { url: string; at: number }[] = [];
    const pf = createPoliteFetch({
      rate: { api: 2, resolvers: 5 },
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
      fetch: (async (url: string) => {
        starts.push({ url, at: t });
        return new Response("{}", { status: 200 });
      }) as typeof fetch,
    });
    for (let i = 0; i < 4; i++) await pf.fetch(`http://h/m${i}/resolve/main/config.json`);
    await pf.fetch("http://h/api/models");
    await pf.fetch("http://h/api/models");
    expect(starts.map((s) => s.at)).toEqual([0, 200, 400, 600, 600, 1100]);
  });
});

describe("retries", () => {
  it("reads Retry-After as seconds or an HTTP date, else the Hub's RateLimit header", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "7" }), 0)).toBe(7000);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ ratelimit: '"api";r=0;t=55' }), 0)).toBe(55_000);
    expect(retryAfterMs(new Headers({}), 0)).toBeNull();
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(backoff(0, 1000, 60_000, () => 0)).toBe(500);
    expect(backoff(0, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoff(3, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoff(20, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it("retries 5xx and 429, returns 404/401 at once, and sends the token to the Hub only", async () => {
    const hub = await startMockHub({
      models: [
        { id: "a/flaky", createdAt: "2024-01-01", config: { n_layer: 2 }, faults: ["503", "429", "reset"] },
        { id: "a/gated", createdAt: "2024-01-01", gated: "manual", config: { n_layer: 2 } },
      ],
      grantedTokens: ["hf_granted"],
    });
    try {
      const seen: string[] = [];
      const pf = createPoliteFetch({
        token: "hf_granted",
        hubUrl: hub.url,
        baseDelayMs: 1,
        sleep: async () => {},
        onRetry: (i) => seen.push(i.reason),
      });
      const ok = await pf.fetch(`${hub.url}/a/flaky/resolve/main/config.json`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ n_layer: 2 });
      expect(seen[0]).toBe("HTTP 503");
      expect(seen[1]).toBe("HTTP 429");
      expect(seen.length).toBe(3);
      expect(pf.stats.rateLimited).toBe(1);
      const gated = await pf.fetch(`${hub.url}/a/gated/resolve/main/config.json`);
      expect(gated.status).toBe(200);
      const missing = await pf.fetch(`${hub.url}/a/nothing/resolve/main/config.json`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("x-error-code")).toBe("RepoNotFound");
      expect(seen.length).toBe(3);

      // The same token is not sent to another origin (here: the mock under another host name).
      const other = createPoliteFetch({ token: "hf_granted", hubUrl: "https://huggingface.co" });
      const denied = await other.fetch(`${hub.url}/a/gated/resolve/main/config.json`);
      expect(denied.status).toBe(401);
    } finally {
      await hub.close();
    }
  });

  it("gives up on a hanging server after its retries, naming the URL and the timeout", async () => {
    const hub = await startMockHub({
      models: [{ id: "a/hang", createdAt: "2024-01-01", config: {}, alwaysFault: "hang" }],
    });
    try {
      const pf = createPoliteFetch({ retries: 1, timeoutMs: 100, sleep: async () => {} });
      await expect(pf.fetch(`${hub.url}/a/hang/resolve/main/config.json`)).rejects.toThrow(
        /a\/hang\/resolve\/main\/config\.json: timed out after 100 ms \(gave up after 2 attempts\)/,
      );
    } finally {
      await hub.close();
    }
  });
});
