import { STUDY_LLM_R2, V2_BENCHMARKS } from "../../contracts/index.ts";
import {
  CONFIDENT_IMPUTATION,
  loadRecords,
  loadRecordsWithV2,
  STRUCTURE_SELECTIONS,
} from "../../dataset/index.ts";
import {
  ALL_REGRESSOR_NAMES,
  LLM_DEFAULTS,
  REGRESSOR_NAMES,
  type RegressionTable,
  type RegressorName,
  regressorInfo,
  runRegressionTables,
  TARGET_GROUPS,
  type Target,
} from "../../ml/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { flag, withAlias } from "../flags.ts";
import {
  protocolsFlag,
  regressorsFlag,
  seedFlag,
  structureFlag,
  TARGETS_HELP,
  targetsFlag,
} from "../modelling-flags.ts";
import { formatTable, printJson } from "../output.ts";

export const command = defineCommand({
  name: "regress",
  summary:
    "Cross-validated R^2 of the regressors (ten on the feature matrix, and a fine-tuned LLM) predicting each benchmark from structure, size and date",
  description:
    "Features: layers, d_model, d_ffn, heads, kv_heads (heads when absent), vocab_size, pos, params_b,\n" +
    "MoE flag and date (created_at, else the leaderboard submission, in months since 2023-01). Rows with a\n" +
    "missing feature or target are dropped (as the study); n per target is printed.\n" +
    "Protocols: random K-fold (as the study); grouped (every fine-tune/merge of one base model in the same\n" +
    "fold: group = imputed_from ?? base_model ?? id); time (expanding window: train on older submissions,\n" +
    "test on the next block of newer ones). The study's published Random Forest R^2 is shown beside ours.\n" +
    "Targets: the six leaderboard v1 benchmarks (the study's), or the six of leaderboard v2 (scores_v2\n" +
    "table; the study could not ask this): --targets v2 or e.g. --targets ifeval,math.\n" +
    `--structure: all rows (as the study), confident (read from a config, or imputed with confidence >= ${CONFIDENT_IMPUTATION}), or config (read only).\n` +
    "--regressors all: the ten matrix regressors (the study's nine and XGBoost). llm, the study's tenth\n" +
    "(LoRA on every linear layer of a local causal LM, trained per fold on the structure as text, predicting\n" +
    "by greedy generation) runs only when named: --regressors all,llm. It takes about 40 minutes on\n" +
    "the bundled stories260K on 2 cores; --steps and --limit make a quick run.",
  flags: {
    targets: withAlias(targetsFlag(`${TARGETS_HELP}; default all`), "target"),
    protocols: withAlias(protocolsFlag("random | grouped | time | all (default random)"), "protocol"),
    regressors: regressorsFlag(
      `Comma list of ${ALL_REGRESSOR_NAMES.join(",")}; all = every one but llm (the default)`,
    ),
    "llm-model": flag.path({
      arg: "DIR",
      description:
        "llm: base model folder, llama/mistral/qwen2 safetensors (default: the bundled stories260K)",
    }),
    "lora-rank": flag.int({ arg: "R", min: 1, default: LLM_DEFAULTS.rank, description: "llm: LoRA rank" }),
    "lora-alpha": flag.number({
      arg: "A",
      positive: true,
      default: LLM_DEFAULTS.alpha,
      description: "llm: LoRA alpha (scale alpha/rank)",
    }),
    steps: flag.int({
      arg: "N",
      min: 1,
      default: LLM_DEFAULTS.steps,
      description: "llm: AdamW steps per fold",
    }),
    lr: flag.number({
      arg: "X",
      positive: true,
      default: LLM_DEFAULTS.lr,
      description: "llm: peak learning rate",
    }),
    batch: flag.int({ arg: "B", min: 1, default: LLM_DEFAULTS.batch, description: "llm: examples per step" }),
    limit: flag.int({ arg: "N", min: 1, description: "llm: generate for at most N held-out rows per fold" }),
    "save-adapter": flag.path({
      arg: "DIR",
      description: "llm: after CV, fit on every row and write the adapters (PEFT layout) to DIR",
    }),
    folds: flag.int({ arg: "K", min: 2, default: 5, description: "Number of folds" }),
    seed: seedFlag(),
    structure: structureFlag(
      `Rows by how their structure is known: ${STRUCTURE_SELECTIONS.join(" | ")} (default all)`,
    ),
    "pretrained-only": flag.boolean({ description: "Only models whose kind is pretrained" }),
    workers: flag.int({
      arg: "N",
      min: 1,
      description: "Worker threads (default: 2 or the cores available; 1 = none)",
    }),
    "data-dir": dataDirFlag(),
  },
  examples: [
    "strata regress",
    "strata regress --targets mmlu,arc --regressors rf,linear,xgb",
    "strata regress --protocols all --regressors rf",
    "strata regress --targets v2 --regressors rf,linear",
    "strata regress --structure confident --protocols grouped --regressors rf",
    "strata regress --pretrained-only --json",
    "strata regress --regressors llm --steps 50 --limit 20",
    "strata regress --regressors rf,xgb,llm --save-adapter llm-adapter",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const targets = f.targets ?? [...TARGET_GROUPS.all];
    const protocols = f.protocols ?? ["random"];
    const regressors: RegressorName[] = f.regressors ?? [...REGRESSOR_NAMES];
    const llm = regressors.includes("llm")
      ? {
          ...(f["llm-model"] === undefined ? {} : { modelDir: f["llm-model"] }),
          rank: f["lora-rank"],
          alpha: f["lora-alpha"],
          steps: f.steps,
          lr: f.lr,
          batch: f.batch,
          ...(f.limit === undefined ? {} : { limit: f.limit }),
          ...(f["save-adapter"] === undefined ? {} : { saveAdapter: f["save-adapter"] }),
        }
      : undefined;
    const dir = f["data-dir"];
    const needsV2 = targets.some((t) => (V2_BENCHMARKS as readonly string[]).includes(t));
    const records = needsV2 ? await loadRecordsWithV2(dir) : await loadRecords(dir);
    const progress = ctx.progress("regress", undefined);
    const tables = await runRegressionTables(records, {
      protocols,
      targets,
      regressors,
      ...(llm ? { llm } : {}),
      folds: f.folds,
      seed: f.seed,
      structure: f.structure ?? "all",
      pretrainedOnly: f["pretrained-only"],
      ...(f.workers === undefined ? {} : { workers: f.workers }),
      onProgress: (done, total, note) => {
        progress.update(done, total);
        if (note) progress.note(note);
      },
    });
    progress.done();
    if (ctx.json) {
      printJson(ctx, protocols.length === 1 ? tables[0] : { tables });
      return 0;
    }
    ctx.stdout.write(`${formatTables(tables)}\n`);
    return 0;
  },
});

