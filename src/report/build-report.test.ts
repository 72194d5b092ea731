import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRecords, sampleV2Rows } from "../analysis/index.ts";
import { CHROMIUM, withChromium } from "../chromium.ts";
import type { ImputationCheck } from "../contracts/index.ts";
import { selectByStructure } from "../dataset/index.ts";
import { assembleSections } from "./assemble.ts";
import { type BuildReportResult, buildReport } from "./build-report.ts";
import { esc } from "./html.ts";
import type { ReportData } from "./types.ts";

const SECTIONS = [
  "table1",
  "data-quality",
  "monthly",
  "top",
  "mmlu-time",
  "size-bins",
  "spearman",
  "regression",
  "importances",
  "reverse",
  "pretrained-only",
  "leaderboard-v2",
  "inside-model",
];
/** Window widths the page must fit without scrolling sideways. */
const WIDTHS = [1024, 1400];

const records = sampleRecords(240, 21);
const CHECKS: ImputationCheck[] = [
  {
    name: "registry leave-one-out",
    description: "each registry base imputed from the others",
    cases: 200,
    filledCore: 190,
    fields: [
      { field: "layers", checked: 200, filled: 190, wrong: 3 },
      { field: "vocab_size", checked: 200, filled: 190, wrong: 9 },
    ],
  },
];

/**
 * Run in the page (as source: the test is compiled without the DOM types): what sticks out sideways,
 * the page itself or any element of a section past its section's right edge or scrolling inside it.
 */
const OVERFLOW_CHECK = `(() => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) out.push("page " + doc.scrollWidth + " > " + doc.clientWidth);
  for (const e of document.querySelectorAll("main section, main section *")) {
    const id = e.closest("section")?.id;
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible")
      out.push(e.tagName + " in " + id + ": " + e.scrollWidth + " > " + e.clientWidth);
    const r = e.getBoundingClientRect();
    const s = e.closest("section").getBoundingClientRect();
    if (r.right > s.right + 1) out.push(e.tagName + " in " + id + " ends at " + r.right + " > " + s.right);
  }
  return out;
})()`;

/** Run in the page: where a section's heading and the sticky menu are, in window coordinates. */
const headingPosition = (hash: string) => `(() => {
  const head = document.querySelector(${JSON.stringify(`${hash} h2`)}).getBoundingClientRect();
  const nav = document.querySelector("nav").getBoundingClientRect();
  return { top: head.top, bottom: head.bottom, nav: nav.bottom, height: innerHeight };
})()`;

