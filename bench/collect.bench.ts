/**
 * Crawl throughput and memory of `strata collect` against a 20,000-model mock Hub with no rate limit.
 * The mock runs in its own process so its memory does not count. Prints models/s, RSS and heap at
 * 5k/10k/20k models (they should stay flat: one listing page and C downloads in flight), and the same
 * URLs fetched bare (plain fetch, same concurrency, no parsing or cache) as the reference: the ratio is
 * what the crawler's bookkeeping costs on top of HTTP.
 *   node --import tsx bench/collect.bench.ts [N=20000] [CONCURRENCY=16]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { buildDataset } from "../src/dataset/index.ts";
import { crawlHub } from "../src/hub/crawl-hub.ts";

const N = Number(process.argv[2] ?? 20000);
const C = Number(process.argv[3] ?? 16);
const MB = 1024 * 1024;
// A real gc() so that the heap figure at each mark is the live heap, not whatever the collector left.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const mock = spawn(
  process.execPath,
  ["--import", "tsx", "src/hub/mock/serve.ts", "--synthetic", String(N), "--page-size", "1000"],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const first = await new Promise<string>((resolve) => {
  createInterface({ input: mock.stdout }).once("line", resolve);
});
const { url } = JSON.parse(first) as { url: string };
const dir = mkdtempSync(join(tmpdir(), "strata-bench-collect-"));

try {
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const marks = new Set([5000, 10000, 20000, N]);
  const t0 = performance.now();
  const rows: string[] = [];
  const summary = await crawlHub({
    cacheDir: join(dir, "hub-cache"),
    query: { hubUrl: url, filter: null, author: null, search: null, since: null, limit: null },
    concurrency: C,
    onProgress: (done) => {
      if (!marks.has(done)) return;
      const before = process.memoryUsage().heapUsed;
      gc();
      const m = process.memoryUsage();
      const s = (performance.now() - t0) / 1000;
      rows.push(
        `${String(done).padStart(6)} models  ${(done / s).toFixed(0).padStart(5)} models/s  ` +
          `RSS ${(m.rss / MB).toFixed(0).padStart(4)} MB  live heap ${(m.heapUsed / MB).toFixed(0).padStart(3)} MB ` +
          `(${(before / MB).toFixed(0)} before gc)  ` +
          `(peak so far RSS ${(peakRss / MB).toFixed(0)} MB, heap ${(peakHeap / MB).toFixed(0)} MB)`,
      );
    },
  });
  const crawlS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const rate = summary.processed / crawlS;
  console.log(
    `strata collect: ${summary.processed} models (${JSON.stringify(summary.counts)}) in ${crawlS.toFixed(1)} s, concurrency ${C}`,
  );
  for (const r of rows) console.log(`  ${r}`);
  console.log(
    `  load average: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} (this machine has 2 cores, shared)`,
  );

  // Reference: the same config.json URLs fetched bare, same concurrency (first 5,000 models).
  const refN = Math.min(N, 5000);
  const t1 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < refN) {
      const i = next++;
      const res = await fetch(`${url}/org${i % 997}/model-${i}/resolve/main/config.json`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: C }, worker));
  const refRate = refN / ((performance.now() - t1) / 1000);
  console.log(`reference (bare fetch of ${refN} config.json URLs): ${refRate.toFixed(0)} requests/s`);
  console.log(
    `strata/reference: ${(rate / refRate).toFixed(2)}  (target >= 300 models/s: ${rate >= 300 ? "met" : "NOT met"}, ${rate.toFixed(0)} models/s)`,
  );

  const t2 = performance.now();
  const built = await buildDataset({ fromCache: join(dir, "hub-cache"), dataDir: join(dir, "data") });
  const buildS = (performance.now() - t2) / 1000;
  console.log(
    `buildDataset from the cache: ${built.models} records in ${buildS.toFixed(1)} s (${(built.models / buildS).toFixed(0)} records/s), RSS after ${(process.memoryUsage().rss / MB).toFixed(0)} MB`,
  );
} finally {
  mock.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
