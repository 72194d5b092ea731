import {
  benchmarkSpearman,
  dataQuality,
  dateSourceCounts,
  monthlyNewModels,
  pretrainedOverTime,
  scoreVsSize,
  table1,
  topByLikes,
  topCategories,
} from "../analysis/index.ts";
import {
  isScored,
  STUDY_CITATION,
  STUDY_LLM_R2,
  STUDY_RF_R2,
  STUDY_TOP_STRUCTURE,
  StrataError,
  V1_BENCHMARKS,
  type V1Benchmark,
  V2_BENCHMARKS,
} from "../contracts/index.ts";
import { type RecordWithV2, type StructureSelection, selectByStructure } from "../dataset/index.ts";

import {
  ALL_REGRESSOR_NAMES,
  DEFAULT_SEED,
  type FeatureImportances,
  featureImportances,
  type MatrixRegressorName,
  REGRESSOR_NAMES,
  type RegressionTable,
  type RegressionTableOptions,
  type RegressorName,
  reverseRegression,
  runRegressionTable,
  TARGETS,
  type Target,
  type TaskRunner,
} from "../ml/index.ts";

import type { ReportData, ReportInput, ReportProgressFn, ReportSettings } from "./types.ts";

/** Regressors of the grouped and time protocols unless `full`: the forest, a linear baseline and boosting. */
const OTHER_PROTOCOL_DEFAULT: readonly RegressorName[] = ["rf", "linear", "xgb"];

/** What a user chooses (the `strata report` flags); everything else follows from these. */
export type ReportChoices = Partial<
  Pick<
    ReportSettings,
    | "full"
    | "targets"
    | "structure"
    | "regressionProtocols"
    | "folds"
    | "regressors"
    | "importanceRepeats"
    | "seed"
  >
>;

/**
 * The report's settings from the user's choices. Defaults keep `npm start` to minutes on 2 cores: the
 * study's table (all ten regressors, 5-fold random CV) in full; the grouped and time protocols with
 * Random Forest, linear and XGBoost (those of them that were chosen); permutation importances with 1
 * repeat per fold (ml's default is 5). `full` runs every chosen regressor under every protocol with 5
 * repeats. Measured on the bundled data, SVR and MLP take ~30% each of the random-CV time, RF ~20%.
 * The fine-tuned LLM ("llm", about 40 minutes on the bundled stories260K) joins the default regressors only with
 * `full`, and runs under random CV only (the study's protocol), whatever else runs under the others.
 */
export function resolveSettings(c: ReportChoices = {}): ReportSettings {
  const full = c.full === true;
  const regressors = [...(c.regressors ?? (full ? ALL_REGRESSOR_NAMES : REGRESSOR_NAMES))];
  const matrix = regressors.filter((r) => r !== "llm");
  const others = matrix.filter((r) => OTHER_PROTOCOL_DEFAULT.includes(r));
  return {
    full,
    targets: [...(c.targets ?? TARGETS)],
    structure: c.structure ?? "all",
    regressionProtocols: [...(c.regressionProtocols ?? ["random", "grouped", "time"])],
    folds: c.folds ?? 5,
    regressors,
    otherProtocolRegressors: full ? matrix : others.length ? others : matrix,
    importanceRepeats: c.importanceRepeats ?? (full ? 5 : 1),
    seed: c.seed ?? DEFAULT_SEED,
  };
}

/** The command line that reproduces a report's settings on the same dataset. */
export function reportCommand(s: ReportSettings, dataDir: string): string {
  const q = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  const parts = [
    "strata report",
    `--data-dir ${q(dataDir)}`,
    ...(s.full ? ["--full"] : []),
    `--seed ${s.seed}`,
    `--targets ${s.targets.join(",")}`,
    `--structure ${s.structure}`,
    `--protocols ${s.regressionProtocols.join(",")}`,
    `--regressors ${s.regressors.join(",")}`,
    `--folds ${s.folds}`,
    `--repeats ${s.importanceRepeats}`,
  ];
  return parts.join(" ");
}

