import {
  benchmarkSpearman,
  monthlyNewModels,
  pretrainedOverTime,
  scoreVsSize,
  topByLikes,
  topCategories,
} from "../analysis/index.ts";
import { type ModelRecord, table1, V1_BENCHMARKS } from "../dataset/index.ts";
import { StrataError } from "../errors.ts";
import {
  type FeatureImportances,
  featureImportances,
  REGRESSOR_NAMES,
  type RegressionTable,
  reverseRegression,
  runRegressionTable,
} from "../ml/index.ts";
import { STUDY_CITATION, STUDY_RF_R2, STUDY_TOP_STRUCTURE } from "./published.ts";
import type { ReportData, ReportInput, ReportMlOptions, ReportProgressFn } from "./types.ts";

/**
 * Report defaults, sized so `npm start` takes minutes on 2 cores: the study's table (every regressor,
 * 5-fold random CV) in full; the grouped and time protocols with three regressors (Random Forest,
 * linear, XGBoost); permutation importances with 1 repeat per fold (ml's default is 5). Measured on the
 * bundled data, SVR and MLP take ~30% each of the random-CV time, Random Forest ~20%.
 */
export const DEFAULT_REPORT_ML: ReportMlOptions = {
  regressionProtocols: ["random", "grouped", "time"],
  folds: 5,
  regressors: [...REGRESSOR_NAMES],
  otherProtocolRegressors: ["rf", "linear", "xgb"],
  importanceRepeats: 1,
  seed: 42,
};

/** `full`: every regressor under every protocol and ml's 5 permutation repeats (tens of minutes on 2 cores). */
export const FULL_REPORT_ML: ReportMlOptions = {
  ...DEFAULT_REPORT_ML,
  otherProtocolRegressors: [...REGRESSOR_NAMES],
  importanceRepeats: 5,
};

const isScored = (r: ModelRecord): boolean => V1_BENCHMARKS.some((b) => r[b] !== null);

/** Stage 2: every number of the report, from the records. Parts ml/ cannot compute are listed in `unavailable`. */
export async function analyzeReport(
  input: ReportInput,
  ml: Partial<ReportMlOptions> & { full?: boolean } = {},
  onProgress?: ReportProgressFn,
): Promise<ReportData> {
  const { full, ...given } = ml;
  const opts: ReportMlOptions = { ...(full ? FULL_REPORT_ML : DEFAULT_REPORT_ML), ...given };
  const { records } = input;
  const scored = records.filter(isScored);
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
  const step = (stage: string) => (done: number, total: number) => onProgress?.(stage, done, total);

  const t0 = performance.now();
  const descriptive = {
    table1: table1(records),
    monthly: monthlyNewModels(records),
    architectures: topCategories(records, "architecture", 20),
    likes: topByLikes(records, 20),
    mmluOverTime: pretrainedOverTime(scored, "mmlu"),
    sizeBins: V1_BENCHMARKS.flatMap((b) => scoreVsSize(scored, b, 10)),
    spearman: benchmarkSpearman(scored),
  };
  timings.descriptive = Math.round(performance.now() - t0);

  const regression: RegressionTable[] = [];
  for (const protocol of opts.regressionProtocols) {
    const t = await timed(`regression ${protocol}`, () =>
      runRegressionTable(scored, {
        protocol,
        folds: opts.folds,
        regressors: protocol === "random" ? opts.regressors : opts.otherProtocolRegressors,
        seed: opts.seed,
        onProgress: step(`regression (${protocol} CV)`),
      }),
    );
    if (t) regression.push(t);
  }

  const importancesOf = async (pretrainedOnly: boolean): Promise<FeatureImportances[]> => {
    const out: FeatureImportances[] = [];
    const name = pretrainedOnly ? "importances pretrained" : "importances";
    for (const [i, target] of V1_BENCHMARKS.entries()) {
      const f = await timed(`${name} ${target}`, () =>
        featureImportances(scored, {
          target,
          pretrainedOnly,
          repeats: opts.importanceRepeats,
          folds: opts.folds,
          seed: opts.seed,
        }),
      );
      onProgress?.(name, i + 1, V1_BENCHMARKS.length);
      if (f) out.push(f);
    }
    return out;
  };
  const importances = await importancesOf(false);

  const reverse = await timed("reverse", () =>
    reverseRegression(scored, {
      protocol: "random",
      folds: opts.folds,
      seed: opts.seed,
      regressors: opts.regressors.filter((r) => ["rf", "linear", "knn"].includes(r)),
      onProgress: step("reverse regression"),
    }),
  );

  const ptRegression = await timed("regression pretrained", () =>
    runRegressionTable(scored, {
      protocol: "random",
      folds: opts.folds,
      regressors: opts.regressors.filter((r) => r === "rf" || r === "linear"),
      seed: opts.seed,
      pretrainedOnly: true,
      onProgress: step("regression (pretrained only)"),
    }),
  );
  const ptImportances = await importancesOf(true);

  return {
    meta: {
      generatedAt: new Date().toISOString(),
      dataDir: input.dataDir,
      models: records.length,
      scored: scored.length,
      ml: opts,
      timings,
    },
    ...descriptive,
    regression,
    importances,
    reverse,
    pretrainedOnly: { regression: ptRegression, importances: ptImportances },
    unavailable,
    published: { citation: STUDY_CITATION, rfR2: STUDY_RF_R2, topStructure: STUDY_TOP_STRUCTURE },
  };
}
