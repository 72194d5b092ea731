import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import {
  benchmarkSpearman,
  monthlyNewModels,
  pretrainedOverTime,
  sampleRecords,
  scoreVsSize,
  topByLikes,
  topCategories,
} from "../../analysis/index.ts";
import { table1, V1_BENCHMARKS } from "../../dataset/index.ts";
import type { FeatureImportances, RegressionTable, ReverseRegressionResult } from "../../ml/index.ts";
import { STUDY_RF_R2 } from "../published.ts";
import { compileSpec, specToSvg } from "../render.ts";
import {
  importanceSpec,
  pretrainedOnlySpec,
  regressionSpec,
  regressorGridSpec,
  reverseSpec,
} from "./models.ts";
import { missingRateSpec, scoreVsSizeSpec, spearmanSpec } from "./scores.ts";
import { monthlySpec, pretrainedOverTimeSpec, topArchitecturesSpec, topLikesSpec } from "./trends.ts";

const recs = sampleRecords(300, 9);

// Stand-ins for ml/ results with the exact shapes it returns, values derived from the sample.
function table(protocol: RegressionTable["protocol"], shift: number): RegressionTable {
  const cells = V1_BENCHMARKS.flatMap((target, i) =>
    (["rf", "linear"] as const).map((regressor, k) => ({
      regressor,
      target,
      r2: 0.8 - 0.05 * i - 0.1 * k - shift,
      std: 0.02 + 0.01 * k,
      folds: [0.7, 0.8],
      n: 290,
      ms: 10,
    })),
  );
  return {
    protocol,
    folds: 5,
    seed: 42,
    pretrainedOnly: false,
    structure: "all",
    features: ["layers", "d_model", "d_ffn", "params_b", "date"],
    targets: [...V1_BENCHMARKS],
    regressors: ["rf", "linear"],
    cells,
    n: Object.fromEntries(V1_BENCHMARKS.map((b) => [b, 290])),
    dropped: {},
    published: { ...STUDY_RF_R2 },
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
    r2: 0.6 - 0.1 * i,
    std: 0.05,
    folds: [0.5],
    n: 290,
  })),
  importances: [],
};

const SPECS: [string, TopLevelSpec][] = [
  ["missing", missingRateSpec(table1(recs).rows)],
  ["monthly", monthlySpec(monthlyNewModels(recs).months)],
  ["architectures", topArchitecturesSpec(topCategories(recs, "architecture", 20).top)],
  ["likes", topLikesSpec(topByLikes(recs, 20))],
  ["mmlu-time", pretrainedOverTimeSpec(pretrainedOverTime(recs, "mmlu"))],
  ["size-bins", scoreVsSizeSpec(V1_BENCHMARKS.flatMap((b) => scoreVsSize(recs, b)))],
  ["spearman", spearmanSpec(benchmarkSpearman(recs))],
  [
    "regression",
    regressionSpec([table("random", 0), table("grouped", 0.1), table("time", 0.2)], STUDY_RF_R2),
  ],
  ["regressor-grid", regressorGridSpec(table("random", 0), { rf: "Random Forest", linear: "Linear" })],
  ["impurity", importanceSpec(imps, "impurity")],
  ["permutation", importanceSpec(imps, "permutation")],
  ["reverse", reverseSpec(rev, { rf: "Random Forest" })],
  ["pretrained-only", pretrainedOnlySpec(table("random", 0), table("random", 0.15))],
];

describe("Vega-Lite spec builders", () => {
  it.each(SPECS)("%s compiles to Vega without warnings", (id, spec) => {
    const { vega, warnings } = compileSpec(id, spec);
    expect(warnings, id).toEqual([]);
    expect(vega.marks?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(SPECS)("%s renders to an SVG with its title and data marks", async (id, spec) => {
    const { svg, warnings } = await specToSvg(id, spec);
    expect(warnings).toEqual([]);
    expect(svg.startsWith("<svg")).toBe(true);
    const t = spec.title;
    const title =
      typeof t === "string" ? t : t && !Array.isArray(t) && typeof t.text === "string" ? t.text : "";
    const escaped = title.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    expect(svg).toContain(escaped);
    // Every chart draws data: bars/areas/lines as paths, points as paths or circles.
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(5);
  });
});

const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));

/**
 * The emitted specs for two charts on fixed inputs, kept as files: a change to a builder shows up as a
 * diff. Set STRATA_UPDATE_GOLDEN=1 to rewrite them after an intended change.
 */
describe("golden specs", () => {
  const fixed: [string, TopLevelSpec][] = [
    [
      "monthly",
      monthlySpec([
        { month: "2023-11", all: 120, moe: 2, multimodal: 1 },
        { month: "2023-12", all: 310, moe: 14, multimodal: 0 },
        { month: "2024-01", all: 295, moe: 31, multimodal: 3 },
      ]),
    ],
    [
      "spearman",
      spearmanSpec({
        names: ["arc", "mmlu", "gsm8k"],
        rho: [
          [1, 0.83, 0.71],
          [0.83, 1, 0.77],
          [0.71, 0.77, 1],
        ],
        n: [
          [100, 100, 95],
          [100, 100, 95],
          [95, 95, 95],
        ],
      }),
    ],
  ];
  it.each(fixed)("%s matches golden/%s.golden.json", (name, spec) => {
    const file = `${GOLDEN}${name}.golden.json`;
    const text = `${JSON.stringify(spec, null, 2)}\n`;
    if (process.env.STRATA_UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, "utf8"));
  });
});
