import { relative, resolve } from "node:path";
import { DEFAULT_DATA_DIR } from "../../dataset/index.ts";
import { UsageError } from "../../errors.ts";
import { type Protocol, REGRESSOR_NAMES, type RegressorName } from "../../ml/index.ts";
import { buildReport } from "../../report/index.ts";
import type { Command } from "../command.ts";
import { printJson } from "../output.ts";
import type { Progress } from "../progress.ts";

const PROTOCOLS: readonly Protocol[] = ["random", "grouped", "time"];

function list<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T[] | undefined {
  if (typeof value !== "string") return undefined;
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const i of items) {
    if (!allowed.includes(i as T))
      throw new UsageError(`report: --${flag} '${i}' is not one of ${allowed.join(", ")}`);
  }
  return items as T[];
}

function positiveInt(flag: string, value: unknown, min: number): number | undefined {
  if (typeof value !== "string") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`report: --${flag} must be an integer >= ${min}, got '${value}'`);
  return n;
}

export const command: Command = {
  name: "report",
  summary: "Write the HTML report (figures as SVG/PNG, numbers as report.json) from the built dataset",
  description:
    "Reads <data-dir>/strata.duckdb (run 'strata build' first) and writes report.html (one self-contained\n" +
    "file that opens offline), report.json (every number) and figures/<id>.{svg,png,vl.json} to --out.\n" +
    "To keep the report to minutes on 2 cores, the study's table (random CV) runs all ten regressors but\n" +
    "the grouped and time protocols run Random Forest, linear and XGBoost only, and permutation\n" +
    "importances use 1 repeat per fold (ml's default is 5). --full runs everything (tens of minutes).",
  flags: {
    out: { type: "string", arg: "DIR", description: "Output folder (default: <data-dir>/report)" },
    "data-dir": {
      type: "string",
      arg: "DIR",
      default: DEFAULT_DATA_DIR,
      description: "Dataset folder to read",
    },
    protocols: {
      type: "string",
      arg: "LIST",
      description: `CV protocols of the regression table, comma-separated (default: ${PROTOCOLS.join(",")})`,
    },
    regressors: {
      type: "string",
      arg: "LIST",
      description: `Regressors (default: all: ${REGRESSOR_NAMES.join(",")})`,
    },
    folds: { type: "string", arg: "N", description: "Cross-validation folds (default 5)" },
    repeats: { type: "string", arg: "N", description: "Permutation repeats per fold (default 1)" },
  },
  examples: [
    "strata report",
    "strata report --out /tmp/report --protocols random --folds 3",
    "strata report --json",
  ],
  async run(ctx) {
    const dataDir = resolve(ctx.cwd, String(ctx.flags["data-dir"]));
    const outDir = typeof ctx.flags.out === "string" ? resolve(ctx.cwd, ctx.flags.out) : undefined;
    const bars = new Map<string, Progress>();
    const result = await buildReport({
      dataDir,
      outDir,
      regressionProtocols: list("protocols", ctx.flags.protocols, PROTOCOLS),
      regressors: list<RegressorName>("regressors", ctx.flags.regressors, REGRESSOR_NAMES),
      folds: positiveInt("folds", ctx.flags.folds, 2),
      importanceRepeats: positiveInt("repeats", ctx.flags.repeats, 1),
      full: ctx.flags.full === true,
      onProgress: (stage, done, total) => {
        let bar = bars.get(stage);
        if (!bar) {
          for (const b of bars.values()) b.done();
          bar = ctx.progress(stage, total);
          bars.set(stage, bar);
        }
        bar.update(done, total);
      },
    });
    for (const b of bars.values()) b.done();
    if (ctx.json) {
      printJson(ctx, result);
      return 0;
    }
    const rel = (f: string) => relative(ctx.cwd, f) || f;
    const lines = [
      rel(result.htmlFile),
      `${result.figures.length} figures (SVG + PNG) in ${rel(resolve(result.htmlFile, "..", "figures"))}; numbers in ${rel(result.jsonFile)}`,
    ];
    const missing = Object.entries(result.unavailable);
    if (missing.length) {
      lines.push(`not computed (${missing.length}):`, ...missing.map(([k, v]) => `  ${k}: ${v}`));
    }
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
};
