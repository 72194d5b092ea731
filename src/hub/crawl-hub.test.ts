import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadModelJournal, lockCache } from "./cache.ts";
import { crawlHub } from "./crawl-hub.ts";
import { EXPECTED_STATUS, scenarioModels } from "./mock/fixtures.ts";
import { type MockHub, startMockHub } from "./mock/mock-hub.ts";
import type { CrawlQuery } from "./types.ts";

const query = (hubUrl: string, extra: Partial<CrawlQuery> = {}): CrawlQuery => ({
  hubUrl,
  filter: null,
  author: null,
  search: null,
  since: null,
  limit: null,
  ...extra,
});

describe("crawlHub against a misbehaving mock Hub", () => {
  let hub: MockHub;
  let dir: string;
  const waits: { reason: string; waitMs: number }[] = [];
  const http = {
    retries: 3,
    baseDelayMs: 1,
    maxDelayMs: 5000,
    timeoutMs: 1500,
    // Backoff waits are recorded, not slept, so the test asserts them without taking seconds.
    sleep: async () => {},
    onRetry: (i: { reason: string; waitMs: number }) => waits.push(i),
  };

  beforeEach(async () => {
    waits.length = 0;
    hub = await startMockHub({ models: scenarioModels(), listingFaults: ["429", "503"], maxPageSize: 5 });
    dir = mkdtempSync(join(tmpdir(), "strata-crawl-"));
  });
  afterEach(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records every model with the right status and reason, and caches raw configs", async () => {
    const s = await crawlHub({ cacheDir: dir, query: query(hub.url), concurrency: 4, http });
    const journal = await loadModelJournal(dir);
    const statuses = Object.fromEntries([...journal.values()].map((e) => [e.id, e.status]));
    expect(statuses).toEqual(EXPECTED_STATUS);
    expect(s.complete).toBe(true);
    expect(s.listed).toBe(12);
    expect(s.counts).toEqual({ fetched: 6, gated: 1, missing: 2, failed: 3 });
    // 12 models at 5 per page: 3 pages, plus the 429 and 503 retried on the first listing request.
    expect(hub.hits.listing).toBe(5);

    const reason = (id: string) => journal.get(id)?.reason ?? "";
    expect(reason("broken/malformed-json")).toMatch(/malformed JSON/);
    expect(reason("broken/always-truncated")).toMatch(/truncated body/);
    expect(reason("broken/always-500")).toMatch(/HTTP 500/);
    expect(reason("meta-llama/Llama-2-7b-hf")).toMatch(/HTTP 401/);
    expect(reason("nodocs/no-config")).toMatch(/EntryNotFound/);
    expect(reason("gone/deleted-after-listing")).toMatch(/RepoNotFound/);
    // Malformed JSON and 401/404 are not retried; persistent 500s are, up to the limit.
    expect(hub.configHits.get("broken/malformed-json")).toBe(1);
    expect(hub.configHits.get("meta-llama/Llama-2-7b-hf")).toBe(1);
    expect(hub.configHits.get("broken/always-500")).toBe(4);

    // 429 waits follow Retry-After (1 s), not the exponential schedule.
    const rateWaits = waits.filter((w) => w.reason === "HTTP 429").map((w) => w.waitMs);
    expect(rateWaits.length).toBe(2);
    expect(rateWaits.every((w) => w === 1000)).toBe(true);
    expect(waits.some((w) => /timed out after 1500 ms/.test(w.reason))).toBe(true);

    const gpt2 = journal.get("openai-community/gpt2");
    expect(gpt2?.revision).toBe("2".padStart(40, "a"));
    expect(gpt2?.etag).toMatch(/^"[0-9a-f]{40}"$/);
    const raw = JSON.parse(readFileSync(join(dir, gpt2?.configFile ?? "x"), "utf8"));
    expect(raw.n_layer).toBe(12);
    expect(gpt2?.meta.safetensors_total).toBeNull();
    expect(journal.get("mistralai/Mixtral-8x7B-v0.1")?.meta.safetensors_total).toBe(46702792704);
    const llava = journal.get("llava-hf/llava-1.5-7b-hf");
    expect(llava?.nested?.id).toBe("lmsys/vicuna-7b-v1.5");
    expect(existsSync(join(dir, llava?.nested?.file ?? "x"))).toBe(true);
  });

  it("honours --limit, --since and --filter through the listing query", async () => {
    const a = await crawlHub({ cacheDir: dir, query: query(hub.url, { limit: 7 }), http });
    expect(a.listed).toBe(7);
    expect(a.processed).toBe(7);
    const b = await crawlHub({
      cacheDir: join(dir, "b"),
      query: query(hub.url, { since: "2024-01-03", filter: "text-generation" }),
      http,
    });
    // Created on or after 2024-01-03, text-generation only: always-500, hangs-once, absurd, no-config, deleted.
    const ids = [...(await loadModelJournal(join(dir, "b"))).keys()].sort();
    expect(ids).toEqual([
      "absurd/huge-values",
      "broken/always-500",
      "broken/hangs-once",
      "gone/deleted-after-listing",
      "nodocs/no-config",
    ]);
    expect(b.complete).toBe(true);
  });

  it("a second run of a finished crawl downloads nothing", async () => {
    await crawlHub({ cacheDir: dir, query: query(hub.url), http });
    const before = hub.hits.config;
    const again = await crawlHub({ cacheDir: dir, query: query(hub.url), http });
    expect(again.processed).toBe(0);
    expect(hub.hits.config).toBe(before);
  });

  it("--retry-failed downloads again what failed last time, once it works", async () => {
    const flaky = await startMockHub({
      models: [
        { id: "a/ok", createdAt: "2024-01-01", config: { n_layer: 2 } },
        {
          id: "a/flaky",
          createdAt: "2024-01-02",
          config: { n_layer: 4 },
          faults: ["500", "503", "500", "500"],
        },
      ],
    });
    try {
      const cacheDir = join(dir, "retry");
      const first = await crawlHub({ cacheDir, query: query(flaky.url), http });
      expect(first.counts).toEqual({ fetched: 1, gated: 0, missing: 0, failed: 1 });
      const plain = await crawlHub({ cacheDir, query: query(flaky.url), http });
      expect(plain.processed).toBe(0);
      const again = await crawlHub({ cacheDir, query: query(flaky.url), http, retryFailed: true });
      expect(again.retried).toBe(1);
      expect(again.counts.fetched).toBe(1);
      const journal = await loadModelJournal(cacheDir);
      expect(journal.get("a/flaky")?.status).toBe("fetched");
      expect(flaky.configHits.get("a/ok")).toBe(1);
    } finally {
      await flaky.close();
    }
  });
});