function cellText(t: RegressionTable, regressor: RegressorName, target: Target, withStd: boolean): string {
  const c = t.cells.find((x) => x.regressor === regressor && x.target === target);
  if (!c || !Number.isFinite(c.r2)) return "-";
  return withStd ? `${c.r2.toFixed(2)} ±${c.std.toFixed(2)}` : c.r2.toFixed(2);
}

/** One table (rows regressors, columns benchmarks), or with several protocols their values side by side. */
export function formatTables(tables: RegressionTable[]): string {
  const first = tables[0];
  if (!first) return "";
  const multi = tables.length > 1;
  const protocols = tables.map((t) => t.protocol);
  const header = ["regressor", ...first.targets];
  const rows: (string | null)[][] = first.regressors.map((r) => [
    regressorInfo(r).label,
    ...first.targets.map((target) =>
      multi ? tables.map((t) => cellText(t, r, target, false)).join(" / ") : cellText(first, r, target, true),
    ),
  ]);
  rows.push(["study RF (published)", ...first.targets.map((t) => first.published[t]?.toFixed(2) ?? "-")]);
  if (first.regressors.includes("llm")) {
    const llm = STUDY_LLM_R2 as Partial<Record<Target, number>>;
    rows.push(["study LLM fine-tune (published)", ...first.targets.map((t) => llm[t]?.toFixed(2) ?? "-")]);
  }
  rows.push(["n", ...first.targets.map((t) => String(first.n[t] ?? "-"))]);
  rows.push(["dropped (missing)", ...first.targets.map((t) => String(first.dropped[t] ?? "-"))]);
  const align = header.map((_, i) => (i === 0 ? "left" : "right") as "left" | "right");
  const what = multi
    ? `R^2, ${first.folds}-fold CV, protocols ${protocols.join(" / ")} (mean over folds)`
    : `R^2, ${first.folds}-fold ${first.protocol} CV (mean ±std over folds)`;
  const scope =
    (first.pretrainedOnly ? ", pretrained models only" : "") +
    (first.structure === "all" ? "" : `, structure ${first.structure}`);
  const secs = tables.reduce((s, t) => s + t.elapsedMs, 0) / 1000;
  const lines = [
    `${what}${scope}, seed ${first.seed}`,
    `features: ${first.features.join(", ")}`,
    "",
    formatTable(header, rows, align),
    "",
    `${secs.toFixed(1)} s`,
  ];
  for (const t of tables) for (const w of t.warnings) lines.push(`warning (${t.protocol}): ${w}`);
  return lines.join("\n");
}
