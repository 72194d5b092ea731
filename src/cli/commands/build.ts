import { join, relative, resolve } from "node:path";
import type { BuildStage } from "../../dataset/build-dataset.ts";
import { formatNumber, formatShare } from "../../dataset/display.ts";
import { buildDataset, DEFAULT_DATA_DIR } from "../../dataset/index.ts";
import type { ImputationCheck } from "../../dataset/types.ts";
import { buildFromCache, CACHE_SUBDIR } from "../../hub/index.ts";
import type { Command, CommandContext } from "../command.ts";
import { formatTable, printJson } from "../output.ts";
import type { Progress } from "../progress.ts";

export const command: Command = {
  name: "build",
  summary: "Build the dataset from the bundled leaderboard exports (offline)",
  description:
    "Imports Open LLM Leaderboard v1 (scores + metadata) and v2, fills each model's structure from the\n" +
    "base-model registry (exact id, declared base, else only the fields every base that fits the evidence\n" +
    "agrees on; null and a warning when the evidence is missing or contradictory), measures that imputation\n" +
    "against structures known in advance, and writes <data-dir>/strata.duckdb and <data-dir>/build-warnings.json.\n" +
    "Without flags it uses the files shipped in data/.",
  flags: {
    "data-dir": {
      type: "string",
      arg: "DIR",
      default: DEFAULT_DATA_DIR,
      description: "Dataset folder to write",
    },
    v1: { type: "string", arg: "FILE", description: "Leaderboard v1 CSV (default: bundled export)" },
    v2: { type: "string", arg: "FILE", description: "Leaderboard v2 CSV (default: bundled export)" },
    "no-v2": { type: "boolean", description: "Skip leaderboard v2" },
    registry: { type: "string", arg: "FILE", description: "Base-model registry JSON (default: bundled)" },
    "from-cache": {
      type: "boolean",
      description: "Rebuild from the `strata collect` crawl cache instead (offline, never downloads)",
    },
    cache: {
      type: "string",
      arg: "DIR",
      description: "Crawl cache for --from-cache (default: <data-dir>/hub-cache)",
    },
  },
  examples: ["strata build", "strata build --data-dir /tmp/ds --v1 my_v1.csv --no-v2"],
  async run(ctx) {
    if (ctx.flags["from-cache"] === true) return runFromCache(ctx);
    const path = (flag: string): string | undefined =>
      typeof ctx.flags[flag] === "string" ? resolve(ctx.cwd, ctx.flags[flag] as string) : undefined;
    let stage: BuildStage | null = null;
    let bar: Progress | null = null;
    const summary = await buildDataset({
      dataDir: resolve(ctx.cwd, String(ctx.flags["data-dir"])),
      v1File: path("v1"),
      v2File: ctx.flags["no-v2"] === true ? null : path("v2"),
      registryFile: path("registry"),
      onProgress: (s, done, total) => {
        if (ctx.json) return;
        if (s !== stage) {
          bar?.done();
          stage = s;
          bar = s === "import" ? ctx.progress("import leaderboard rows", total) : null;
          if (s === "save") ctx.stderr.write("writing DuckDB file...\n");
        }
        if (s === "import") bar?.update(done, total);
      },
    });
    (bar as Progress | null)?.done();
    if (ctx.json) {
      printJson(ctx, summary);
      return 0;
    }
    const rel = (f: string) => relative(ctx.cwd, f) || f;
    const v2only = summary.counts.v2OnlyModels;
    const lines = [
      `built ${rel(summary.dbFile)} in ${summary.seconds.toFixed(1)}s (import ${summary.timings.import.toFixed(1)}s, write ${summary.timings.save.toFixed(1)}s)`,
      `models: ${formatNumber(summary.models)} (${formatNumber(summary.scoredModels)} with v1 scores${v2only === undefined ? "" : `, ${formatNumber(v2only)} v2-only`}); v2 score rows: ${formatNumber(summary.v2Rows)}`,
      "",
      formatTable(
        ["column", "all models", "scored models"],
        summary.coverage.map((c) => [
          c.over === "moe-models" ? `${c.column} (of MoE)` : c.column,
          formatShare(c.all),
          formatShare(c.scored),
        ]),
        ["left", "right", "right"],
      ),
      "",
      `structural values by provenance: ${provenanceLine(summary.provenance)}`,
      "",
      "what each structure rests on (scored: with v1 scores; core: layers, d_model, d_ffn and heads filled):",
      formatTable(
        ["evidence", "models", "scored", "scored, core filled"],
        summary.evidence
          .filter((e) => e.all > 0)
          .map((e) => [e.evidence, formatNumber(e.all), formatNumber(e.scored), formatNumber(e.scoredCore)]),
        ["left", "right", "right", "right"],
      ),
      ...precisionLines(summary.imputationChecks),
      `warnings: ${formatNumber(summary.warnings)} import warnings in ${rel(summary.warningsFile)}; ${formatNumber(summary.modelsWithWarnings)} models carry row warnings (strata models --columns id,warnings)`,
    ];
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
};

/** `--from-cache`: the dataset from the crawl cache (hub/buildFromCache), no network. */
async function runFromCache(ctx: CommandContext): Promise<number> {
  const dataDir = resolve(ctx.cwd, String(ctx.flags["data-dir"]));
  const cacheDir =
    typeof ctx.flags.cache === "string" ? resolve(ctx.cwd, ctx.flags.cache) : join(dataDir, CACHE_SUBDIR);
  const bar = ctx.json ? null : ctx.progress("normalize cached configs");
  const r = await buildFromCache({ cacheDir, dataDir, onProgress: (d, t) => bar?.update(d, t) });
  bar?.done();
  const { records, v2, warnings, ...rest } = r;
  if (ctx.json) {
    printJson(ctx, { ...rest, records: records.length, v2Rows: v2.length, warnings: warnings.length });
    return 0;
  }
  const c = r.counts;
  ctx.stdout.write(
    `built ${relative(ctx.cwd, r.dbFile ?? "") || r.dbFile} from ${relative(ctx.cwd, cacheDir) || cacheDir}: ` +
      `${formatNumber(records.length)} records (${formatNumber(c.v1Scored ?? 0)} with v1 scores, ${formatNumber(c.v2Models ?? 0)} with v2 rows); ` +
      `crawl outcomes: fetched ${c.fetched}, gated ${c.gated}, missing ${c.missing}, failed ${c.failed}, not a config ${c.notAConfig}\n`,
  );
  return 0;
}

/** Per validation set and field: wrong among filled (precision) and filled among checked (coverage). */
function precisionLines(checks: ImputationCheck[]): string[] {
  if (checks.length === 0) return [];
  const fields = [...new Set(checks.flatMap((c) => c.fields.map((f) => f.field)))];
  const cell = (c: ImputationCheck, field: string): string => {
    const f = c.fields.find((x) => x.field === field);
    if (!f || f.checked === 0) return "-";
    const wrong = f.filled ? `${formatShare(f.wrong / f.filled)} wrong` : "none filled";
    return `${wrong}, ${formatShare(f.filled / f.checked)} filled`;
  };
  return [
    "",
    "imputation checked against known structures (wrong among filled, filled among checked):",
    formatTable(
      ["field", ...checks.map((c) => `${c.name} (${formatNumber(c.cases)})`)],
      fields.map((field) => [field, ...checks.map((c) => cell(c, field))]),
      ["left", ...checks.map(() => "right" as const)],
    ),
  ];
}

function provenanceLine(p: Partial<Record<string, number>>): string {
  const entries = Object.entries(p).filter((e): e is [string, number] => typeof e[1] === "number");
  const total = entries.reduce((s, [, n]) => s + n, 0);
  return entries
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${formatNumber(n)} (${formatShare(total ? n / total : 0)})`)
    .join(", ");
}
