import type { Config } from "vega-lite";

/**
 * One look for every chart. Fonts are listed so that resvg (PNG) finds DejaVu/Liberation on Linux and
 * browsers fall back to their sans-serif.
 */
export const FONT = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif";

export const THEME: Config = {
  font: FONT,
  background: "white",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#eee" },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: "start" },
};

export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Category colours (Tableau 10, the Vega default) fixed per series so colours mean the same everywhere. */
export const GROUP_COLORS = { pretrained: "#4c78a8", "fine-tuned": "#f58518" } as const;
