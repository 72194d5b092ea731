/**
 * Fixed inputs for every spec builder: the cases whose emitted Vega-Lite specs are kept as golden files
 * (golden/<case>.golden.json, compared by specs.test.ts; rewritten only by `npm run goldens`). Inputs
 * are deterministic (seeded sample records, hand-written ml results) and include what used to be drawn
 * wrong: negative R^2, a zero multimodal series, a column without values, models of unknown size.
 */
import type { TopLevelSpec } from "vega-lite";
import {
  benchmarkSpearman,
  dataQuality,
  monthlyNewModels,
  pretrainedOverTime,
  sampleRecords,
  scoreVsSize,
  table1,
  topByLikes,
  topCategories,
} from "../../analysis/index.ts";
import { STUDY_RF_R2, V1_BENCHMARKS, V2_BENCHMARKS } from "../../contracts/index.ts";
import type { FeatureImportances, RegressionTable, ReverseRegressionResult, Target } from "../../ml/index.ts";

import {
  importanceSpec,
  pretrainedOnlySpec,
  regressionSpec,
  regressorGridSpec,
  reverseSpec,
  structureComparisonSpec,
} from "./models.ts";
import { columnOriginSpec, confidenceSpec, evidenceSpec } from "./quality.ts";
import { missingRateSpec, scoreVsSizeSpec, spearmanSpec } from "./scores.ts";
import { monthlySpec, pretrainedOverTimeSpec, topArchitecturesSpec, topLikesSpec } from "./trends.ts";

const recs = sampleRecords(160, 9);

/** An ml/ regression table of the exact shape it returns; `shift` moves every R^2 down (below 0 too). */
export function fixtureTable(
  protocol: RegressionTable["protocol"],
  shift: number,
  targets: readonly Target[] = V1_BENCHMARKS,
  structure: RegressionTable["structure"] = "all",
): RegressionTable {
  const cells = targets.flatMap((target, i) =>
    (["rf", "linear"] as const).map((regressor, k) => ({
      regressor,
      target,
      r2: Math.round((0.8 - 0.05 * i - 0.1 * k - shift) * 1000) / 1000,
      std: 0.02 + 0.01 * k + (shift > 0.5 ? 0.3 : 0),
      folds: [0.7, 0.8],
      n: structure === "all" ? 290 : 120,
      ms: 10,
    })),
  );
  return {
    protocol,
    folds: 5,
    seed: 42,
    pretrainedOnly: false,
    structure,
    features: ["layers", "d_model", "d_ffn", "params_b", "date"],
    targets: [...targets],
    regressors: ["rf", "linear"],
    cells,
    n: Object.fromEntries(targets.map((b) => [b, structure === "all" ? 290 : 120])),
    dropped: {},
    published: {},
    warnings: [],
    elapsedMs: 100,
  };
}

const imps: FeatureImportances[] = V1_BENCHMARKS.map((target) => ({
  target,
  n: 290,
  pretrainedOnly: false,
  structure: "all",
  r2: 0.7,
  impurity: [
    { feature: "params_b", importance: 0.5 },
    { feature: "layers", importance: 0.3 },
    { feature: "d_ffn", importance: 0.2 },
  ],
  permutation: [
    { feature: "params_b", mean: 0.4, std: 0.05, ci95: [0.35, 0.45] },
    { feature: "layers", mean: 0.1, std: 0.02, ci95: [0.08, 0.12] },
    { feature: "d_ffn", mean: -0.01, std: 0.01, ci95: [-0.02, 0.0] },
  ],
}));

const rev: ReverseRegressionResult = {
  protocol: "random",
  pretrainedOnly: false,
  structure: "all",
  features: [...V1_BENCHMARKS],
  cells: (["layers", "d_model", "d_ffn", "heads"] as const).map((target, i) => ({
    regressor: "rf",
    target,
    r2: 0.6 - 0.25 * i,
    std: 0.05,
    folds: [0.5],
    n: 290,
  })),
  importances: [],
};

const LABELS = { rf: "Random Forest", linear: "Linear Regression" };
const quality = dataQuality(recs, (r) => r.arc !== null);
// As in the bundled leaderboard data, which carries no download counts.
const table1Rows = table1(recs.map((r) => ({ ...r, downloads: null }))).rows;

