import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { assembleSections, type ReportData, type SectionDef } from "../../report/index.ts";
import { HttpError } from "../errors.ts";

/** Where `strata report` writes its numbers by default, inside the dataset folder. */
export function reportFile(dataDir: string): string {
  return join(dataDir, "report", "report.json");
}

export interface ReportView {
  file: string;
  generatedAt: string;
  models: number;
  scored: number;
  /** The report's sections with their Vega-Lite specs, as the HTML report assembles them. */
  sections: SectionDef[];
  unavailable: Record<string, string>;
}

/**
 * GET /api/report: report.json read back and assembled into sections by report/ itself, so the
 * dashboard's Findings show the same figures as report.html (drawn interactively in the page).
 * Re-read when the file changes. A missing report is a 404 saying how to make one.
 */
export function reportReader(dataDir: string): () => Promise<ReportView> {
  const file = reportFile(dataDir);
  let cached: { mtimeMs: number; size: number; view: ReportView } | null = null;
  return async () => {
    const st = await stat(file).catch(() => null);
    if (st === null) {
      throw new HttpError(
        404,
        `no report at ${file}: run \`strata report --data-dir ${dataDir}\` (a few minutes), then reload`,
      );
    }
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.view;
    let data: ReportData;
    try {
      data = JSON.parse(await readFile(file, "utf8")) as ReportData;
      const view: ReportView = {
        file,
        generatedAt: data.meta.generatedAt,
        models: data.meta.models,
        scored: data.meta.scored,
        sections: assembleSections(data),
        unavailable: data.unavailable ?? {},
      };
      cached = { mtimeMs: st.mtimeMs, size: st.size, view };
      return view;
    } catch (err) {
      throw new HttpError(
        500,
        `cannot read the report ${file}: ${(err as Error).message}; run \`strata report --data-dir ${dataDir}\` again`,
      );
    }
  };
}
