import { type CollectDatasetResult, collectDataset } from "../../dataset/index.ts";
import { CACHE_SUBDIR, type CollectPhase, DEFAULT_CONCURRENCY } from "../../hub/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { flag } from "../flags.ts";
import { printJson } from "../output.ts";
import type { Progress } from "../progress.ts";
import { formatBuildSummary } from "./build.ts";

export const command = defineCommand({
  name: "collect",
  summary: "Crawl the Hugging Face Hub (configs, safetensors sizes, leaderboard results) into the dataset",
  description:
    "Lists models (paginated), downloads each config.json, takes the exact parameter count from the Hub's\n" +
    "safetensors metadata, normalizes and stores them in the same dataset `strata build` makes.\n" +
    "Polite by default: 80% of the Hub's published rate limits (Resolvers 3,000 / API 500 requests per\n" +
    "5 minutes anonymous; 5,000 / 1,000 with a token from HF_TOKEN or ~/.cache/huggingface/token),\n" +
    "retries 429/5xx with backoff honouring Retry-After, times out hung requests.\n" +
    "Resumable: kill it at any moment and run the same command again. Everything is cached under\n" +
    `<data-dir>/${CACHE_SUBDIR}/ (or --cache); \`strata build --from-cache\` rebuilds offline.\n` +
    "--leaderboard v1|v2 imports Open LLM Leaderboard results for the models already crawled.",
  flags: {
    limit: flag.int({ arg: "N", min: 1, description: "Stop after N listed models" }),
    since: flag.date({ arg: "DATE", description: "Only models created on or after DATE (YYYY-MM-DD)" }),
    filter: flag.string({
      arg: "TAG",
      nonEmpty: true,
      description: "Hub filter (a tag or pipeline), e.g. text-generation",
    }),
    author: flag.string({
      arg: "ORG",
      nonEmpty: true,
      description: "Only models of this user or organization",
    }),
    search: flag.string({ arg: "TEXT", nonEmpty: true, description: "Only models whose id contains TEXT" }),
    leaderboard: flag.choice(["v1", "v2"] as const, {
      description: "Import leaderboard results for crawled models",
    }),
    "hub-url": flag.url({
      arg: "URL",
      description: "Hub endpoint or mirror (default: HF_ENDPOINT, else huggingface.co)",
    }),
    cache: flag.path({ arg: "DIR", description: `Crawl cache folder (default: <data-dir>/${CACHE_SUBDIR})` }),
    rate: flag.number({
      arg: "R",
      min: 0,
      description: "config.json downloads per second (0: unlimited; default 80% of the Hub limit)",
    }),
    concurrency: flag.int({
      arg: "C",
      min: 1,
      max: 256,
      default: DEFAULT_CONCURRENCY,
      description: "Downloads in flight at once",
    }),
    restart: flag.boolean({
      description: "List again from the first page (cached models are not re-fetched)",
    }),
    "retry-failed": flag.boolean({ description: "Download again the models whose last attempt failed" }),
    force: flag.boolean({
      description: "Replace an existing dataset even with an empty or much smaller one",
    }),
    "data-dir": dataDirFlag(),
  },
  examples: [
    "strata collect --filter text-generation --limit 1000",
    "strata collect --author meta-llama",
    "strata collect --since 2024-01-01 --filter text-generation --rate 5",
    "strata collect --retry-failed",
    "strata collect --leaderboard v1",
    "HF_ENDPOINT=https://hf-mirror.com strata collect --limit 100",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const bars = new Map<string, Progress>();
    const show = (phase: string, label: string) => (done: number, total: number | undefined) => {
      if (ctx.json) return;
      let bar = bars.get(phase);
      if (!bar) {
        for (const b of bars.values()) b.done();
        bar = ctx.progress(label, total);
        bars.set(phase, bar);
      }
      bar.update(done, total);
    };
    const labels: Record<CollectPhase, string> = { models: "models", leaderboard: "leaderboard files" };
    const result = await collectDataset({
      dataDir: f["data-dir"],
      cacheDir: f.cache,
      hubUrl: f["hub-url"],
      filter: f.filter ?? null,
      author: f.author ?? null,
      search: f.search ?? null,
      since: f.since === undefined ? null : new Date(Date.parse(f.since)).toISOString(),
      limit: f.limit ?? null,
      leaderboard: f.leaderboard ?? null,
      rate: f.rate ?? null,
      concurrency: f.concurrency,
      restart: f.restart,
      retryFailed: f["retry-failed"],
      force: f.force,
      onProgress: (phase, done, total) => show(phase, labels[phase])(done, total),
      onBuildProgress: show("build", "build"),
    });
    for (const b of bars.values()) b.done();
    if (ctx.json) printJson(ctx, result);
    else ctx.stdout.write(formatSummary(result, ctx.cwd));
    return 0;
  },
});

function perSecond(r: number): string {
  return r === 0 ? "unlimited" : `${r.toFixed(2)}/s`;
}

function formatSummary(result: CollectDatasetResult, cwd: string): string {
  const r = result.collect;
  const lines: string[] = [];
  lines.push(
    `Hub ${r.hubUrl} (${r.authenticated ? "token" : "anonymous"}; files ${perSecond(r.rate.resolvers)}, API ${perSecond(r.rate.api)})`,
  );
  const c = r.crawl;
  if (c) {
    lines.push(
      `models: ${c.listed} listed, ${c.processed} handled this run, ${c.resumed} already cached` +
        (c.complete ? " (listing complete)" : " (listing not finished: run again to continue)"),
    );
    lines.push(
      `  fetched ${c.counts.fetched}, gated ${c.counts.gated}, missing ${c.counts.missing}, failed ${c.counts.failed}` +
        (c.nestedFetched ? `, nested text configs ${c.nestedFetched}` : ""),
    );
    for (const p of c.failures.slice(0, 10)) lines.push(`  ${p.status.padEnd(7)} ${p.id}: ${p.reason}`);
    if (c.failures.length > 10)
      lines.push(`  ... ${c.failures.length - 10} more (strata collect --json lists them)`);
    if (c.retried) lines.push(`  retried ${c.retried} previously failed models`);
    lines.push(
      `requests: ${c.http.requests} (${c.http.retries} retries, ${c.http.rateLimited} rate-limited) in ${(c.elapsedMs / 1000).toFixed(1)} s`,
    );
  }
  const l = r.leaderboard;
  if (l) {
    lines.push(
      `leaderboard ${l.version} (${l.repo}): ${l.files} files for ${l.models} crawled models; ` +
        `${l.downloaded} downloaded, ${l.cached} cached, ${l.failed} failed`,
    );
    for (const p of l.failures.slice(0, 10)) lines.push(`  failed ${p.path}: ${p.reason}`);
  }
  lines.push(`cache: ${r.cacheDir}`, "");
  return `${lines.join("\n")}\n${formatBuildSummary(result.build, cwd)}`;
}
