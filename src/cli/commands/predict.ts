import { relative, resolve } from "node:path";
import { readModelConfig } from "../../configs/index.ts";
import { V1_BENCHMARKS } from "../../contracts/index.ts";
import { loadRecords } from "../../dataset/index.ts";
import { type LlmScorePrediction, predictScores, predictScoresLlm } from "../../ml/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { flag } from "../flags.ts";
import { formatTable, printJson } from "../output.ts";

export const command = defineCommand({
  name: "predict",
  summary: "Predict the six leaderboard v1 scores of a model from its config, with intervals and neighbours",
  description:
    "PATH is a config.json or a model folder. Its structure is normalized (as `strata config`), then for\n" +
    "each benchmark a Random Forest trained on the dataset predicts the score with a split-conformal\n" +
    "(1 - alpha) interval (75% of the rows fit the forest, 25% calibrate the width). Also lists the known\n" +
    "models nearest in standardized feature space with their real scores.\n" +
    "--llm-adapter DIR adds the answer of a fine-tuned LLM regressor saved by\n" +
    "`strata regress --regressors llm --save-adapter DIR` (greedy generation; an unreadable score is its\n" +
    "training mean, and said so).",
  positionals: [{ name: "path", description: "config.json or model folder", required: true }],
  flags: {
    date: flag.date({
      arg: "YYYY-MM",
      granularity: "month",
      description: "Date feature (default: the newest month in the data)",
    }),
    alpha: flag.number({
      arg: "A",
      min: 1e-9,
      max: 1 - 1e-9,
      default: 0.1,
      description: "Miscoverage: intervals are 1 - A",
    }),
    neighbours: flag.int({ arg: "K", min: 1, default: 5, description: "Nearest known models to list" }),
    "data-dir": dataDirFlag(),
    "llm-adapter": flag.path({
      arg: "DIR",
      description: "Also predict with the LoRA adapters saved by regress --save-adapter",
    }),
    "llm-model": flag.path({
      arg: "DIR",
      description: "Base model of --llm-adapter (default: the one it was trained on)",
    }),
  },
  examples: [
    "strata predict ./Llama-2-7b-hf",
    "strata predict config.json --date 2024-03 --json",
    "strata predict src/configs/fixtures/llama-2-7b.json --llm-adapter llm-adapter",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const { alpha, neighbours: k } = f;
    const date = ctx.flags.date?.slice(0, 7);
    const { file, normalized } = await readModelConfig(resolve(ctx.cwd, ctx.positionals[0] ?? ""));
    const records = await loadRecords(ctx.flags["data-dir"]);
    const result = await predictScores(normalized.structure, records, {
      alpha,
      k,
      ...(date === undefined ? {} : { date }),
    });
    const llm: LlmScorePrediction | null =
      f["llm-adapter"] === undefined
        ? null
        : await predictScoresLlm(f["llm-adapter"], result.features, {
            ...(f["llm-model"] === undefined ? {} : { modelDir: f["llm-model"] }),
          });
    if (ctx.json) {
      printJson(ctx, { file, structure: normalized.structure, ...result, ...(llm ? { llm } : {}) });
      return 0;
    }
    const pct = Math.round((1 - alpha) * 100);
    const rows = result.scores.map((s) => [
      s.target,
      s.prediction.toFixed(1),
      `[${s.lower.toFixed(1)}, ${s.upper.toFixed(1)}]`,
      String(s.n),
      ...(llm ? [llm.scores[s.target].toFixed(1)] : []),
    ]);
    const out = [
      `${relative(ctx.cwd, file) || file}`,
      `features: ${Object.entries(result.features)
        .map(([k2, v]) => `${k2}=${Number.isInteger(v) ? v : v.toFixed(2)}`)
        .join(" ")}`,
      "",
      formatTable(["benchmark", "predicted", `${pct}% interval`, "n", ...(llm ? ["llm"] : [])], rows, [
        "left",
        "right",
        "right",
        "right",
        ...(llm ? (["right"] as const) : []),
      ]),
      ...(llm ? ["", `llm (${relative(ctx.cwd, llm.adapter) || llm.adapter}) wrote:${llm.text}`] : []),
      "",
      "nearest known models (standardized feature distance):",
      formatTable(
        ["model", "distance", ...V1_BENCHMARKS],
        result.neighbours.map((nb) => [
          nb.id,
          nb.distance.toFixed(3),
          ...V1_BENCHMARKS.map((t) => {
            const v = nb.scores[t];
            return v === null ? null : v.toFixed(1);
          }),
        ]),
        ["left", "right", "right", "right", "right", "right", "right", "right"],
      ),
    ];
    const llmWarnings = llm?.unparsed.length
      ? [`llm: no readable ${llm.unparsed.join(", ")} in its answer; the training mean stands in`]
      : [];
    for (const w of [
      ...normalized.warnings.map((w) => `${w.field}: ${w.message}`),
      ...result.warnings,
      ...llmWarnings,
    ]) {
      out.push(`warning: ${w}`);
    }
    ctx.stdout.write(`${out.join("\n")}\n`);
    return 0;
  },
});