let dir = "";
let result: BuildReportResult;
let data: ReportData;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "strata-report-"));
  // A small realistic table and a light ML setting: the point here is the page, not the fit.
  result = await buildReport({
    records,
    v2Rows: sampleV2Rows(records, 4),
    imputationChecks: CHECKS,
    outDir: dir,
    regressionProtocols: ["random", "grouped"],
    regressors: ["rf", "linear"],
    folds: 3,
    importanceRepeats: 1,
    seed: 7,
  });
  data = JSON.parse(readFileSync(result.jsonFile, "utf8")) as ReportData;
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("buildReport", () => {
  it("writes every section, a PNG + SVG + spec per figure, and report.json", () => {
    expect(result.sections).toEqual(SECTIONS);
    expect(result.warnings).toEqual([]);
    expect(result.figures.length).toBeGreaterThanOrEqual(20);
    for (const png of result.figures) {
      const buf = readFileSync(png);
      expect(buf.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(existsSync(png.replace(/\.png$/, ".svg"))).toBe(true);
      expect(existsSync(png.replace(/\.png$/, ".vl.json"))).toBe(true);
    }
    expect(data.meta.models).toBe(240);
    expect(data.spearman.names).toHaveLength(6);
    expect(data.table1.rows.length).toBeGreaterThan(5);
  });

  it("records every setting and the command that reruns it", () => {
    expect(data.meta.settings).toMatchObject({
      full: false,
      seed: 7,
      structure: "all",
      folds: 3,
      regressors: ["rf", "linear"],
      otherProtocolRegressors: ["rf", "linear"],
      regressionProtocols: ["random", "grouped"],
      importanceRepeats: 1,
    });
    expect(data.meta.settings.targets).toHaveLength(12);
    expect(data.meta.command).toBe(
      `strata report --data-dir ${data.meta.dataDir} --seed 7 --targets ${data.meta.settings.targets.join(",")} ` +
        "--structure all --protocols random,grouped --regressors rf,linear --folds 3 --repeats 1",
    );
    for (const t of data.regression) expect(t.seed).toBe(7);
  });

  it("compares the Random Forest on all rows with the rows whose structure is confident", () => {
    const [all, confident] = data.structureComparison;
    expect(all?.selection).toBe("all");
    expect(confident?.selection).toBe("confident");
    const keep = selectByStructure(records, "confident").filter((r) => r.arc !== null).length;
    expect(confident?.tables.map((t) => t.protocol)).toEqual(["random", "grouped"]);
    expect(confident?.tables[0]?.n.arc).toBe(keep);
    expect(confident?.tables[0]?.n.arc).toBeLessThan(all?.tables[0]?.n.arc ?? 0);
    // The main table is reused for all rows: the same numbers, not a second run.
    expect(all?.tables[0]).toEqual(data.regression[0]);
  });

  it("regresses the leaderboard v2 benchmarks and counts where the dates come from", () => {
    expect(data.v2?.regression.map((t) => t.targets)).toEqual([
      ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"],
      ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"],
    ]);
    expect(data.v2?.importances).toHaveLength(6);
    const hub = records.filter((r) => r.date_source === "hub").length;
    expect(data.dates.all.hub).toBe(hub);
    expect(data.dates.all["leaderboard-submission"]).toBe(records.length - hub);
  });

  it("shows the build's precision checks, and nothing for them when the build has none", () => {
    const html = readFileSync(result.htmlFile, "utf8");
    expect(html).toContain("registry leave-one-out");
    expect(html).toMatch(/Precision of the imputation/);
    expect(html).toContain('<td class="num">4.7%</td>'); // vocab_size: 9 wrong of 190 filled
    expect(data.imputationChecks).toEqual(CHECKS);
    const without = assembleSections({ ...data, imputationChecks: null });
    const captions = without.flatMap((sec) => sec.tables.map((t) => t.caption));
    expect(captions.filter((c) => c.startsWith("Precision"))).toEqual([]);
    expect(captions.length).toBe(assembleSections(data).flatMap((sec) => sec.tables).length - 1);
  });

  it("puts the study's value or finding and a verdict in every section", () => {
    const html = readFileSync(result.htmlFile, "utf8");
    const sections = html.split('<section id="').slice(1);
    expect(sections).toHaveLength(SECTIONS.length);
    for (const s of sections)
      expect(s, s.slice(0, 30)).toMatch(/<p class="study"><b>Study<\/b>.*class="verdict/);
    expect(html).toContain(esc("fine-tuned LLaMA-2-7B: study (published)"));
    expect(html).toContain(esc("XGBoost: ours, in place of the LLM (not run; --full runs it)"));
    expect(html).not.toContain("Hub creation date");
    expect(html).not.toMatch(/decile/i);
  });

  it("embeds the same numbers in the page and fetches nothing", () => {
    const html = readFileSync(result.htmlFile, "utf8");
    const m = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/);
    expect(m).not.toBeNull();
    expect(JSON.parse(m?.[1] ?? "null")).toEqual(data);
    // No external resource: no http(s) src/href, no <link rel=stylesheet>, no script src.
    expect(html).not.toMatch(/\s(src|href)="https?:/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/rel="stylesheet"/);
  });

  it("gives every standalone SVG a <title> on its marks", () => {
    for (const png of result.figures) {
      const svg = readFileSync(png.replace(/\.png$/, ".svg"), "utf8");
      expect((svg.match(/<title>/g) ?? []).length, basename(png)).toBeGreaterThan(0);
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM))(
  "report.html in Chromium (skipped when /usr/bin/chromium is absent)",
  () => {
    it("shows every section and figure, fits 1024 and 1400 px, keeps headings visible, has tooltips", async () => {
      await withChromium(async (browser) => {
        const page = await browser.newPage();
        const errors: string[] = [];
        const requests: string[] = [];
        page.on("console", (msg) => {
          if (msg.type() === "error") errors.push(msg.text());
        });
        page.on("pageerror", (err) => errors.push(err.message));
        page.on("requestfailed", (req) => errors.push(`failed request ${req.url()}`));
        page.on("request", (req) => requests.push(req.url()));
        const url = pathToFileURL(result.htmlFile).href;
        await page.goto(url, { waitUntil: "load" });
        for (const id of SECTIONS) {
          expect(await page.locator(`section#${id} h2`).count(), `section ${id}`).toBe(1);
          expect((await page.locator(`section#${id} .reading`).textContent())?.length ?? 0).toBeGreaterThan(
            10,
          );
        }
        for (const png of result.figures) {
          const id = basename(png, ".png");
          const svg = page.locator(`figure#${id} > svg`);
          expect(await svg.count(), `figure ${id}`).toBe(1);
          const box = await svg.boundingBox();
          expect(box?.width ?? 0, `figure ${id} width`).toBeGreaterThan(50);
          // Hovering a mark shows its exact values: every figure has marks with a <title>.
          expect(
            await page.locator(`figure#${id} svg [role="graphics-symbol"] > title`).count(),
            id,
          ).toBeGreaterThan(0);
        }
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          const overflow = (await page.evaluate(OVERFLOW_CHECK)) as string[];
          expect(overflow, `at ${width} px`).toEqual([]);
          const links = await page.locator("nav a").all();
          expect(links).toHaveLength(SECTIONS.length);
          for (const link of links) {
            const href = (await link.getAttribute("href")) ?? "";
            await link.click();
            await page.waitForFunction(`location.hash === ${JSON.stringify(href)}`);
            const pos = (await page.evaluate(headingPosition(href))) as {
              top: number;
              nav: number;
              bottom: number;
              height: number;
            };
            expect(pos.top, `${href} heading under the menu at ${width} px`).toBeGreaterThanOrEqual(pos.nav);
            expect(pos.bottom, `${href} heading below the window at ${width} px`).toBeLessThanOrEqual(
              pos.height,
            );
          }
        }
        const embedded = JSON.parse((await page.locator("#report-data").textContent()) ?? "null") as {
          meta: { models: number };
        };
        expect(embedded.meta.models).toBe(240);
        expect(errors).toEqual([]);
        expect(
          requests.filter((u) => u !== url && !u.startsWith("data:") && !u.startsWith(`${url}#`)),
        ).toEqual([]);
      });
    }, 180_000);
  },
);

if (!existsSync(CHROMIUM))
  console.warn("build-report.test: /usr/bin/chromium not found, browser test skipped");