/** Golden case name -> the builder it exercises and the spec it emits. */
export const GOLDEN_CASES: Record<string, { builder: string; spec: () => TopLevelSpec }> = {
  "missing-rate": { builder: "missingRateSpec", spec: () => missingRateSpec(table1Rows) },
  monthly: {
    builder: "monthlySpec",
    spec: () =>
      monthlySpec([
        { month: "2023-11", all: 120, moe: 2, multimodal: 1 },
        { month: "2023-12", all: 310, moe: 14, multimodal: 0 },
        { month: "2024-01", all: 295, moe: 31, multimodal: 3 },
      ]),
  },
  "monthly-no-multimodal": {
    builder: "monthlySpec",
    spec: () =>
      monthlySpec(
        monthlyNewModels(recs).months.map((m) => ({ ...m, multimodal: 0 })),
        ["all", "moe"],
        "month (release, Hub upload or submission)",
      ),
  },
  "top-architectures": {
    builder: "topArchitecturesSpec",
    spec: () => topArchitecturesSpec(topCategories(recs, "architecture", 20).top),
  },
  "top-likes": { builder: "topLikesSpec", spec: () => topLikesSpec(topByLikes(recs, 20)) },
  "mmlu-time": {
    builder: "pretrainedOverTimeSpec",
    spec: () => pretrainedOverTimeSpec(pretrainedOverTime(recs, "mmlu")),
  },
  "size-bins": {
    builder: "scoreVsSizeSpec",
    spec: () => scoreVsSizeSpec(V1_BENCHMARKS.flatMap((b) => scoreVsSize(recs, b))),
  },
  spearman: {
    builder: "spearmanSpec",
    spec: () =>
      spearmanSpec({
        names: ["arc", "mmlu", "gsm8k"],
        rho: [
          [1, 0.83, -0.21],
          [0.83, 1, 0.77],
          [-0.21, 0.77, 1],
        ],
        n: [
          [100, 100, 95],
          [100, 100, 95],
          [95, 95, 95],
        ],
      }),
  },
  "spearman-sample": { builder: "spearmanSpec", spec: () => spearmanSpec(benchmarkSpearman(recs)) },
  regression: {
    builder: "regressionSpec",
    spec: () =>
      regressionSpec(
        [fixtureTable("random", 0), fixtureTable("grouped", 0.7), fixtureTable("time", 0.3)],
        STUDY_RF_R2,
      ),
  },
  "regression-v2": {
    builder: "regressionSpec",
    spec: () =>
      regressionSpec(
        [fixtureTable("random", 0.1, V2_BENCHMARKS), fixtureTable("grouped", 0.6, V2_BENCHMARKS)],
        {},
        {
          title: "Random Forest R² per leaderboard v2 benchmark, by CV protocol",
        },
      ),
  },
  "regressor-grid": {
    builder: "regressorGridSpec",
    spec: () => regressorGridSpec(fixtureTable("grouped", 0.9), LABELS),
  },
  structure: {
    builder: "structureComparisonSpec",
    spec: () =>
      structureComparisonSpec([
        { selection: "all", tables: [fixtureTable("random", 0), fixtureTable("grouped", 0.8)] },
        {
          selection: "confident",
          tables: [
            fixtureTable("random", 0.05, V1_BENCHMARKS, "confident"),
            fixtureTable("grouped", 0.3, V1_BENCHMARKS, "confident"),
          ],
        },
      ]),
  },
  impurity: { builder: "importanceSpec", spec: () => importanceSpec(imps, "impurity") },
  permutation: { builder: "importanceSpec", spec: () => importanceSpec(imps, "permutation") },
  reverse: { builder: "reverseSpec", spec: () => reverseSpec(rev, LABELS) },
  "pretrained-only": {
    builder: "pretrainedOnlySpec",
    spec: () => pretrainedOnlySpec(fixtureTable("random", 0), fixtureTable("random", 0.15)),
  },
  evidence: { builder: "evidenceSpec", spec: () => evidenceSpec(quality) },
  confidence: { builder: "confidenceSpec", spec: () => confidenceSpec(quality) },
  "column-origin": { builder: "columnOriginSpec", spec: () => columnOriginSpec(quality) },
};
