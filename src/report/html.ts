import type { RenderedFigure, ReportData, SectionDef, StudyComparison, TableDef } from "./types.ts";
import { VERDICT_LABELS } from "./verdicts.ts";

/** Height of the sticky menu bar (one line that scrolls sideways); sections scroll to just below it. */
export const NAV_HEIGHT = 36;

/** HTML-escapes text for element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element: no "</script>", no U+2028/2029 surprises. */
export function scriptJson(value: unknown, replacer?: (k: string, v: unknown) => unknown): string {
  return JSON.stringify(value, replacer)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Liberation Sans", Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #1f2d3d; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 6px; font-size: 24px; }
header p { margin: 2px 0; font-size: 13px; color: #cdd6df; }
header code { color: #fff; font-size: 12px; overflow-wrap: anywhere; }
nav { padding: 0 32px; height: ${NAV_HEIGHT}px; line-height: ${NAV_HEIGHT}px; background: #eef1f4; font-size: 13px;
  position: sticky; top: 0; z-index: 1; white-space: nowrap; overflow-x: auto; overflow-y: hidden; }
nav a { margin-right: 14px; color: #1f4e79; text-decoration: none; }
main { max-width: 1200px; margin: 0 auto; padding: 8px 32px 48px; }
section { background: #fff; border: 1px solid #e3e6ea; border-radius: 6px; padding: 16px 22px; margin: 22px 0;
  scroll-margin-top: ${NAV_HEIGHT + 12}px; min-width: 0; }
h2 { font-size: 19px; margin: 4px 0 10px; }
.method { font-size: 13px; color: #555; }
.reading { font-size: 14px; border-left: 4px solid #4c78a8; padding: 6px 10px; background: #f3f7fb; }
.study { font-size: 14px; border-left: 4px solid #333; padding: 6px 10px; background: #f6f6f6; }
.study .verdict { font-weight: bold; }
.verdict-agree { color: #2e7d32; } .verdict-partly { color: #9a6700; } .verdict-differ { color: #b3261e; } .verdict-no-number { color: #555; }
.unavailable { color: #a33; font-size: 13px; }
figure { margin: 12px 0; max-width: 100%; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: #666; }
.figs { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
.figs > figure { flex: 0 1 auto; min-width: 0; }
table { border-collapse: collapse; font-size: 12px; margin: 10px 0; max-width: 100%; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 3px 8px; text-align: left; }
td { overflow-wrap: anywhere; }
td.num { white-space: nowrap; text-align: right; }
details { margin: 8px 0; }
summary { cursor: pointer; font-size: 13px; color: #1f4e79; }
footer { font-size: 12px; color: #777; text-align: center; padding: 20px; }
`;

/** A cell that is a number (or a number with its spread) keeps to one line; text may wrap. */
const NUMERIC = /^[-+]?[\d.,]+%?( ± [\d.,]+)?$/;

function cellHtml(c: string | number | null): string {
  if (c === null) return "<td>-</td>";
  const text = String(c);
  return `<td${NUMERIC.test(text) ? ' class="num"' : ""}>${esc(text)}</td>`;
}

function tableHtml(t: TableDef, open: boolean): string {
  const head = `<tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map(cellHtml).join("")}</tr>`).join("\n");
  const table = `<table><caption>${esc(t.caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
  return open
    ? table
    : `<details><summary>${esc(t.caption)} (${t.rows.length} rows)</summary>${table}</details>`;
}

function studyHtml(c: StudyComparison): string {
  return `<p class="study"><b>Study</b> (${esc(c.source)}): ${esc(c.study)}.<br><span class="verdict verdict-${c.verdict.replace(" ", "-")}">${VERDICT_LABELS[c.verdict]}:</span> ${esc(c.line)}</p>`;
}

function sectionHtml(s: SectionDef, figures: Map<string, RenderedFigure>): string {
  const figs = s.figures
    .map((f) => {
      const r = figures.get(f.id);
      return r ? `<figure id="${esc(f.id)}">${r.svg}<figcaption>${esc(f.caption)}</figcaption></figure>` : "";
    })
    .join("\n");
  // Short tables are shown; long ones fold away so the figures stay the page's spine.
  const tables = s.tables.map((t) => tableHtml(t, t.rows.length <= 12)).join("\n");
  return `<section id="${esc(s.id)}">
<h2>${esc(s.title)}</h2>
<p class="method">${esc(s.method)}</p>
${s.figures.length === 0 ? '<p class="unavailable">No figure: the numbers for this section could not be computed (see the note above).</p>' : ""}
<div class="figs">${figs}</div>
${s.study ? studyHtml(s.study) : ""}
<p class="reading"><b>Ours:</b> ${esc(s.reading)}</p>
${tables}
</section>`;
}

/**
 * Stage 4: one self-contained page. Figures are inline SVG, the style is inline, every number is
 * embedded as JSON in `<script type="application/json" id="report-data">`; nothing is fetched.
 */
export function renderHtml(
  data: ReportData,
  sections: SectionDef[],
  figures: RenderedFigure[],
  replacer?: (k: string, v: unknown) => unknown,
): string {
  const byId = new Map(figures.map((f) => [f.id, f]));
  const nav = sections
    .map((s) => `<a href="#${esc(s.id)}" title="${esc(s.title)}">${esc(s.nav)}</a>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Strata report</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Strata report: model structure vs benchmark scores</h1>
<p>${esc(`${data.meta.models} models (${data.meta.scored} with Open LLM Leaderboard v1 scores) from ${data.meta.dataDir}`)}</p>
<p>${esc(`Generated ${data.meta.generatedAt}. Compared with ${data.published.citation}.`)}</p>
<p>Rerun with: <code>${esc(data.meta.command)}</code></p>
</header>
<nav>${nav}</nav>
<main>
${sections.map((s) => sectionHtml(s, byId)).join("\n")}
</main>
<footer>All numbers of this page are embedded below as JSON (element #report-data) and written beside it as report.json.</footer>
<script type="application/json" id="report-data">${scriptJson(data, replacer)}</script>
</body>
</html>
`;
}
