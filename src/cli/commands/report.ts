import { relative, resolve } from "node:path";
import { STRUCTURE_SELECTIONS } from "../../dataset/index.ts";
import { ALL_REGRESSOR_NAMES, DEFAULT_SEED, PROTOCOLS, REGRESSOR_NAMES } from "../../ml/index.ts";
import { type BuildReportResult, buildReport } from "../../report/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { flag } from "../flags.ts";
import {
  protocolsFlag,
  regressorsFlag,
  structureFlag,
  TARGETS_HELP,
  targetsFlag,
} from "../modelling-flags.ts";
import { printJson } from "../output.ts";

export const command = defineCommand({
  name: "report",
  summary: "Write the HTML report (figures as SVG/PNG, numbers as report.json) from the built dataset",
  description:
    "Reads <data-dir>/strata.duckdb (run 'strata build' first) and writes report.html (one self-contained\n" +
    "file that opens offline), report.json (every number) and figures/<id>.{svg,png,vl.json} to --out.\n" +
    "To keep the report to minutes on 2 cores, the study's table (random CV) runs all ten regressors but\n" +
    "the grouped and time protocols run Random Forest, linear and XGBoost only, and permutation\n" +
    "importances use 1 repeat per fold (ml's default is 5). --full runs everything (about 40 minutes on 2 cores,\n" +
    "most of it the fine-tuned LLM; a rerun on the same data reads every fit back from the results cache).\n" +
    "report.json records every setting (meta.settings) and the command that reruns it (meta.command);\n" +
    "the same --seed gives the same R^2 as 'strata regress --seed' on the same rows.",
  flags: {
    out: flag.path({ arg: "DIR", description: "Output folder (default: <data-dir>/report)" }),
    "data-dir": dataDirFlag("Dataset folder to read"),
    protocols: protocolsFlag(`CV protocols of the regression table (default: ${PROTOCOLS.join(",")})`),
    regressors: regressorsFlag(
      `Regressors, of ${ALL_REGRESSOR_NAMES.join(",")} (default all: ${REGRESSOR_NAMES.join(",")}; --full adds llm)`,
    ),
    folds: flag.int({ arg: "N", min: 2, description: "Cross-validation folds (default 5)" }),
    repeats: flag.int({
      arg: "N",
      min: 1,
      description: "Permutation repeats per fold (default 1; 5 with --full)",
    }),
    seed: flag.int({
      arg: "N",
      min: 0,
      description: `Seed of the folds and the seeded regressors (default ${DEFAULT_SEED}, the study's random_state)`,
    }),
    targets: targetsFlag(`${TARGETS_HELP}; default v1,v2`),
    structure: structureFlag(
      `Rows the modelling uses by how their structure is known: ${STRUCTURE_SELECTIONS.join(" | ")} (default all, as the study)`,
    ),
    full: flag.boolean({
      description:
        "Every regressor under every protocol, 5 permutation repeats, and the fine-tuned LLM under random CV (about 40 minutes on 2 cores)",
    }),
    "probe-model": flag.string({
      arg: "DIR",
      nonEmpty: true,
      description:
        "Checkpoint for the 'Inside a model' section (default: the bundled stories260K; 'none' leaves the section out)",
    }),
    "no-cache": flag.boolean({
      description: "Refit every model instead of reusing the results kept in <data-dir>/fit-cache",
    }),
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
    const f = ctx.flags;
    const probeModel = f["probe-model"];
    // One bar for the whole report; its units are estimated milliseconds of work (shown as a share).
    const bar = ctx.progress("report");
    bar.percent?.();
    const result = await buildReport({
      dataDir: f["data-dir"],
      outDir: f.out,
      regressionProtocols: f.protocols,
      regressors: f.regressors,
      folds: f.folds,
      importanceRepeats: f.repeats,
      seed: f.seed,
      targets: f.targets,
      structure: f.structure,
      full: f.full,
      cache: !f["no-cache"],
      probeModel:
        probeModel === undefined ? undefined : probeModel === "none" ? null : resolve(ctx.cwd, probeModel),
      onProgress: (stage) => bar.note(stage),
      onJobProgress: (done, total) => bar.update(Math.round(done), Math.round(total)),
    });
    bar.note("");
    bar.done();
    if (ctx.json) {
      printJson(ctx, result);
      return 0;
    }
    ctx.stdout.write(formatReportResult(result, ctx.cwd));
    return 0;
  },
});

/** Where the report went, and what it could not compute. */
export function formatReportResult(result: BuildReportResult, cwd: string): string {
  const rel = (f: string) => relative(cwd, f) || f;
  const lines = [
    rel(result.htmlFile),
    `${result.figures.length} figures (SVG + PNG) in ${rel(resolve(result.htmlFile, "..", "figures"))}; numbers in ${rel(result.jsonFile)}`,
  ];
  const missing = Object.entries(result.unavailable);
  if (missing.length) {
    lines.push(`not computed (${missing.length}):`, ...missing.map(([k, v]) => `  ${k}: ${v}`));
  }
  return `${lines.join("\n")}\n`;
}
