import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectDataset, loadRecords } from "../../dataset/index.ts";
import { llamaConfig } from "../../hub/mock/fixtures.ts";
import { type MockHub, startMockHub } from "../../hub/mock/mock-hub.ts";
import { runCli } from "../test-io.ts";

describe("strata collect (CLI) and HF_ENDPOINT", () => {
  let hub: MockHub;
  let dir: string;
  beforeAll(async () => {
    hub = await startMockHub({
      models: [
        {
          id: "tiny/a",
          createdAt: "2024-03-01T00:00:00Z",
          safetensorsTotal: 123456,
          config: llamaConfig(2, 64, 128, 4, 2),
        },
        {
          id: "tiny/b",
          createdAt: "2024-03-02T00:00:00Z",
          gated: "auto",
          config: llamaConfig(2, 64, 128, 4, 2),
        },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), "strata-cli-"));
  });
  afterAll(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("rejects bad flag values with exit 2 and names the flag", async () => {
    for (const [args, flag] of [
      [["--rate", "-1"], "--rate"],
      [["--limit", "0"], "--limit"],
      [["--since", "last week"], "--since"],
      [["--leaderboard", "v3"], "--leaderboard"],
      [["--concurrency", "x"], "--concurrency"],
    ] as const) {
      const r = await runCli(["collect", ...args, "--data-dir", dir], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(flag);
    }
  });

  it("asks for a crawl before --leaderboard, without a stack trace", async () => {
    const r = await runCli(["collect", "--leaderboard", "v1", "--data-dir", join(dir, "empty")], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^strata: no crawled models in .*hub-cache: run `strata collect` before --leaderboard\n$/,
    );
  });

  it("crawls the Hub named by HF_ENDPOINT and prints a summary", async () => {
    const { collect: res } = await collectDataset({
      dataDir: join(dir, "env"),
      env: { HF_ENDPOINT: `${hub.url}/` },
      rate: 0,
    });
    expect(res.hubUrl).toBe(hub.url);
    expect(res.authenticated).toBe(false);
    expect(res.crawl?.counts).toEqual({ fetched: 1, gated: 1, missing: 0, failed: 0 });
    const records = await loadRecords(join(dir, "env"));
    expect(records.map((r) => [r.id, r.params_b])).toEqual([["tiny/a", 0.000123456]]);

    const r = await runCli(
      ["collect", "--hub-url", hub.url, "--rate", "0", "--data-dir", join(dir, "cli")],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("models: 2 listed, 2 handled this run, 0 already cached (listing complete)");
    expect(r.stdout).toContain("fetched 1, gated 1, missing 0, failed 0");
    expect(r.stdout).toMatch(/models: 1 \(0 with v1 scores/);

    const retry = await runCli(
      ["collect", "--hub-url", hub.url, "--retry-failed", "--data-dir", join(dir, "cli")],
      dir,
    );
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain("models: 2 listed, 0 handled this run");
  });
});
