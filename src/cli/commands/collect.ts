import { resolve } from "node:path";
import { DEFAULT_DATA_DIR } from "../../dataset/index.ts";
import { UsageError } from "../../errors.ts";
import { CACHE_SUBDIR, type CollectPhase, type CollectResult, collectHub } from "../../hub/index.ts";
import type { Command } from "../command.ts";
import { printJson } from "../output.ts";
import type { Progress } from "../progress.ts";

export const command: Command = {
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
    limit: { type: "string", arg: "N", description: "Stop after N listed models" },
    since: { type: "string", arg: "DATE", description: "Only models created on or after DATE (YYYY-MM-DD)" },
    filter: {
      type: "string",
      arg: "TAG",
      description: "Hub filter (a tag or pipeline), e.g. text-generation",
    },
    author: { type: "string", arg: "ORG", description: "Only models of this user or organization" },
    search: { type: "string", arg: "TEXT", description: "Only models whose id contains TEXT" },
    leaderboard: {
      type: "string",
      arg: "v1|v2",
      description: "Import leaderboard results for crawled models",
    },
    "hub-url": {
      type: "string",
      arg: "URL",
      description: "Hub endpoint or mirror (default: HF_ENDPOINT, else huggingface.co)",
    },
    cache: {
      type: "string",
      arg: "DIR",
      description: `Crawl cache folder (default: <data-dir>/${CACHE_SUBDIR})`,
    },
    rate: {
      type: "string",
      arg: "R",
      description: "config.json downloads per second (0: unlimited; default 80% of the Hub limit)",
    },
    concurrency: { type: "string", arg: "C", default: "8", description: "Downloads in flight at once" },
    restart: {
      type: "boolean",
      description: "List again from the first page (cached models are not re-fetched)",
    },
    "retry-failed": { type: "boolean", description: "Download again the models whose last attempt failed" },
    "data-dir": { type: "string", arg: "DIR", default: DEFAULT_DATA_DIR, description: "Dataset folder" },
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
    const dataDir = resolve(ctx.cwd, String(f["data-dir"]));
    const bars = new Map<CollectPhase, Progress>();
    const labels: Record<CollectPhase, string> = {
      models: "models",
      leaderboard: "leaderboard files",
      build: "build",
    };
    const result = await collectHub({
      dataDir,
      cacheDir: typeof f.cache === "string" ? resolve(ctx.cwd, f.cache) : undefined,
      hubUrl: typeof f["hub-url"] === "string" ? f["hub-url"] : undefined,
      filter: str(f.filter),
      author: str(f.author),
      search: str(f.search),
      since: parseSince(f.since),
      limit: parseIntFlag("limit", f.limit, 1),
      leaderboard: parseLeaderboard(f.leaderboard),
      rate: parseRate(f.rate),
      concurrency: parseIntFlag("concurrency", f.concurrency, 1, 256) ?? undefined,
      restart: f.restart === true,
      retryFailed: f["retry-failed"] === true,
      onProgress: ctx.json
        ? undefined
        : (phase, done, total) => {
            let bar = bars.get(phase);
            if (!bar) {
              for (const b of bars.values()) b.done();
              bar = ctx.progress(labels[phase], total);
              bars.set(phase, bar);
            }
            bar.update(done, total);
          },
    });
    for (const b of bars.values()) b.done();
    if (ctx.json) printJson(ctx, result);
    else ctx.stdout.write(formatSummary(result));
    return 0;
  },
};

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function parseIntFlag(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`collect: --${name} must be an integer from ${min} to ${max}, got '${String(v)}'`);
  }
  return n;
}

function parseRate(v: unknown): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new UsageError(`collect: --rate must be a number of requests per second >= 0, got '${String(v)}'`);
  }
  return n;
}

function parseSince(v: unknown): string | null {
  if (v === undefined) return null;
  const s = String(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(Date.parse(s))) {
    throw new UsageError(`collect: --since must be a date like 2024-01-31, got '${s}'`);
  }
  return new Date(Date.parse(s)).toISOString();
}

function parseLeaderboard(v: unknown): "v1" | "v2" | null {
  if (v === undefined) return null;
  if (v === "v1" || v === "v2") return v;
  throw new UsageError(`collect: --leaderboard must be v1 or v2, got '${String(v)}'`);
}

function perSecond(r: number): string {
  return r === 0 ? "unlimited" : `${r.toFixed(2)}/s`;
}

function formatSummary(r: CollectResult): string {
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
  const k = r.counts;
  lines.push(
    `dataset: ${r.records} records (${k.v1Scored ?? 0} with v1 scores, ${k.v2Models ?? 0} with v2 rows), ` +
      `${r.problemCount} crawled models without a record`,
  );
  if (r.dbFile) lines.push(`  -> ${r.dbFile}`);
  lines.push(`cache: ${r.cacheDir}`);
  return `${lines.join("\n")}\n`;
}
