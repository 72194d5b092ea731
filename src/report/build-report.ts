import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  attachV2Scores,
  DEFAULT_DATA_DIR,
  type ImputationCheck,
  type ModelRecord,
} from "../dataset/index.ts";
import { jsonReplacer } from "../json.ts";
import type { V2ScoreRow } from "../leaderboard/types.ts";
import { analyzeReport, type ReportChoices, resolveSettings } from "./analyze.ts";
import { assembleSections, MAIN_FIGURE } from "./assemble.ts";
import { collectReport } from "./collect.ts";
import { ReportError } from "./errors.ts";
import { renderHtml } from "./html.ts";
import { analyzeInsideModel, INSIDE_MODEL_SECTION } from "./inside-model/index.ts";
import { addSvgTitles, scopeSvgIds, specToSvg, svgToPng } from "./render.ts";
import type { RenderedFigure, ReportData, ReportProgressFn } from "./types.ts";

/** Where the data comes from and where the report goes, plus the choices of ReportChoices (resolveSettings). */
export interface BuildReportOptions extends ReportChoices {
  /** Dataset folder (default strata-data). */
  dataDir?: string;
  /** Where to write (default <dataDir>/report). */
  outDir?: string;
  /** Use these records instead of reading dataDir (tests, notebooks), with these v2 rows (default none). */
  records?: ModelRecord[];
  v2Rows?: V2ScoreRow[];
  /** The build's imputation checks to show with `records` (default none). */
  imputationChecks?: ImputationCheck[];
  /**
   * Checkpoint for the "Inside a model" section (default: the bundled stories260K; null: no section).
   * Saved probe results of dataDir (`strata probe ... --save`) are listed there too.
   */
  probeModel?: string | null;
  onProgress?: ReportProgressFn;
}

export interface BuildReportResult {
  htmlFile: string;
  jsonFile: string;
  /** One PNG per figure (the .svg and the Vega-Lite spec .vl.json sit beside it). */
  figures: string[];
  /** Section ids in page order. */
  sections: string[];
  /** The PNG of the report's main figure (what docs/report-main.png is copied from). */
  mainFigure: string | null;
  /** Report parts that could not be computed, with the reason. */
  unavailable: Record<string, string>;
  /** Vega-Lite / Vega warnings per figure (none expected). */
  warnings: string[];
}

/**
 * collect -> analyze -> assemble -> render -> write. Writes <outDir>/report.html (self-contained),
 * report.json (every number), figures/<id>.{svg,png,vl.json}.
 */
export async function buildReport(opts: BuildReportOptions = {}): Promise<BuildReportResult> {
  const dataDir = resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const outDir = resolve(opts.outDir ?? join(dataDir, "report"));
  const input = opts.records
    ? {
        records: attachV2Scores(opts.records, opts.v2Rows ?? []),
        dataDir,
        imputationChecks: opts.imputationChecks ?? null,
      }
    : await collectReport(dataDir);
  const data = await analyzeReport(input, resolveSettings(opts), opts.onProgress);
  await addInsideModel(data, opts.probeModel, dataDir, opts.onProgress);
  return writeReport(data, outDir, opts.onProgress);
}

/**
 * Stages 3-4 alone: sections, figures and the page from a ReportData (e.g. a report.json read back),
 * written to `outDir`. Re-renders a report without redoing the modelling.
 */
export async function writeReport(
  data: ReportData,
  outDir: string,
  onProgress?: ReportProgressFn,
): Promise<BuildReportResult> {
  const sections = assembleSections(data);
  const figDir = join(outDir, "figures");
  try {
    mkdirSync(figDir, { recursive: true });
  } catch (err) {
    throw new ReportError(`cannot create report folder ${figDir}: ${(err as Error).message}`, { cause: err });
  }
  const defs = sections.flatMap((s) => s.figures);
  const rendered: RenderedFigure[] = [];
  const figures: string[] = [];
  const warnings: string[] = [];
  for (const [i, f] of defs.entries()) {
    const { svg: plain, warnings: w } = await specToSvg(f.id, f.spec);
    const svg = addSvgTitles(plain);
    for (const m of w) warnings.push(`${f.id}: ${m}`);
    const png = svgToPng(svg);
    const base = join(figDir, f.id);
    write(`${base}.vl.json`, `${JSON.stringify(f.spec, null, 2)}\n`);
    write(`${base}.svg`, svg);
    write(`${base}.png`, png);
    figures.push(`${base}.png`);
    rendered.push({ id: f.id, caption: f.caption, svg: scopeSvgIds(svg, f.id), png });
    onProgress?.("figures", i + 1, defs.length);
  }
  const jsonFile = join(outDir, "report.json");
  const htmlFile = join(outDir, "report.html");
  write(jsonFile, `${JSON.stringify(data, jsonReplacer, 2)}\n`);
  write(htmlFile, renderHtml(data, sections, rendered, jsonReplacer));
  return {
    htmlFile,
    jsonFile,
    figures,
    sections: sections.map((s) => s.id),
    mainFigure: defs.some((f) => f.id === MAIN_FIGURE) ? join(figDir, `${MAIN_FIGURE}.png`) : null,
    unavailable: data.unavailable,
    warnings,
  };
}

/** Runs the probe engine for the "Inside a model" section; a failure is reported, not fatal. */
async function addInsideModel(
  data: ReportData,
  probeModel: string | null | undefined,
  dataDir: string,
  onProgress?: ReportProgressFn,
): Promise<void> {
  if (probeModel === null) return;
  try {
    data.insideModel = await analyzeInsideModel({ model: probeModel, dataDir, onProgress });
  } catch (err) {
    data.insideModel = null;
    data.unavailable[INSIDE_MODEL_SECTION] = (err as Error).message;
  }
  if (probeModel !== undefined) data.meta.command += ` --probe-model ${probeModel}`;
}

function write(file: string, content: string | Buffer): void {
  try {
    writeFileSync(file, content);
  } catch (err) {
    throw new ReportError(`cannot write ${file}: ${(err as Error).message}`, { cause: err });
  }
}