describe("the cache lock", () => {
  it("refuses a second crawl on a cache in use, in this process or another, and takes over stale locks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-lock-"));
    const lock = join(dir, "lock");
    try {
      const release = lockCache(dir);
      // Two crawls in one process are excluded too.
      expect(() => lockCache(dir)).toThrow(/in use by another crawl in this process/);
      release();
      // The first release does not remove a later owner's lock.
      const second = lockCache(dir);
      release();
      expect(existsSync(lock)).toBe(true);
      expect(() => lockCache(dir)).toThrow(/in use by another crawl in this process/);
      second();
      expect(existsSync(lock)).toBe(false);
      // A live foreign pid (our parent) holds it: refused, naming the pid.
      writeFileSync(lock, `${process.ppid} someone-else`);
      expect(() => lockCache(dir)).toThrow(
        new RegExp(`in use by another strata collect \\(pid ${process.ppid}\\)`),
      );
      // A pid that no longer runs (a killed crawl): taken over.
      const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
      writeFileSync(lock, `${dead} old-token`);
      const again = lockCache(dir);
      expect(readFileSync(lock, "utf8")).toMatch(new RegExp(`^${process.pid} `));
      again();
      // Our own pid with a token this process never held: an earlier process with the same pid died.
      writeFileSync(lock, `${process.pid} token-of-a-dead-namesake`);
      const reused = lockCache(dir);
      reused();
      // A lock from an older Strata (pid only, dead): taken over.
      writeFileSync(lock, String(dead));
      lockCache(dir)();
      expect(existsSync(lock)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
