import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  checkOutputDir,
  type ImputationCheck,
  jsonReplacer,
  type ModelRecord,
  type V2ScoreRow,
} from "../contracts/index.ts";
import { attachV2Scores, DEFAULT_DATA_DIR } from "../dataset/index.ts";
import { createTaskRunner, defaultWorkers, FIT_CACHE_SUBDIR, FitCache } from "../ml/index.ts";
import { loadOpenBlas } from "../native/index.ts";

import { analyzeReport, type ReportChoices, resolveSettings } from "./analyze.ts";
import { assembleSections, MAIN_FIGURE } from "./assemble.ts";
import { collectReport } from "./collect.ts";
import { ReportError } from "./errors.ts";
import { renderHtml } from "./html.ts";
import { analyzeInsideModel, INSIDE_MODEL_SECTION } from "./inside-model/index.ts";
import { planReport } from "./plan.ts";
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
  /**
   * Reuse fitted results kept in `cacheDir` (default true when reading `dataDir`, false with `records`).
   * False refits everything; the new results are still stored when there is a cache folder.
   */
  cache?: boolean;
  /** Where fitted results are kept (default <dataDir>/fit-cache; none with `records` unless given). */
  cacheDir?: string;
  /** Worker threads for the fits (default: available cores, capped at 2). */
  workers?: number;
  onProgress?: ReportProgressFn;
  /**
   * Progress of the whole report in estimated milliseconds of wall time: done, and in all. The total is
   * planned once the dataset is read (planReport: every fit with its measured cost, plus the figures) and
   * only corrected when the figure count is known, so a rate measured early gives a fair ETA.
   */
  onJobProgress?: (doneMs: number, totalMs: number) => void;
}

/** Wall milliseconds to render one figure (Vega to SVG, resvg to PNG), measured on the bundled report. */
const FIGURE_MS = 70;
/** Figures of the report on the bundled data (the estimate until the real count is known). */
const EXPECTED_FIGURES = 22;
/** Wall milliseconds of the analysis outside the fits (descriptive statistics, design matrices). */
const ANALYSIS_MS = 3000;
/**
 * Wall milliseconds of the "Inside a model" section on the bundled stories260K (Block Influence, the
 * pruned losses, two gradient runs), measured with OpenBLAS (2.2 s) and the TypeScript backend (24.7 s). A user's
 * own checkpoint takes longer; its stages still move the bar.
 */
const INSIDE_MODEL_MS = { openblas: 3000, typescript: 25_000 } as const;
/** The share of the section each of its progress stages stands for (by their measured times). */
const INSIDE_MODEL_STAGES: readonly [string, number][] = [
  ["inside: block influence", 0.15],
  ["inside: pruning", 0.1],
  ["inside: gradients arc_challenge", 0.45],
  ["inside: gradients truthfulqa", 0.3],
];

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
  const outDir = checkOutputDir(opts.outDir ?? join(dataDir, "report"), "the report folder");
  const input = opts.records
    ? {
        records: attachV2Scores(opts.records, opts.v2Rows ?? []),
        dataDir,
        imputationChecks: opts.imputationChecks ?? null,
      }
    : await collectReport(dataDir);
  const settings = resolveSettings(opts);
  const workers = opts.workers ?? defaultWorkers();
  const cacheDir = opts.cacheDir ?? (opts.records ? null : join(dataDir, FIT_CACHE_SUBDIR));
  // Whole-job progress: the planned fits shared by the threads, the rest of the analysis, the figures.
  const job = opts.onJobProgress;
  const fitsMs = job ? planReport(input, settings).threadMs / workers : 0;
  const insideMs = opts.probeModel === null ? 0 : INSIDE_MODEL_MS[loadOpenBlas() ? "openblas" : "typescript"];
  let fitsDone = 0;
  let insideDone = 0;
  const report = (figuresDone: number, figures: number) => {
    // The analysis outside the fits runs between them: counted done in step with the fits.
    const share = fitsMs > 0 ? Math.min(1, fitsDone / fitsMs) : 1;
    job?.(
      share * (fitsMs + ANALYSIS_MS) + insideDone + figuresDone * FIGURE_MS,
      fitsMs + ANALYSIS_MS + insideMs + figures * FIGURE_MS,
    );
  };
  const insideProgress: ReportProgressFn = (stage, done, total) => {
    opts.onProgress?.(stage, done, total);
    let before = 0;
    for (const [name, weight] of INSIDE_MODEL_STAGES) {
      if (name === stage) {
        insideDone = insideMs * (before + (total > 0 ? (weight * done) / total : 0));
        report(0, EXPECTED_FIGURES);
        return;
      }
      before += weight;
    }
  };
  report(0, EXPECTED_FIGURES);
  const runner = createTaskRunner({
    workers,
    cache: cacheDir === null ? null : new FitCache(cacheDir),
    readCache: opts.cache ?? true,
    ...(job
      ? {
          onTask: (ms: number, how: string) => {
            if (how === "shared") return;
            fitsDone += ms / workers;
            report(0, EXPECTED_FIGURES);
          },
        }
      : {}),
  });
  let data: ReportData;
  try {
    data = await analyzeReport(input, settings, opts.onProgress, runner);
  } finally {
    await runner.close();
  }
  fitsDone = fitsMs;
  await addInsideModel(data, opts.probeModel, dataDir, insideProgress);
  insideDone = insideMs;
  return writeReport(data, outDir, (stage, done, total) => {
    opts.onProgress?.(stage, done, total);
    if (stage === "figures") report(done, total);
  });
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