const isV1 = (t: Target): t is V1Benchmark => (V1_BENCHMARKS as readonly string[]).includes(t);
const isV2 = (t: Target): boolean => (V2_BENCHMARKS as readonly string[]).includes(t);

/** The selections compared side by side in the regression section: the study's (all) and the trusted rows. */
const COMPARED_SELECTIONS: readonly StructureSelection[] = ["all", "confident"];
const COMPARED_PROTOCOLS = ["random", "grouped"] as const;

/**
 * Stage 2: every number of the report, from the records. Parts ml/ cannot compute are listed in
 * `unavailable`. The fits go through `runner` when given (one set of worker threads for the whole job,
 * the results cache); it stays open.
 */
export async function analyzeReport(
  input: ReportInput,
  settings: ReportSettings = resolveSettings(),
  onProgress?: ReportProgressFn,
  runner?: TaskRunner,
): Promise<ReportData> {
  const opts = settings;
  const { records } = input;
  const scored = records.filter(isScored);
  const modelled = selectByStructure(scored, opts.structure);
  const v1Targets = opts.targets.filter(isV1);
  const v2Targets = opts.targets.filter(isV2);
  const timings: Record<string, number> = {};
  const unavailable: Record<string, string> = {};
  const timed = async <T>(name: string, f: () => Promise<T> | T): Promise<T | null> => {
    const t0 = performance.now();
    try {
      return await f();
    } catch (err) {
      // ml/ throws StrataError subclasses for data it cannot model (too few rows, missing columns):
      // the report shows the reason in place of the part. Anything else is a bug and propagates.
      if (!(err instanceof StrataError)) throw err;
      unavailable[name] = err.message;
      return null;
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };
  // A step's own note (the LLM's fold, step and loss) follows the stage name.
  const step = (stage: string) => (done: number, total: number, note?: string) =>
    onProgress?.(note ? `${stage}: ${note}` : stage, done, total);
  const run = runner ? { runner } : {};
  const table = (name: string, rows: readonly RecordWithV2[], o: RegressionTableOptions) =>
    timed(name, () => runRegressionTable(rows, { folds: opts.folds, seed: opts.seed, ...run, ...o }));

  const t0 = performance.now();
  const pretrainedMmlu = scored.filter((r) => r.kind === "pretrained" && r.mmlu !== null);
  const mmluOverTime = pretrainedOverTime(scored, "mmlu");
  const descriptive = {
    table1: table1(records),
    dates: { all: dateSourceCounts(records), scored: dateSourceCounts(scored) },
    dataQuality: dataQuality(records, isScored),
    imputationChecks: input.imputationChecks,
    monthly: monthlyNewModels(records),
    architectures: topCategories(records, "architecture", 20),
    likes: topByLikes(records, 20),
    mmluOverTime,
    mmluUndated: pretrainedMmlu.length - mmluOverTime.length,
    sizeBins: V1_BENCHMARKS.flatMap((b) => scoreVsSize(scored, b, 10)),
    spearman: benchmarkSpearman(scored),
  };
  timings.descriptive = Math.round(performance.now() - t0);

  const importancesOf = async (
    rows: readonly RecordWithV2[],
    targets: readonly Target[],
    name: string,
    pretrainedOnly: boolean,
  ): Promise<FeatureImportances[]> => {
    const out: FeatureImportances[] = [];
    for (const [i, target] of targets.entries()) {
      const f = await timed(`${name} ${target}`, () =>
        featureImportances(rows, {
          target,
          pretrainedOnly,
          structure: opts.structure,
          repeats: opts.importanceRepeats,
          folds: opts.folds,
          seed: opts.seed,
          ...run,
        }),
      );
      onProgress?.(name, i + 1, targets.length);
      if (f) out.push(f);
    }
    return out;
  };
  // Before the tables: a permutation task fits the forest of the random-CV fold it holds out, so the
  // tables' Random Forest folds come from the runner instead of being fitted again.
  const importances = await importancesOf(scored, v1Targets, "importances", false);

  const regression: RegressionTable[] = [];
  if (v1Targets.length) {
    for (const protocol of opts.regressionProtocols) {
      const t = await table(`regression ${protocol}`, scored, {
        protocol,
        targets: v1Targets,
        structure: opts.structure,
        regressors: protocol === "random" ? opts.regressors : opts.otherProtocolRegressors,
        onProgress: step(`regression (${protocol} CV)`),
      });
      if (t) regression.push(t);
    }
  }

  // The Random Forest table on all rows and on confident rows: reuse what the main table computed.
  const structureComparison: ReportData["structureComparison"] = [];
  if (v1Targets.length && opts.regressors.includes("rf")) {
    for (const selection of COMPARED_SELECTIONS) {
      const tables: RegressionTable[] = [];
      for (const protocol of COMPARED_PROTOCOLS) {
        const have = regression.find(
          (t) => t.protocol === protocol && t.structure === selection && t.regressors.includes("rf"),
        );
        const t =
          have ??
          (await table(`structure ${selection} ${protocol}`, scored, {
            protocol,
            targets: v1Targets,
            structure: selection,
            regressors: ["rf"],
            onProgress: step(`regression (RF, ${selection} rows, ${protocol} CV)`),
          }));
        if (t) tables.push(t);
      }
      structureComparison.push({ selection, tables });
    }
  }

  const reverseRegressors = opts.regressors.filter(
    (r): r is MatrixRegressorName => r === "rf" || r === "linear" || r === "knn",
  );
  const reverse = reverseRegressors.length
    ? await timed("reverse", () =>
        reverseRegression(scored, {
          protocol: "random",
          folds: opts.folds,
          seed: opts.seed,
          structure: opts.structure,
          regressors: reverseRegressors,
          ...run,
          onProgress: step("reverse regression"),
        }),
      )
    : null;

  const ptRegressors = opts.regressors.filter((r) => r === "rf" || r === "linear");
  const ptRegression =
    v1Targets.length && ptRegressors.length
      ? await table("regression pretrained", scored, {
          protocol: "random",
          targets: v1Targets,
          structure: opts.structure,
          regressors: ptRegressors,
          pretrainedOnly: true,
          onProgress: step("regression (pretrained only)"),
        })
      : null;
  const ptImportances = await importancesOf(scored, v1Targets, "importances pretrained", true);

  // Leaderboard v2: the models with a v2 row (v1-scored or not), the same features.
  const withV2 = records.filter((r) => V2_BENCHMARKS.some((b) => r[b] !== null));
  let v2: ReportData["v2"] = null;
  if (v2Targets.length && withV2.length) {
    const v2Regressors = opts.regressors.filter((r) => OTHER_PROTOCOL_DEFAULT.includes(r) && r !== "xgb");
    const v2Importances = await importancesOf(withV2, v2Targets, "v2 importances", false);
    const tables: RegressionTable[] = [];
    for (const protocol of COMPARED_PROTOCOLS) {
      const t = await table(`v2 regression ${protocol}`, withV2, {
        protocol,
        targets: v2Targets,
        structure: opts.structure,
        regressors: v2Regressors.length ? v2Regressors : opts.regressors.filter((r) => r !== "llm"),
        onProgress: step(`leaderboard v2 regression (${protocol} CV)`),
      });
      if (t) tables.push(t);
    }
    v2 = {
      models: selectByStructure(withV2, opts.structure).length,
      regression: tables,
      importances: v2Importances,
    };
  }

  return {
    meta: {
      generatedAt: new Date().toISOString(),
      dataDir: input.dataDir,
      models: records.length,
      scored: scored.length,
      modelled: modelled.length,
      settings: opts,
      command: reportCommand(opts, input.dataDir),
      timings,
      ...(runner ? { fits: { ...runner.stats } } : {}),
    },
    ...descriptive,
    regression,
    structureComparison,
    importances,
    reverse,
    pretrainedOnly: { regression: ptRegression, importances: ptImportances },
    v2,
    unavailable,
    published: {
      citation: STUDY_CITATION,
      rfR2: STUDY_RF_R2,
      llmR2: STUDY_LLM_R2,
      topStructure: STUDY_TOP_STRUCTURE,
    },
  };
}
