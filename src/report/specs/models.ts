import type { TopLevelSpec } from "vega-lite";
import type { StructureSelection } from "../../dataset/index.ts";
import type { FeatureImportances, RegressionTable, ReverseRegressionResult, Target } from "../../ml/index.ts";
import { fmt, int } from "../format.ts";
import { BENCHMARK_ORDER, benchmarkLabel } from "../labels.ts";
import { GROUP_COLORS, lowerBound, SCHEMA, THEME, TIP, tipText, upperBound } from "./theme.ts";

/** The benchmark axis of the per-benchmark bar charts, in leaderboard order. */
const BENCHMARK_X = {
  field: "benchmark",
  type: "nominal",
  sort: [...BENCHMARK_ORDER],
  title: null,
  axis: { labelAngle: 0 },
} as const;

/** An R^2 axis domain that holds every whisker: below zero when one is, past 1 when one is. */
const r2Domain = (xs: readonly { lo: number; hi: number }[]): number[] => [
  lowerBound(xs.map((x) => x.lo)),
  upperBound(xs.map((x) => x.hi)),
];

const r2Text = (r2: number, std?: number) =>
  Number.isFinite(r2) ? `${fmt(r2, 3)}${std === undefined ? "" : ` ± ${fmt(std, 3)}`}` : "n/a";

/**
 * One regressor's R^2 per benchmark under each cross-validation protocol (bars, with +/- one fold std)
 * next to the study's published value where it has one (black tick). The y axis runs from the lowest
 * value (below zero when a protocol does worse than predicting the mean) to 1: nothing is clamped.
 */
export function regressionSpec(
  tables: readonly RegressionTable[],
  published: Partial<Record<Target, number>>,
  opts: { regressor?: string; label?: string; title?: string } = {},
): TopLevelSpec {
  const regressor = opts.regressor ?? "rf";
  const label = opts.label ?? "Random Forest";
  const bars = tables.flatMap((t) =>
    t.cells
      .filter((c) => c.regressor === regressor)
      .map((c) => ({
        benchmark: benchmarkLabel(c.target),
        protocol: `${t.protocol} CV`,
        r2: c.r2,
        lo: c.r2 - c.std,
        hi: c.r2 + c.std,
        tip: tipText({
          benchmark: benchmarkLabel(c.target),
          protocol: `${t.protocol} CV, ${t.folds} folds`,
          "R² (mean ± std over folds)": r2Text(c.r2, c.std),
          "study (published)": published[c.target] === undefined ? undefined : fmt(published[c.target]),
          models: int(c.n),
        }),
      })),
  );
  const targets = [...new Set(tables.flatMap((t) => t.targets))];
  const study = targets.flatMap((b) => {
    const r2 = published[b];
    return r2 === undefined
      ? []
      : [
          {
            benchmark: benchmarkLabel(b),
            r2,
            source: "study (published, random split)",
            tip: tipText({ benchmark: benchmarkLabel(b), "study's published R²": fmt(r2) }),
          },
        ];
  });
  const protocols = tables.map((t) => `${t.protocol} CV`);
  const domain = r2Domain(bars);
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text:
        opts.title ?? `${label} R² per benchmark: ours by CV protocol${study.length ? " vs the study" : ""}`,
      subtitle: `bars: ours (± fold std)${study.length ? "; black ticks: the study's published R² (random split)" : ""}`,
    },
    width: Math.max(360, 90 * targets.length),
    height: 280,
    encoding: {
      x: BENCHMARK_X,
    },
    layer: [
      {
        data: { values: bars },
        layer: [
          {
            mark: { type: "bar" },
            encoding: {
              xOffset: { field: "protocol", type: "nominal", sort: protocols },
              y: { field: "r2", type: "quantitative", title: "R² (held-out)", scale: { domain } },
              color: {
                field: "protocol",
                type: "nominal",
                title: "our CV protocol",
                sort: protocols,
                scale: { scheme: "tableau10" },
              },
              ...TIP,
            },
          },
          {
            mark: { type: "rule", color: "#333", aria: false },
            encoding: {
              xOffset: { field: "protocol", type: "nominal", sort: protocols },
              y: { field: "lo", type: "quantitative" },
              y2: { field: "hi" },
            },
          },
        ],
      },
      ...(study.length
        ? [
            {
              data: { values: study },
              mark: { type: "tick" as const, thickness: 3, size: 60 },
              encoding: {
                y: { field: "r2", type: "quantitative" as const },
                // A one-entry colour legend (its own scale) says what the black tick is.
                color: {
                  field: "source",
                  type: "nominal" as const,
                  title: null,
                  scale: { domain: ["study (published, random split)"], range: ["black"] },
                  legend: { symbolType: "stroke", symbolStrokeWidth: 3 },
                },
                ...TIP,
              },
            },
          ]
        : []),
    ],
    resolve: { scale: { color: "independent" } },
  };
}

