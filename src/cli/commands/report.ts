import { relative, resolve } from "node:path";
import { DEFAULT_DATA_DIR, STRUCTURE_SELECTIONS, V1_BENCHMARKS, V2_BENCHMARKS } from "../../dataset/index.ts";
import {
  ALL_REGRESSOR_NAMES,
  DEFAULT_SEED,
  PROTOCOLS,
  type Protocol,
  REGRESSOR_NAMES,
  type RegressorName,
} from "../../ml/index.ts";
import { buildReport } from "../../report/index.ts";
import type { Command } from "../command.ts";
import { parseInteger, parseList, parseStructure, parseTargets } from "../flags.ts";
import { printJson } from "../output.ts";
import type { Progress } from "../progress.ts";

/** A flag's parsed value when it was given, else undefined (the library's default applies). */
function opt<T>(value: unknown, parse: (v: string) => T): T | undefined {
  return typeof value === "string" ? parse(value) : undefined;
}

export const command: Command = {
  name: "report",
  summary: "Write the HTML report (figures as SVG/PNG, numbers as report.json) from the built dataset",
  description:
    "Reads <data-dir>/strata.duckdb (run 'strata build' first) and writes report.html (one self-contained\n" +
    "file that opens offline), report.json (every number) and figures/<id>.{svg,png,vl.json} to --out.\n" +
    "To keep the report to minutes on 2 cores, the study's table (random CV) runs all ten regressors but\n" +
    "the grouped and time protocols run Random Forest, linear and XGBoost only, and permutation\n" +
    "importances use 1 repeat per fold (ml's default is 5). --full runs everything (tens of minutes).\n" +
    "report.json records every setting (meta.settings) and the command that reruns it (meta.command);\n" +
    "the same --seed gives the same R^2 as 'strata regress --seed' on the same rows.",
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
      description: `Regressors, of ${ALL_REGRESSOR_NAMES.join(",")} (default all: ${REGRESSOR_NAMES.join(",")}; --full adds llm)`,
    },
    folds: { type: "string", arg: "N", description: "Cross-validation folds (default 5)" },
    repeats: {
      type: "string",
      arg: "N",
      description: "Permutation repeats per fold (default 1; 5 with --full)",
    },
    seed: {
      type: "string",
      arg: "N",
      description: `Seed of the folds and the seeded regressors (default ${DEFAULT_SEED}, the study's random_state)`,
    },
    targets: {
      type: "string",
      arg: "LIST",
      description: `Benchmarks to regress: ${V1_BENCHMARKS.join(",")} (v1), ${V2_BENCHMARKS.join(",")} (v2), or groups v1, v2, all (= v1); default v1,v2`,
    },
    structure: {
      type: "string",
      arg: "S",
      description: `Rows the modelling uses by how their structure is known: ${STRUCTURE_SELECTIONS.join(" | ")} (default all, as the study)`,
    },
    full: {
      type: "boolean",
      description:
        "Every regressor under every protocol, 5 permutation repeats, and the fine-tuned LLM under random CV (tens of minutes)",
    },
    "probe-model": {
      type: "string",
      arg: "DIR",
      description:
        "Checkpoint for the 'Inside a model' section (default: the bundled stories260K; 'none' leaves the section out)",
    },
  },
  examples: [
    "strata report",
    "strata report --out /tmp/report --protocols random --folds 3",
    "strata report --seed 0 --targets arc,mmlu,v2 --structure confident",
    "strata report --full",
    "strata report --probe-model ./Qwen2-0.5B",
    "strata report --json",
  ],
  async run(ctx) {
    const dataDir = resolve(ctx.cwd, String(ctx.flags["data-dir"]));
    const outDir = typeof ctx.flags.out === "string" ? resolve(ctx.cwd, ctx.flags.out) : undefined;
    const bars = new Map<string, Progress>();
    const result = await buildReport({
      dataDir,
      outDir,
      regressionProtocols: opt(ctx.flags.protocols, (v) =>
        parseList<Protocol>("protocols", v, PROTOCOLS, null),
      ),
      regressors: opt(ctx.flags.regressors, (v) =>
        parseList<RegressorName>("regressors", v, ALL_REGRESSOR_NAMES, REGRESSOR_NAMES),
      ),
      folds: opt(ctx.flags.folds, (v) => parseInteger("folds", v, 2)),
      importanceRepeats: opt(ctx.flags.repeats, (v) => parseInteger("repeats", v, 1)),
      seed: opt(ctx.flags.seed, (v) => parseInteger("seed", v, 0)),
      targets: opt(ctx.flags.targets, (v) => parseTargets("targets", v)),
      structure: opt(ctx.flags.structure, (v) => parseStructure("structure", v)),
      full: ctx.flags.full === true,
      probeModel: opt(ctx.flags["probe-model"], (v) => (v === "none" ? null : resolve(ctx.cwd, v))),
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
