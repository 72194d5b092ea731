import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium } from "../chromium.ts";
import type { ModelRecord } from "../contracts/record.ts";
import { DEFAULT_WEB_DIR, type RunningServer, startServer } from "../server/index.ts";
import { writeServeFixture } from "../server/test-fixture.ts";

/**
 * Every flow of the dashboard in Debian's Chromium against a real server on the test dataset. Each test
 * fails on any console error, page error, failed request or request that leaves this server.
 */
describe.skipIf(!existsSync(CHROMIUM))(
  "the dashboard in Chromium (skipped when /usr/bin/chromium is absent)",
  () => {
    const root = mkdtempSync(join(tmpdir(), "strata-serve-flows-"));
    let server: RunningServer;
    let context: BrowserContext;
    let records: ModelRecord[];
    let page: Page;
    const problems: string[] = [];
    const foreign: string[] = [];

    beforeAll(async () => {
      expect(existsSync(join(DEFAULT_WEB_DIR, "index.html")), "run npm run build:web").toBe(true);
      records = await writeServeFixture(join(root, "data"), { report: true });
      server = await startServer({ dataDir: join(root, "data"), port: 0, predictWorkers: 0 });
      context = await launchChromium(join(root, "profile"), { downloads: true });
      const origin = new URL(server.url).origin;
      context.on("request", (req) => {
        const u = req.url();
        if (!u.startsWith(`${origin}/`) && !u.startsWith("data:") && !u.startsWith("blob:")) foreign.push(u);
      });
      context.on("requestfailed", (req) => {
        // A fetch the page aborted on purpose (a newer query replaced it) is not a failure.
        if (req.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`failed request ${req.url()}`);
      });
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await server?.close();
      rmSync(root, { recursive: true, force: true });
    });

    async function open(path: string): Promise<Page> {
      page = await context.newPage();
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      await page.goto(new URL(path, server.url).href);
      return page;
    }

    afterEach(async () => {
      await page?.close();
      expect(problems.splice(0), "console errors / failed requests").toEqual([]);
      expect(foreign.splice(0), "requests that left the server").toEqual([]);
    });

    const totalText = (n: number) =>
      `${n.toLocaleString("en-US")} of ${records.length.toLocaleString("en-US")} models`;

    it("searches with field syntax", async () => {
      const p = await open("/models");
      await p.getByTestId("search").fill("@architecture:mistral @kind:merge");
      const want = records.filter((r) => /mistral/i.test(r.architecture ?? "") && r.kind === "merge");
      expect(want.length).toBeGreaterThan(1);
      await p.getByTestId("total").getByText(totalText(want.length)).waitFor();
      expect(new URL(p.url()).searchParams.get("q")).toBe("@architecture:mistral @kind:merge");
      await p.locator(`[data-testid=models-table][data-total="${want.length}"]`).waitFor();
      const shown = await p.locator(".tr .td:nth-child(2) a").allTextContents();
      expect(shown.sort()).toEqual(want.map((r) => r.id).sort());
    });

    it("applies a quick size filter with live counts", async () => {
      const p = await open("/models");
      const small = records.filter((r) => r.params_b !== null && r.params_b <= 3);
      await p.getByTestId("size-0-3").getByText(String(small.length)).waitFor();
      await p.getByTestId("size-0-3").click();
      await p.getByTestId("total").getByText(totalText(small.length)).waitFor();
      expect(new URL(p.url()).searchParams.get("size")).toBe("0-3");
      expect(await p.getByTestId("size-0-3").getAttribute("aria-pressed")).toBe("true");
    });

    it("adds a column, sorts by it, and downloads the rows as CSV", async () => {
      const p = await open("/models?q=llama");
      await p.getByTestId("column-picker").locator("summary").click();
      await p.getByTestId("col-mmlu").check();
      await p.getByTestId("sort-mmlu").waitFor();
      expect(new URL(p.url()).searchParams.get("cols")).toContain("mmlu");
      await p.getByTestId("sort-mmlu").click();
      expect(new URL(p.url()).searchParams.get("sort")).toBe("-mmlu");
      const llama = records.filter((r) => r.id.toLowerCase().includes("llama"));
      const best = llama.reduce((a, b) => ((b.mmlu ?? -1) > (a.mmlu ?? -1) ? b : a));
      await p.locator(".tr[data-index='0'] a", { hasText: best.id }).waitFor();
      const [download] = await Promise.all([
        p.waitForEvent("download"),
        p.getByTestId("download-csv").click(),
      ]);
      const file = join(root, "download.csv");
      await download.saveAs(file);
      const lines = readFileSync(file, "utf8").trim().split("\n");
      expect(lines[0]?.split(",")).toContain("mmlu");
      expect(lines).toHaveLength(llama.length + 1);
      expect(lines[1]?.startsWith(`${best.id},`)).toBe(true);
    });

    it("opens a model page with provenance, scores, neighbours and its base", async () => {
      const p = await open("/models?q=quantized");
      await p.locator(".tr a", { hasText: "someorg/llama-2-7b-chat-quantized" }).click();
      await p.getByTestId("model-page").waitFor();
      expect(new URL(p.url()).pathname).toBe("/model/someorg/llama-2-7b-chat-quantized");
      await expect(p.getByTestId("evidence").textContent()).resolves.toMatch(
        /lineage.*meta-llama\/Llama-2-7b-hf.*confidence 0\.80/,
      );
      await expect(p.getByTestId("structure").textContent()).resolves.toContain(
        "imputed from meta-llama/Llama-2-7b-hf",
      );
      await expect(p.getByTestId("scores-v1").textContent()).resolves.toContain("52.9");
      expect(await p.getByTestId("nearest").locator("tbody tr").count()).toBeGreaterThan(0);
      await expect(p.getByTestId("base").textContent()).resolves.toContain("meta-llama/Llama-2-7b-hf");
      expect(await p.getByTestId("hub-link").getAttribute("href")).toBe(
        "https://huggingface.co/someorg/llama-2-7b-chat-quantized",
      );
    });

    it("compares two pinned models, differences highlighted, scores on one chart", async () => {
      const p = await open("/models?q=mistralai");
      await p.getByLabel("pin mistralai/Mistral-7B-v0.1").check();
      await p.getByLabel("pin mistralai/Mixtral-8x7B-v0.1").check();
      await p.getByTestId("compare-pinned").click();
      await p.getByTestId("compare-table").waitFor();
      expect(await p.getByTestId("compare-table").locator("thead th").count()).toBe(3);
      const differs = await p.locator("tr[data-differs=true] td:first-child").allTextContents();
      expect(differs).toEqual(expect.arrayContaining(["architecture", "moe_experts", "params_b", "mmlu"]));
      expect(differs).not.toContain("layers");
      await p.locator("[data-testid=compare-chart] [data-rendered=true] svg.marks").waitFor();
    });

    it("changes a scatter axis, and draws the size bins", async () => {
      const p = await open("/explore");
      await p.locator("[data-testid=scatter] [data-rendered=true] canvas").waitFor();
      await p.getByTestId("axis-y").selectOption("mmlu");
      expect(new URL(p.url()).searchParams.get("y")).toBe("mmlu");
      const n = records.filter((r) => r.params_b !== null && r.mmlu !== null).length;
      await p
        .getByTestId("scatter-count")
        .getByText(`${n.toLocaleString("en-US")} models with both params_b and mmlu`)
        .waitFor();
      await p.locator("[data-testid=scatter] [data-rendered=true] canvas").waitFor();
      await p.locator("[data-testid=size-bins-chart] [data-rendered=true] svg.marks").waitFor();
    });

    it("predicts six scores from a pasted config.json", async () => {
      const p = await open("/predict");
      const config = readFileSync(new URL("../configs/fixtures/llama-2-7b.json", import.meta.url), "utf8");
      await p.getByTestId("config").fill(config);
      await p.getByTestId("predict-config").click();
      await p.getByTestId("prediction").waitFor({ timeout: 60_000 });
      for (const b of ["arc", "hellaswag", "mmlu", "truthfulqa", "winogrande", "gsm8k"]) {
        const cells = await p.getByTestId(`score-${b}`).locator("td").allTextContents();
        const [pred, interval] = [Number(cells[1]), cells[2] ?? ""];
        const [lo, hi] = (interval.match(/[\d.]+/g) ?? []).map(Number);
        expect(lo).toBeLessThanOrEqual(pred);
        expect(pred).toBeLessThanOrEqual(hi ?? Number.NaN);
      }
    }, 90_000);

    it("predicts from a known model's fields, edited", async () => {
      const p = await open("/predict?from=meta-llama/Llama-2-7b-hf&layers=40");
      await expect(p.getByTestId("field-layers").inputValue()).resolves.toBe("40");
      await expect.poll(() => p.getByTestId("field-d_model").inputValue()).toBe("4096");
      await p.getByTestId("predict-fields").click();
      await p
        .getByTestId("prediction")
        .getByText(/layers=40 d_model=4096/)
        .waitFor({ timeout: 60_000 });
    }, 90_000);

    it("shows the report's findings as charts", async () => {
      const p = await open("/findings");
      await p.getByTestId("findings").waitFor();
      await p.locator("#regression h2").waitFor();
      await p.locator("figure [data-rendered=true] svg.marks").first().waitFor();
      expect(await p.locator("article.section").count()).toBeGreaterThan(5);
    });
  },
);

if (!existsSync(CHROMIUM)) console.warn("flows.test: /usr/bin/chromium not found, browser flows skipped");
