/**
 * report/: collect (read the dataset) -> analyze (every number, report.json) -> assemble (sections and
 * Vega-Lite specs) -> render (SVG via Vega, PNG via resvg) -> one self-contained HTML page.
 */
export { analyzeReport, type ReportChoices, reportCommand, resolveSettings } from "./analyze.ts";
export { assembleSections, MAIN_FIGURE } from "./assemble.ts";
export { type BuildReportOptions, type BuildReportResult, buildReport, writeReport } from "./build-report.ts";
export { collectReport } from "./collect.ts";
export { ReportError } from "./errors.ts";
export { NAV_HEIGHT, renderHtml } from "./html.ts";
export {
  analyzeInsideModel,
  type InsideModelData,
  type InsideModelOptions,
  insideModelSection,
} from "./inside-model/index.ts";
export { BENCHMARK_LABELS, benchmarkLabel } from "./labels.ts";
export { addSvgTitles, compileSpec, scopeSvgIds, specToSvg, svgToPng } from "./render.ts";
export type * from "./types.ts";
