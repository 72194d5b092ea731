/**
 * report/: collect (read the dataset) -> analyze (every number, report.json) -> assemble (sections and
 * Vega-Lite specs) -> render (SVG via Vega, PNG via resvg) -> one self-contained HTML page.
 */
export { analyzeReport, DEFAULT_REPORT_ML, FULL_REPORT_ML } from "./analyze.ts";
export { assembleSections, MAIN_FIGURE } from "./assemble.ts";
export { type BuildReportOptions, type BuildReportResult, buildReport, writeReport } from "./build-report.ts";
export { collectReport } from "./collect.ts";
export { ReportError } from "./errors.ts";
export { renderHtml } from "./html.ts";
export { STUDY_RF_R2, STUDY_TOP_STRUCTURE } from "./published.ts";
export { compileSpec, scopeSvgIds, specToSvg, svgToPng } from "./render.ts";
export type * from "./types.ts";
