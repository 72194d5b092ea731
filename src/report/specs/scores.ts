import type { TopLevelSpec } from "vega-lite";
import type { CorrelationMatrix, SizeBinStat } from "../../analysis/index.ts";
import { BENCHMARK_LABELS } from "../published.ts";
import { GROUP_COLORS, SCHEMA, THEME } from "./theme.ts";

const label = (b: string): string => BENCHMARK_LABELS[b as keyof typeof BENCHMARK_LABELS] ?? b;

/** 0.124 -> "0.12", 6.74 -> "6.7", 68.98 -> "69". */
function sizeText(b: number): string {
  return b >= 10 ? b.toFixed(0) : b >= 1 ? b.toFixed(1) : b.toPrecision(2);
}

/** One panel per benchmark: median score per size decile with the IQR as a band, pretrained vs fine-tuned. */
export function scoreVsSizeSpec(stats: readonly SizeBinStat[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: THEME,
    title: "Score vs size: median and IQR per equal-frequency size decile",
    data: {
      values: stats.map((s) => ({
        ...s,
        benchmark: label(s.benchmark),
        range: `${sizeText(s.lo)}-${sizeText(s.hi)}`,
      })),
    },
    facet: {
      field: "benchmark",
      type: "nominal",
      title: null,
      sort: Object.values(BENCHMARK_LABELS),
    },
    columns: 3,
    resolve: { scale: { x: "independent", y: "independent" } },
    spec: {
      width: 230,
      height: 160,
      encoding: {
        x: {
          field: "range",
          type: "ordinal",
          sort: { field: "bin", op: "min" },
          title: "size decile (billions of parameters)",
          axis: { labelAngle: -45, labelFontSize: 9 },
        },
        color: {
          field: "group",
          type: "nominal",
          title: null,
          scale: { domain: Object.keys(GROUP_COLORS), range: Object.values(GROUP_COLORS) },
        },
      },
      layer: [
        {
          mark: { type: "area", opacity: 0.18 },
          encoding: {
            y: { field: "q1", type: "quantitative", title: "score (%)", scale: { zero: false } },
            y2: { field: "q3" },
          },
        },
        {
          mark: { type: "line", point: { size: 18 } },
          encoding: { y: { field: "median", type: "quantitative" } },
        },
      ],
    },
  };
}

/** Heatmap of a correlation matrix with the coefficient printed in each cell. */
export function spearmanSpec(m: CorrelationMatrix): TopLevelSpec {
  const values: { a: string; b: string; rho: number | null; n: number }[] = [];
  m.names.forEach((a, i) => {
    m.names.forEach((b, j) => {
      const r = m.rho[i]?.[j] ?? Number.NaN;
      values.push({ a: label(a), b: label(b), rho: Number.isFinite(r) ? r : null, n: m.n[i]?.[j] ?? 0 });
    });
  });
  const order = m.names.map(label);
  return {
    $schema: SCHEMA,
    config: THEME,
    title: "Spearman rank correlation between benchmarks",
    width: 300,
    height: 300,
    data: { values },
    encoding: {
      x: { field: "a", type: "nominal", sort: order, title: null, axis: { labelAngle: -30 } },
      y: { field: "b", type: "nominal", sort: order, title: null },
    },
    layer: [
      {
        mark: "rect",
        encoding: {
          color: {
            field: "rho",
            type: "quantitative",
            title: "rho",
            scale: { scheme: "blues", domain: [0, 1] },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "rho", type: "quantitative", format: ".2f" },
          color: { condition: { test: "datum.rho > 0.6", value: "white" }, value: "black" },
        },
      },
    ],
  };
}

/** Share of models missing each Table 1 column. */
export function missingRateSpec(rows: readonly { label: string; missing_rate: number }[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: THEME,
    title: "Missing values per column",
    width: 360,
    height: { step: 18 },
    data: { values: rows.map((r) => ({ label: r.label, missing_rate: r.missing_rate })) },
    mark: { type: "bar", color: "#9d755d" },
    encoding: {
      y: { field: "label", type: "nominal", sort: null, title: null },
      x: {
        field: "missing_rate",
        type: "quantitative",
        title: "missing",
        axis: { format: "%" },
        scale: { domain: [0, 1] },
      },
    },
  };
}
