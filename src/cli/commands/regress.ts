import { resolve } from "node:path";
import {
  CONFIDENT_IMPUTATION,
  DEFAULT_DATA_DIR,
  loadRecords,
  loadRecordsWithV2,
  STRUCTURE_SELECTIONS,
  V1_BENCHMARKS,
  V2_BENCHMARKS,
} from "../../dataset/index.ts";
import { UsageError } from "../../errors.ts";
import {
  ALL_REGRESSOR_NAMES,
  DEFAULT_SEED,
  LLM_DEFAULTS,
  type LlmRegressorSettings,
  PROTOCOLS,
  type Protocol,
  REGRESSOR_NAMES,
  type RegressionTable,
  type RegressorName,
  regressorInfo,
  runRegressionTables,
  type Target,
} from "../../ml/index.ts";
import { STUDY_LLM_R2 } from "../../study.ts";
import type { Command } from "../command.ts";
import { parseInteger, parseList, parseStructure, parseTargets, TARGET_GROUPS } from "../flags.ts";
import { formatTable, printJson } from "../output.ts";

export const command: Command = {
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
    "table; the study could not ask this): --target v2 or e.g. --target ifeval,math.\n" +
    `--structure: all rows (as the study), confident (read from a config, or imputed with confidence >= ${CONFIDENT_IMPUTATION}), or config (read only).\n` +
    "--regressors all: the ten matrix regressors (the study's nine and XGBoost). llm, the study's tenth\n" +
    "(LoRA on every linear layer of a local causal LM, trained per fold on the structure as text, predicting\n" +
    "by greedy generation) runs only when named: --regressors all,llm. It takes about half an hour on\n" +
    "the bundled stories260K on 2 cores; --steps and --limit make a quick run.",
  flags: {
    target: {
      type: "string",
      arg: "LIST",
      default: "all",
      description: `Benchmarks: ${V1_BENCHMARKS.join(",")} (v1), ${V2_BENCHMARKS.join(",")} (v2), or a group: ${Object.keys(TARGET_GROUPS).join(", ")} (all = v1)`,
    },
    protocol: { type: "string", arg: "P", default: "random", description: "random | grouped | time | all" },
    regressors: {
      type: "string",
      arg: "LIST",
      default: "all",
      description: `Comma list of ${ALL_REGRESSOR_NAMES.join(",")}; all = every one but llm`,
    },
    "llm-model": {
      type: "string",
      arg: "DIR",
      description:
        "llm: base model folder, llama/mistral/qwen2 safetensors (default: the bundled stories260K)",
    },
    "lora-rank": {
      type: "string",
      arg: "R",
      default: String(LLM_DEFAULTS.rank),
      description: "llm: LoRA rank",
    },
    "lora-alpha": {
      type: "string",
      arg: "A",
      default: String(LLM_DEFAULTS.alpha),
      description: "llm: LoRA alpha (scale alpha/rank)",
    },
    steps: {
      type: "string",
      arg: "N",
      default: String(LLM_DEFAULTS.steps),
      description: "llm: AdamW steps per fold",
    },
    lr: {
      type: "string",
      arg: "X",
      default: String(LLM_DEFAULTS.lr),
      description: "llm: peak learning rate",
    },
    batch: {
      type: "string",
      arg: "B",
      default: String(LLM_DEFAULTS.batch),
      description: "llm: examples per step",
    },
    limit: { type: "string", arg: "N", description: "llm: generate for at most N held-out rows per fold" },
    "save-adapter": {
      type: "string",
      arg: "DIR",
      description: "llm: after CV, fit on every row and write the adapters (PEFT layout) to DIR",
    },
    folds: { type: "string", arg: "K", default: "5", description: "Number of folds" },
    seed: {
      type: "string",
      arg: "N",
      default: String(DEFAULT_SEED),
      description: "Seed for fold assignment and the regressors (default 42, the study's random_state)",
    },
    structure: {
      type: "string",
      arg: "S",
      default: "all",
      description: `Rows by how their structure is known: ${STRUCTURE_SELECTIONS.join(" | ")}`,
    },
    "pretrained-only": { type: "boolean", description: "Only models whose kind is pretrained" },
    workers: {
      type: "string",
      arg: "N",
      description: "Worker threads (default: 2 or the cores available; 1 = none)",
    },
    "data-dir": { type: "string", arg: "DIR", default: DEFAULT_DATA_DIR, description: "Dataset folder" },
  },
  examples: [
    "strata regress",
    "strata regress --target mmlu,arc --regressors rf,linear,xgb",
    "strata regress --protocol all --regressors rf",
    "strata regress --target v2 --regressors rf,linear",
    "strata regress --structure confident --protocol grouped --regressors rf",
    "strata regress --pretrained-only --json",
    "strata regress --regressors llm --steps 50 --limit 20",
    "strata regress --regressors rf,xgb,llm --save-adapter llm-adapter",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const targets = parseTargets("target", String(f.target));
    const protocols = parseList<Protocol>("protocol", String(f.protocol), PROTOCOLS);
    // "all" means the matrix regressors; the costly llm joins only by name ("all,llm").
    const regressors = [
      ...new Set(
        String(f.regressors)
          .split(",")
          .flatMap((r) => (r.trim() === "all" ? [...REGRESSOR_NAMES] : [r])),
      ),
    ].join(",");
    const chosen = parseList<RegressorName>("regressors", regressors, ALL_REGRESSOR_NAMES, null);
    const llm = chosen.includes("llm") ? llmSettings(f, ctx.cwd) : undefined;
    const folds = parseInteger("folds", String(f.folds), 2);
    const seed = parseInteger("seed", String(f.seed), 0);
    const structure = parseStructure("structure", String(f.structure));
    const workers = f.workers === undefined ? undefined : parseInteger("workers", String(f.workers), 1);
    const dir = resolve(ctx.cwd, String(f["data-dir"]));
    const needsV2 = targets.some((t) => (V2_BENCHMARKS as readonly string[]).includes(t));
    const records = needsV2 ? await loadRecordsWithV2(dir) : await loadRecords(dir);
    const progress = ctx.progress("regress", undefined);
    const tables = await runRegressionTables(records, {
      protocols,
      targets,
      regressors: chosen,
      ...(llm ? { llm } : {}),
      folds,
      seed,
      structure,
      pretrainedOnly: f["pretrained-only"] === true,
      ...(workers === undefined ? {} : { workers }),
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
};

/** The --llm-model ... --save-adapter flags as the LLM regressor's settings. */
function llmSettings(f: Record<string, unknown>, cwd: string): LlmRegressorSettings {
  const positive = (flag: string): number => {
    const v = Number(f[flag]);
    if (!(v > 0) || !Number.isFinite(v))
      throw new UsageError(`--${flag}: expected a positive number, got '${f[flag]}'`);
    return v;
  };
  return {
    ...(f["llm-model"] === undefined ? {} : { modelDir: resolve(cwd, String(f["llm-model"])) }),
    rank: parseInteger("lora-rank", String(f["lora-rank"]), 1),
    alpha: positive("lora-alpha"),
    steps: parseInteger("steps", String(f.steps), 1),
    lr: positive("lr"),
    batch: parseInteger("batch", String(f.batch), 1),
    ...(f.limit === undefined ? {} : { limit: parseInteger("limit", String(f.limit), 1) }),
    ...(f["save-adapter"] === undefined ? {} : { saveAdapter: resolve(cwd, String(f["save-adapter"])) }),
  };
}

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