/**
 * All regressors x benchmarks for one protocol as a heatmap of R^2, on a diverging colour scale centred
 * on 0 (as good as predicting the mean) whose domain reaches the lowest value: -0.56 is not shown as 0.
 */
export function regressorGridSpec(table: RegressionTable, labels: Record<string, string>): TopLevelSpec {
  const values = table.cells.map((c) => ({
    regressor: labels[c.regressor] ?? c.regressor,
    benchmark: benchmarkLabel(c.target),
    r2: Number.isFinite(c.r2) ? c.r2 : null,
    tip: tipText({
      regressor: labels[c.regressor] ?? c.regressor,
      benchmark: benchmarkLabel(c.target),
      "R² (mean ± std over folds)": r2Text(c.r2, c.std),
      models: int(c.n),
    }),
  }));
  const lo = lowerBound(table.cells.map((c) => c.r2));
  return {
    $schema: SCHEMA,
    config: THEME,
    title: `R² of every regressor (${table.protocol} CV, ${table.folds} folds)`,
    width: { step: 70 },
    height: { step: 22 },
    data: { values },
    encoding: {
      x: {
        field: "benchmark",
        type: "nominal",
        sort: [...BENCHMARK_ORDER],
        title: null,
        axis: { labelAngle: 0, orient: "top" },
      },
      y: {
        field: "regressor",
        type: "nominal",
        title: null,
        sort: table.regressors.map((r) => labels[r] ?? r),
      },
    },
    layer: [
      {
        mark: "rect",
        encoding: {
          color: {
            field: "r2",
            type: "quantitative",
            title: "R²",
            scale: { scheme: "redyellowblue", domain: [Math.min(lo, -0.1), 1], domainMid: 0 },
          },
          ...TIP,
        },
      },
      {
        mark: { type: "text", fontSize: 10, aria: false },
        encoding: {
          text: { field: "r2", type: "quantitative", format: ".2f" },
          color: { condition: { test: "datum.r2 > 0.6 || datum.r2 < -0.6", value: "white" }, value: "black" },
        },
      },
    ],
  };
}

/**
 * Random Forest R^2 on all rows vs the rows whose structure is trusted (confident), per benchmark, one
 * panel per protocol: how much the imputed structures carry the result.
 */
export function structureComparisonSpec(
  comparison: readonly { selection: StructureSelection; tables: readonly RegressionTable[] }[],
): TopLevelSpec {
  const values = comparison.flatMap(({ selection, tables }) =>
    tables.flatMap((t) =>
      t.cells
        .filter((c) => c.regressor === "rf")
        .map((c) => ({
          benchmark: benchmarkLabel(c.target),
          protocol: `${t.protocol} CV`,
          rows: `${selection} rows`,
          r2: c.r2,
          lo: c.r2 - c.std,
          hi: c.r2 + c.std,
          tip: tipText({
            benchmark: benchmarkLabel(c.target),
            protocol: `${t.protocol} CV`,
            rows: `${selection} (${int(c.n)} models)`,
            "Random Forest R²": r2Text(c.r2, c.std),
          }),
        })),
    ),
  );
  const rows = comparison.map((c) => `${c.selection} rows`);
  const domain = r2Domain(values);
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: "Random Forest R²: all rows vs rows with a confident structure",
      subtitle: "confident: read from a config, or imputed with confidence ≥ 0.8 (bars ± fold std)",
    },
    data: { values },
    facet: {
      field: "protocol",
      type: "nominal",
      title: null,
      sort: [...new Set(comparison.flatMap((c) => c.tables.map((t) => `${t.protocol} CV`)))],
    },
    columns: 2,
    resolve: { scale: { y: "shared" } },
    spec: {
      width: 300,
      height: 220,
      encoding: {
        x: {
          field: "benchmark",
          type: "nominal",
          sort: [...BENCHMARK_ORDER],
          title: null,
          axis: { labelAngle: -30 },
        },
        xOffset: { field: "rows", type: "nominal", sort: rows },
      },
      layer: [
        {
          mark: { type: "bar" },
          encoding: {
            y: { field: "r2", type: "quantitative", title: "R² (held-out)", scale: { domain } },
            color: {
              field: "rows",
              type: "nominal",
              title: "rows used",
              sort: rows,
              scale: { range: ["#999999", "#4c78a8", "#54a24b"] },
            },
            ...TIP,
          },
        },
        {
          mark: { type: "rule", color: "#333", aria: false },
          encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } },
        },
      ],
    },
  };
}

