import type { Config } from "vega-lite";

/**
 * One look for every chart. Fonts are listed so that resvg (PNG) finds DejaVu/Liberation on Linux and
 * browsers fall back to their sans-serif. Labels are never cut (labelLimit 0): a cut model name or
 * regressor name reads as a different one, or as a duplicate.
 */
export const FONT = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif";

export const THEME: Config = {
  font: FONT,
  background: "white",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#eee", labelLimit: 0 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, titleLimit: 0 },
  title: { fontSize: 14, anchor: "start", subtitleFontSize: 11, subtitleColor: "#555" },
};

export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Category colours (Tableau 10, the Vega default) fixed per series so colours mean the same everywhere. */
export const GROUP_COLORS = { pretrained: "#4c78a8", "fine-tuned": "#f58518" } as const;

/**
 * The hover text of a mark: every datum of a spec carries a `tip` string with its exact values, shown
 * as the Vega-Lite tooltip and written as the mark's description, which the SVG carries as a <title>
 * (see addSvgTitles). Decorative marks (labels, whiskers, rules) say `aria: false` instead.
 */
export const TIP = {
  tooltip: { field: "tip", type: "nominal" },
  description: { field: "tip", type: "nominal" },
} as const;

/** One line per entry, "name: value". */
export function tipText(entries: Record<string, string | number | null | undefined>): string {
  return Object.entries(entries)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v === null ? "unknown" : v}`)
    .join("\n");
}

/**
 * Lower end of an R^2-like axis or colour domain: 0 when every value is non-negative, else the minimum
 * rounded down to a tenth, so a negative R^2 draws as a bar below zero instead of vanishing.
 */
export function lowerBound(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  const min = finite.length ? Math.min(...finite) : 0;
  return min >= 0 ? 0 : Math.floor(min * 10) / 10;
}

/** Upper end likewise: 1 unless a value (e.g. mean + std) goes past it. */
export function upperBound(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  const max = finite.length ? Math.max(...finite) : 1;
  return max <= 1 ? 1 : Math.ceil(max * 10) / 10;
}
