import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRecords } from "../analysis/index.ts";
import { type BuildReportResult, buildReport } from "./build-report.ts";

const CHROMIUM = "/usr/bin/chromium";
const SECTIONS = [
  "table1",
  "monthly",
  "top",
  "mmlu-time",
  "size-bins",
  "spearman",
  "regression",
  "importances",
  "reverse",
  "pretrained-only",
];

let dir = "";
let result: BuildReportResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "strata-report-"));
  // A small realistic table and a light ML setting: the point here is the page, not the fit.
  result = await buildReport({
    records: sampleRecords(240, 21),
    outDir: dir,
    regressionProtocols: ["random", "grouped"],
    regressors: ["rf", "linear"],
    otherProtocolRegressors: ["rf"],
    folds: 3,
    importanceRepeats: 1,
  });
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("buildReport", () => {
  it("writes every section, a PNG + SVG + spec per figure, and report.json", () => {
    expect(result.sections).toEqual(SECTIONS);
    expect(result.warnings).toEqual([]);
    expect(result.figures.length).toBeGreaterThanOrEqual(7);
    for (const png of result.figures) {
      const buf = readFileSync(png);
      expect(buf.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(existsSync(png.replace(/\.png$/, ".svg"))).toBe(true);
      expect(existsSync(png.replace(/\.png$/, ".vl.json"))).toBe(true);
    }
    const data = JSON.parse(readFileSync(result.jsonFile, "utf8"));
    expect(data.meta.models).toBe(240);
    expect(data.spearman.names).toHaveLength(6);
    expect(data.table1.rows.length).toBeGreaterThan(5);
  });

  it("embeds the same numbers in the page and fetches nothing", () => {
    const html = readFileSync(result.htmlFile, "utf8");
    const m = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/);
    expect(m).not.toBeNull();
    expect(JSON.parse(m?.[1] ?? "null")).toEqual(JSON.parse(readFileSync(result.jsonFile, "utf8")));
    // No external resource: no http(s) src/href, no <link rel=stylesheet>, no script src.
    expect(html).not.toMatch(/\s(src|href)="https?:/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/rel="stylesheet"/);
  });
});

describe.skipIf(!existsSync(CHROMIUM))(
  "report.html in Chromium (skipped when /usr/bin/chromium is absent)",
  () => {
    it("shows every section and figure with no console error or failed request", async () => {
      const { chromium } = await import("playwright-core");
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic",
        ],
      });
      try {
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
        }
        const embedded = JSON.parse((await page.locator("#report-data").textContent()) ?? "null") as {
          meta: { models: number };
        };
        expect(embedded.meta.models).toBe(240);
        expect(errors).toEqual([]);
        expect(requests.filter((u) => u !== url && !u.startsWith("data:"))).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 120_000);
  },
);

if (!existsSync(CHROMIUM))
  console.warn("build-report.test: /usr/bin/chromium not found, browser test skipped");