/** Importances per benchmark, one panel each: impurity (share) or permutation (R^2 drop with 95% CI). */
export function importanceSpec(
  all: readonly FeatureImportances[],
  method: "impurity" | "permutation",
): TopLevelSpec {
  const values =
    method === "impurity"
      ? all.flatMap((f) =>
          f.impurity.map((i) => ({
            benchmark: benchmarkLabel(f.target),
            feature: i.feature,
            value: i.importance,
            tip: tipText({
              benchmark: benchmarkLabel(f.target),
              feature: i.feature,
              "impurity importance": fmt(i.importance, 3),
            }),
          })),
        )
      : all.flatMap((f) =>
          f.permutation.map((p) => ({
            benchmark: benchmarkLabel(f.target),
            feature: p.feature,
            value: p.mean,
            lo: p.ci95[0],
            hi: p.ci95[1],
            tip: tipText({
              benchmark: benchmarkLabel(f.target),
              feature: p.feature,
              "drop in held-out R²": fmt(p.mean, 3),
              "95% CI": `${fmt(p.ci95[0], 3)} to ${fmt(p.ci95[1], 3)}`,
            }),
          })),
        );
  const bar = {
    mark: { type: "bar" as const, color: method === "impurity" ? "#4c78a8" : "#72b7b2" },
    encoding: {
      x: {
        field: "value",
        type: "quantitative" as const,
        // Short: one title under each of three panels side by side.
        title: method === "impurity" ? "share" : "R² drop",
      },
      ...TIP,
    },
  };
  const ci = {
    mark: { type: "rule" as const, color: "#333", aria: false },
    encoding: { x: { field: "lo", type: "quantitative" as const }, x2: { field: "hi" } },
  };
  return {
    $schema: SCHEMA,
    config: THEME,
    title:
      method === "impurity"
        ? {
            text: "Random Forest impurity importance",
            subtitle: "mean decrease in impurity, as a share of the total",
          }
        : {
            text: "Permutation importance on held-out folds",
            subtitle: "drop in held-out R² when the feature is shuffled, with 95% CI",
          },
    data: { values },
    facet: { field: "benchmark", type: "nominal", title: null, sort: [...BENCHMARK_ORDER] },
    columns: 3,
    spec: {
      width: 170,
      height: { step: 13 },
      // One feature order for all panels (the same features everywhere): by the largest value.
      encoding: {
        y: {
          field: "feature",
          type: "nominal",
          sort: { field: "value", op: "max", order: "descending" },
          title: null,
        },
      },
      layer: method === "impurity" ? [bar] : [bar, ci],
    },
  };
}

/** Reverse regression: R^2 of predicting each structural column from the six scores, per regressor. */
export function reverseSpec(rev: ReverseRegressionResult, labels: Record<string, string>): TopLevelSpec {
  const values = rev.cells.map((c) => ({
    target: c.target,
    regressor: labels[c.regressor] ?? c.regressor,
    r2: c.r2,
    tip: tipText({
      "structural column": c.target,
      regressor: labels[c.regressor] ?? c.regressor,
      "R² (mean ± std over folds)": r2Text(c.r2, c.std),
      models: int(c.n),
    }),
  }));
  return {
    $schema: SCHEMA,
    config: THEME,
    title: `Reverse regression: structure from the six scores (${rev.protocol} CV)`,
    width: 480,
    height: 240,
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: { field: "target", type: "nominal", title: null, axis: { labelAngle: 0 } },
      xOffset: { field: "regressor", type: "nominal" },
      y: {
        field: "r2",
        type: "quantitative",
        title: "R² (held-out)",
        scale: { domain: [lowerBound(rev.cells.map((c) => c.r2)), 1] },
      },
      color: { field: "regressor", type: "nominal", title: "regressor" },
      ...TIP,
    },
  };
}

/** RF R^2 per benchmark on all models vs pretrained models only (same protocol). */
export function pretrainedOnlySpec(
  all: RegressionTable,
  pretrained: RegressionTable,
  regressor = "rf",
): TopLevelSpec {
  const rows = (t: RegressionTable, subset: string) =>
    t.cells
      .filter((c) => c.regressor === regressor)
      .map((c) => ({
        benchmark: benchmarkLabel(c.target),
        subset,
        r2: c.r2,
        n: c.n,
        tip: tipText({
          benchmark: benchmarkLabel(c.target),
          models: `${subset} (${int(c.n)})`,
          "Random Forest R²": r2Text(c.r2, c.std),
        }),
      }));
  const values = [...rows(all, "all models"), ...rows(pretrained, "pretrained only")];
  return {
    $schema: SCHEMA,
    config: THEME,
    title: `Random Forest R²: all models vs pretrained only (${all.protocol} CV)`,
    width: 480,
    height: 240,
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: BENCHMARK_X,
      xOffset: { field: "subset", type: "nominal" },
      y: {
        field: "r2",
        type: "quantitative",
        title: "R² (held-out)",
        scale: { domain: [lowerBound(values.map((v) => v.r2)), 1] },
      },
      color: {
        field: "subset",
        type: "nominal",
        title: "models",
        scale: { domain: ["all models", "pretrained only"], range: ["#999999", GROUP_COLORS.pretrained] },
      },
      ...TIP,
    },
  };
}
