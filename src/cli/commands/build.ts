import { join, relative } from "node:path";
import { formatNumber, formatShare, type ImputationCheck } from "../../contracts/index.ts";
import { type BuildStage, type BuildSummary, buildDataset } from "../../dataset/index.ts";
import { CACHE_SUBDIR } from "../../hub/index.ts";
import { type CommandContext, defineCommand } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { flag } from "../flags.ts";
import { formatTable, printJson } from "../output.ts";
import type { Progress } from "../progress.ts";

export const command = defineCommand({
  name: "build",
  summary: "Build the dataset from the bundled leaderboard exports (offline)",
  description:
    "Imports Open LLM Leaderboard v1 (scores + metadata) and v2, fills each model's structure from the\n" +
    "base-model registry (exact id, declared base, else only the fields every base that fits the evidence\n" +
    "agrees on; null and a warning when the evidence is missing or contradictory), measures that imputation\n" +
    "against structures known in advance, and writes <data-dir>/strata.duckdb and <data-dir>/build-warnings.json.\n" +
    "Without flags it uses the files shipped in data/. An existing dataset is not replaced by one with no\n" +
    "models or under half as many unless --force.",
  flags: {
    "data-dir": dataDirFlag("Dataset folder to write"),
    v1: flag.path({ arg: "FILE", description: "Leaderboard v1 CSV (default: bundled export)" }),
    v2: flag.path({ arg: "FILE", description: "Leaderboard v2 CSV (default: bundled export)" }),
    "no-v2": flag.boolean({ description: "Skip leaderboard v2" }),
    registry: flag.path({ arg: "FILE", description: "Base-model registry JSON (default: bundled)" }),
    "from-cache": flag.boolean({
      description: "Rebuild from the `strata collect` crawl cache instead (offline, never downloads)",
    }),
    cache: flag.path({
      arg: "DIR",
      description: `Crawl cache for --from-cache (default: <data-dir>/${CACHE_SUBDIR})`,
    }),
    force: flag.boolean({
      description: "Replace an existing dataset even with an empty or much smaller one",
    }),
  },
  examples: [
    "strata build",
    "strata build --data-dir /tmp/ds --v1 my_v1.csv --no-v2",
    "strata build --from-cache",
  ],
  async run(ctx) {
    const { flags } = ctx;
    const dataDir = flags["data-dir"];
    const summary = await buildDataset({
      dataDir,
      fromCache: flags["from-cache"] ? (flags.cache ?? join(dataDir, CACHE_SUBDIR)) : undefined,
      v1File: flags.v1,
      v2File: flags["no-v2"] ? null : flags.v2,
      registryFile: flags.registry,
      force: flags.force,
      onProgress: buildProgress(ctx),
    });
    if (ctx.json) printJson(ctx, summary);
    else ctx.stdout.write(formatBuildSummary(summary, ctx.cwd));
    return 0;
  },
});

/** A bar for the import and a line for the write, as buildDataset reports them. */
export function buildProgress(ctx: CommandContext): (stage: BuildStage, done: number, total: number) => void {
  let stage: BuildStage | null = null;
  let bar: Progress | null = null;
  return (s, done, total) => {
    if (ctx.json) return;
    if (s !== stage) {
      bar?.done();
      stage = s;
      bar = s === "import" ? ctx.progress("import rows", total) : null;
      if (s === "save") ctx.stderr.write("writing DuckDB file...\n");
    }
    if (s === "import") bar?.update(done, total);
  };
}

/** The build summary as text: counts, coverage, provenance, evidence, imputation precision, warnings. */
export function formatBuildSummary(summary: BuildSummary, cwd: string): string {
  const rel = (f: string) => relative(cwd, f) || f;
  const v2only = summary.counts.v2OnlyModels;
  const cache = summary.cache;
  const c = summary.counts;
  const lines = [
    `built ${rel(summary.dbFile)} in ${summary.seconds.toFixed(1)}s (import ${summary.timings.import.toFixed(1)}s, write ${summary.timings.save.toFixed(1)}s)`,
    `models: ${formatNumber(summary.models)} (${formatNumber(summary.scoredModels)} with v1 scores${v2only === undefined ? "" : `, ${formatNumber(v2only)} v2-only`}); v2 score rows: ${formatNumber(summary.v2Rows)}`,
    ...(cache
      ? [
          `from the crawl cache ${rel(cache.cacheDir)}: fetched ${c.fetched ?? 0}, gated ${c.gated ?? 0}, missing ${c.missing ?? 0}, failed ${c.failed ?? 0}, not a config ${c.notAConfig ?? 0}; ${formatNumber(cache.problemCount)} crawled models without a record`,
        ]
      : []),
    "",
    formatTable(
      ["column", "all models", "scored models"],
      summary.coverage.map((col) => [
        col.over === "moe-models" ? `${col.column} (of MoE)` : col.column,
        formatShare(col.all),
        formatShare(col.scored),
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
  return `${lines.join("\n")}\n`;
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
