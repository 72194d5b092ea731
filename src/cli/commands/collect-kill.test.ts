import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../dataset/index.ts";
import { JOURNAL_FILE, parseJournalLine } from "../../hub/cache.ts";
import { syntheticModels } from "../../hub/mock/fixtures.ts";
import { type MockHub, startMockHub } from "../../hub/mock/mock-hub.ts";
import type { CachedModel, CrawlState } from "../../hub/types.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const N = 200;
const CONCURRENCY = 4;

function startCollect(hubUrl: string, dataDir: string): ChildProcess {
  const args = ["bin/strata.mjs", "collect", "--hub-url", hubUrl, "--data-dir", dataDir];
  args.push("--rate", "0", "--concurrency", String(CONCURRENCY), "--json");
  return spawn(process.execPath, args, {
    cwd: ROOT,
    // Anonymous: no token from the environment or a token file.
    env: { ...process.env, HF_TOKEN: "", HF_TOKEN_PATH: join(dataDir, "no-token"), STRATA_QUIET: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function journalLines(dataDir: string): string[] {
  const f = join(dataDir, "hub-cache", JOURNAL_FILE);
  return existsSync(f)
    ? readFileSync(f, "utf8")
        .split("\n")
        .filter((l) => l.length > 0)
    : [];
}

describe("strata collect killed with SIGKILL and restarted", () => {
  let hub: MockHub;
  let dir: string;
  beforeAll(async () => {
    // Every config.json answer is a little slow so that the kill lands mid-crawl.
    const models = [...syntheticModels(N)].map((m) => ({ ...m, alwaysFault: "slow" as const }));
    hub = await startMockHub({ models, maxPageSize: 20, slowMs: 2 });
    dir = mkdtempSync(join(tmpdir(), "strata-kill-"));
  });
  afterAll(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("continues where it stopped: no model lost, none duplicated", { timeout: 180_000 }, async () => {
    const first = startCollect(hub.url, dir);
    const firstExit = new Promise<number | null>((r) => first.on("exit", (code) => r(code)));
    // Kill once a fair share of the models is journaled, and before the crawl ends.
    const killedAt = await new Promise<number>((resolve, reject) => {
      const poll = setInterval(() => {
        const n = journalLines(dir).length;
        if (n >= N / 4) {
          clearInterval(poll);
          first.kill("SIGKILL");
          resolve(n);
        }
      }, 10);
      first.on("exit", () => {
        clearInterval(poll);
        reject(new Error(`collect exited before it could be killed: ${journalLines(dir).length} journaled`));
      });
    });
    expect(await firstExit).toBeNull();
    expect(killedAt).toBeLessThan(N);
    const stateFile = readdirSync(join(dir, "hub-cache", "crawls"))[0] ?? "";
    const state = JSON.parse(readFileSync(join(dir, "hub-cache", "crawls", stateFile), "utf8")) as CrawlState;
    expect(state.complete).toBe(false);

    const second = startCollect(hub.url, dir);
    let out = "";
    second.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    let err = "";
    second.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((r) => second.on("exit", (c) => r(c)));
    expect(err).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      collect: { crawl: { complete: boolean; resumed: number; listed: number } };
    };
    expect(result.collect.crawl.complete).toBe(true);
    expect(result.collect.crawl.listed).toBe(N);
    expect(result.collect.crawl.resumed).toBeGreaterThan(0);

    // Every journal line is valid and names a distinct model: nothing was handled twice.
    const entries = journalLines(dir).map((l) => parseJournalLine<CachedModel>(l));
    const valid = entries.filter((e): e is CachedModel => e !== null);
    expect(entries.length - valid.length).toBeLessThanOrEqual(1); // at most the line torn by the kill
    const ids = valid.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(N);

    // Outcomes are exactly those the mock Hub defines.
    const expected = [...syntheticModels(N)].map((m) => [
      m.id,
      m.gated ? "gated" : m.config ? "fetched" : "missing",
    ]);
    const status = new Map(valid.map((e) => [e.id, e.status]));
    expect(expected.filter(([id, s]) => status.get(id as string) !== s)).toEqual([]);

    // Only the downloads in flight at the kill were repeated.
    const repeated = [...hub.configHits.values()].filter((h) => h > 1).length;
    expect(repeated).toBeLessThanOrEqual(CONCURRENCY);

    const ds = await loadDataset(dir);
    const fetched = expected.filter(([, s]) => s === "fetched").map(([id]) => id);
    expect(ds.records.map((r) => r.id).sort()).toEqual(fetched.sort());
  });
});
