import type { TopLevelSpec } from "vega-lite";
import type { CorrelationMatrix, SizeBinStat } from "../../analysis/index.ts";
import { fmt, int, pct } from "../format.ts";
import { BENCHMARK_ORDER, benchmarkLabel } from "../labels.ts";
import { GROUP_COLORS, SCHEMA, THEME, TIP, tipText } from "./theme.ts";

/** 0.124 -> "0.12", 6.74 -> "6.7", 68.98 -> "69". */
export function sizeText(b: number): string {
  return b >= 10 ? b.toFixed(0) : b >= 1 ? b.toFixed(1) : b.toPrecision(2);
}

/**
 * One panel per benchmark: median score per equal-frequency size bin with the IQR as a band,
 * pretrained vs fine-tuned. Bins are not deciles when many models share a size (7.24B): ties stay in
 * one bin, so the title says how many bins there are.
 */
export function scoreVsSizeSpec(stats: readonly SizeBinStat[]): TopLevelSpec {
  const perBenchmark = new Map<string, number>();
  for (const s of stats)
    perBenchmark.set(s.benchmark, Math.max(perBenchmark.get(s.benchmark) ?? 0, s.bin + 1));
  const counts = [...new Set(perBenchmark.values())].sort((a, b) => a - b);
  const bins = counts.length === 1 ? `${counts[0]}` : `${counts[0]}-${counts[counts.length - 1]}`;
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: `Score vs size: median and IQR in ${bins} equal-frequency size bins`,
      subtitle: "10 bins asked; models of the same size are never split, so tied sizes merge bins",
    },
    data: {
      values: stats.map((s) => ({
        ...s,
        benchmark: benchmarkLabel(s.benchmark),
        range: `${sizeText(s.lo)}-${sizeText(s.hi)}`,
        tip: tipText({
          benchmark: benchmarkLabel(s.benchmark),
          group: s.group,
          "size bin": `${s.bin + 1}: ${fmt(s.lo)}-${fmt(s.hi)}B`,
          models: int(s.n),
          median: fmt(s.median, 1),
          IQR: `${fmt(s.q1, 1)}-${fmt(s.q3, 1)}`,
        }),
      })),
    },
    facet: { field: "benchmark", type: "nominal", title: null, sort: [...BENCHMARK_ORDER] },
    columns: 3,
    resolve: { scale: { x: "independent", y: "independent" } },
    spec: {
      width: 210,
      height: 150,
      encoding: {
        x: {
          field: "range",
          type: "ordinal",
          sort: { field: "bin", op: "min" },
          title: "size bin (billions of parameters)",
          axis: { labelAngle: -45, labelFontSize: 9 },
        },
        color: {
          field: "group",
          type: "nominal",
          title: "group",
          scale: { domain: Object.keys(GROUP_COLORS), range: Object.values(GROUP_COLORS) },
        },
      },
      layer: [
        {
          mark: { type: "area", opacity: 0.18, aria: false },
          encoding: {
            y: { field: "q1", type: "quantitative", title: "score (%)", scale: { zero: false } },
            y2: { field: "q3" },
          },
        },
        {
          mark: { type: "line", aria: false },
          encoding: { y: { field: "median", type: "quantitative" } },
        },
        {
          mark: { type: "point", filled: true, size: 24 },
          encoding: { y: { field: "median", type: "quantitative" }, ...TIP },
        },
      ],
    },
  };
}

/**
 * Heatmap of a correlation matrix with the coefficient printed in each cell, on a diverging scale over
 * [-1, 1] so that a negative correlation shows as one.
 */
export function spearmanSpec(m: CorrelationMatrix): TopLevelSpec {
  const values: { a: string; b: string; rho: number | null; n: number; tip: string }[] = [];
  m.names.forEach((a, i) => {
    m.names.forEach((b, j) => {
      const r = m.rho[i]?.[j] ?? Number.NaN;
      const n = m.n[i]?.[j] ?? 0;
      values.push({
        a: benchmarkLabel(a),
        b: benchmarkLabel(b),
        rho: Number.isFinite(r) ? r : null,
        n,
        tip: tipText({
          pair: `${benchmarkLabel(a)} / ${benchmarkLabel(b)}`,
          "Spearman rho": Number.isFinite(r) ? fmt(r, 3) : null,
          "models with both": int(n),
        }),
      });
    });
  });
  const order = m.names.map(benchmarkLabel);
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
            scale: { scheme: "redblue", domain: [-1, 1], domainMid: 0 },
          },
          ...TIP,
        },
      },
      {
        mark: { type: "text", fontSize: 11, aria: false },
        encoding: {
          text: { field: "rho", type: "quantitative", format: ".2f" },
          color: { condition: { test: "abs(datum.rho) > 0.6", value: "white" }, value: "black" },
        },
      },
    ],
  };
}

/**
 * Share of models missing each Table 1 column. Columns with no value at all (downloads, which only a
 * Hub crawl has) are left out and named in the subtitle: a full bar would say nothing about the data.
 */
export function missingRateSpec(
  rows: readonly { label: string; missing_rate: number; n: number }[],
): TopLevelSpec {
  const empty = rows.filter((r) => r.n === 0).map((r) => r.label);
  const shown = rows.filter((r) => r.n > 0);
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: "Missing values per column",
      ...(empty.length ? { subtitle: `not shown, no value in this data: ${empty.join(", ")}` } : {}),
    },
    width: 360,
    height: { step: 18 },
    data: {
      values: shown.map((r) => ({
        label: r.label,
        missing_rate: r.missing_rate,
        tip: tipText({ column: r.label, missing: pct(r.missing_rate), "models with a value": int(r.n) }),
      })),
    },
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
      ...TIP,
    },
  };
}
