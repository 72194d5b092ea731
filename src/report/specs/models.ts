import type { TopLevelSpec } from "vega-lite";
import type { V1Benchmark } from "../../dataset/record.ts";
import type { FeatureImportances, RegressionTable, ReverseRegressionResult } from "../../ml/index.ts";
import { BENCHMARK_LABELS } from "../published.ts";
import { GROUP_COLORS, SCHEMA, THEME } from "./theme.ts";

const label = (b: string): string => BENCHMARK_LABELS[b as V1Benchmark] ?? b;
const ORDER = Object.values(BENCHMARK_LABELS);

/**
 * Random Forest R^2 per benchmark under each cross-validation protocol (bars, with +/- one fold std)
 * next to the study's published value (black tick).
 */
export function regressionSpec(
  tables: readonly RegressionTable[],
  published: Record<V1Benchmark, number>,
  regressor = "rf",
): TopLevelSpec {
  const bars = tables.flatMap((t) =>
    t.cells
      .filter((c) => c.regressor === regressor)
      .map((c) => ({
        benchmark: label(c.target),
        protocol: t.protocol,
        r2: c.r2,
        lo: c.r2 - c.std,
        hi: c.r2 + c.std,
      })),
  );
  const study = Object.entries(published).map(([b, r2]) => ({
    benchmark: label(b),
    r2,
    source: "study (published)",
  }));
  const protocols = tables.map((t) => t.protocol);
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: "Random Forest R² per benchmark: ours by CV protocol vs the study",
      subtitle: "bars: ours (± fold std); black ticks: the study's published R² (random split)",
    },
    width: 560,
    height: 280,
    encoding: {
      x: { field: "benchmark", type: "nominal", sort: ORDER, title: null, axis: { labelAngle: 0 } },
    },
    layer: [
      {
        data: { values: bars },
        layer: [
          {
            mark: { type: "bar" },
            encoding: {
              xOffset: { field: "protocol", type: "nominal", sort: protocols },
              y: {
                field: "r2",
                type: "quantitative",
                title: "R² (held-out)",
                scale: { domain: [0, 1], clamp: true },
              },
              color: {
                field: "protocol",
                type: "nominal",
                title: "our CV protocol",
                sort: protocols,
                scale: { scheme: "tableau10" },
              },
            },
          },
          {
            mark: { type: "rule", color: "#333" },
            encoding: {
              xOffset: { field: "protocol", type: "nominal", sort: protocols },
              y: { field: "lo", type: "quantitative" },
              y2: { field: "hi" },
            },
          },
        ],
      },
      {
        data: { values: study },
        mark: { type: "tick", color: "black", thickness: 3, size: 60 },
        encoding: { y: { field: "r2", type: "quantitative" } },
      },
    ],
  };
}

/** All regressors x benchmarks for one protocol as a heatmap of R^2. */
export function regressorGridSpec(table: RegressionTable, labels: Record<string, string>): TopLevelSpec {
  const values = table.cells.map((c) => ({
    regressor: labels[c.regressor] ?? c.regressor,
    benchmark: label(c.target),
    r2: Number.isFinite(c.r2) ? c.r2 : null,
  }));
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
        sort: ORDER,
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
            scale: { scheme: "viridis", domain: [0, 1], clamp: true },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 10 },
        encoding: {
          text: { field: "r2", type: "quantitative", format: ".2f" },
          color: { condition: { test: "datum.r2 > 0.6", value: "black" }, value: "white" },
        },
      },
    ],
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
          f.impurity.map((i) => ({ benchmark: label(f.target), feature: i.feature, value: i.importance })),
        )
      : all.flatMap((f) =>
          f.permutation.map((p) => ({
            benchmark: label(f.target),
            feature: p.feature,
            value: p.mean,
            lo: p.ci95[0],
            hi: p.ci95[1],
          })),
        );
  const bar = {
    mark: { type: "bar" as const, color: method === "impurity" ? "#4c78a8" : "#72b7b2" },
    encoding: {
      x: {
        field: "value",
        type: "quantitative" as const,
        title: method === "impurity" ? "impurity importance (share)" : "drop in held-out R² (95% CI)",
      },
    },
  };
  const ci = {
    mark: { type: "rule" as const, color: "#333" },
    encoding: { x: { field: "lo", type: "quantitative" as const }, x2: { field: "hi" } },
  };
  return {
    $schema: SCHEMA,
    config: THEME,
    title:
      method === "impurity"
        ? "Random Forest impurity importance"
        : "Permutation importance on held-out folds",
    data: { values },
    facet: { field: "benchmark", type: "nominal", title: null, sort: ORDER },
    columns: 3,
    spec: {
      width: 180,
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
      y: { field: "r2", type: "quantitative", title: "R² (held-out)" },
      color: { field: "regressor", type: "nominal", title: "regressor" },
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
      .map((c) => ({ benchmark: label(c.target), subset, r2: c.r2, n: c.n }));
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
      x: { field: "benchmark", type: "nominal", sort: ORDER, title: null, axis: { labelAngle: 0 } },
      xOffset: { field: "subset", type: "nominal" },
      y: { field: "r2", type: "quantitative", title: "R² (held-out)" },
      color: {
        field: "subset",
        type: "nominal",
        title: null,
        scale: { domain: ["all models", "pretrained only"], range: ["#999999", GROUP_COLORS.pretrained] },
      },
    },
  };
}
