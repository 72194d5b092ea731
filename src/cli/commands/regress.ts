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
import {
  DEFAULT_SEED,
  getRegressor,
  PROTOCOLS,
  type Protocol,
  REGRESSOR_NAMES,
  type RegressionTable,
  type RegressorName,
  runRegressionTables,
  type Target,
} from "../../ml/index.ts";
import type { Command } from "../command.ts";
import { parseInteger, parseList, parseStructure, parseTargets, TARGET_GROUPS } from "../flags.ts";
import { formatTable, printJson } from "../output.ts";

export const command: Command = {
  name: "regress",
  summary: "Cross-validated R^2 of ten regressors predicting each benchmark from structure, size and date",
  description:
    "Features: layers, d_model, d_ffn, heads, kv_heads (heads when absent), vocab_size, pos, params_b,\n" +
    "MoE flag and date (created_at, else the leaderboard submission, in months since 2023-01). Rows with a\n" +
    "missing feature or target are dropped (as the study); n per target is printed.\n" +
    "Protocols: random K-fold (as the study); grouped (every fine-tune/merge of one base model in the same\n" +
    "fold: group = imputed_from ?? base_model ?? id); time (expanding window: train on older submissions,\n" +
    "test on the next block of newer ones). The study's published Random Forest R^2 is shown beside ours.\n" +
    "Targets: the six leaderboard v1 benchmarks (the study's), or the six of leaderboard v2 (scores_v2\n" +
    "table; the study could not ask this): --target v2 or e.g. --target ifeval,math.\n" +
    `--structure: all rows (as the study), confident (read from a config, or imputed with confidence >= ${CONFIDENT_IMPUTATION}), or config (read only).`,
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
      description: `Comma list of ${REGRESSOR_NAMES.join(",")}`,
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
  ],
  async run(ctx) {
    const f = ctx.flags;
    const targets = parseTargets("target", String(f.target));
    const protocols = parseList<Protocol>("protocol", String(f.protocol), PROTOCOLS);
    const regressors = parseList<RegressorName>("regressors", String(f.regressors), REGRESSOR_NAMES);
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
      regressors,
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
    getRegressor(r).label,
    ...first.targets.map((target) =>
      multi ? tables.map((t) => cellText(t, r, target, false)).join(" / ") : cellText(first, r, target, true),
    ),
  ]);
  rows.push(["study RF (published)", ...first.targets.map((t) => first.published[t]?.toFixed(2) ?? "-")]);
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
