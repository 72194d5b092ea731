/**
 * Takes the README's screenshots of each view (docs/serve-*.png) in Debian's Chromium, against a server
 * on a built dataset (default strata-data; `strata report` first, for Findings).
 * Run: node --import tsx src/web/screenshots.ts [DATA_DIR]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchChromium } from "../chromium.ts";
import { startServer } from "../server/index.ts";

const docs = fileURLToPath(new URL("../../docs/", import.meta.url));
const server = await startServer({ dataDir: process.argv[2] ?? "strata-data", port: 0 });
const profile = mkdtempSync(join(tmpdir(), "strata-shots-"));
const ctx = await launchChromium(profile);
const at = (path: string) => new URL(path, server.url).href;

async function shot(
  name: string,
  path: string,
  ready: (p: Page) => Promise<unknown>,
  fullPage = false,
): Promise<void> {
  const page = await ctx.newPage();
  await page.goto(at(path));
  await ready(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(docs, `serve-${name}.png`), fullPage });
  await page.close();
  process.stdout.write(`docs/serve-${name}.png\n`);
}

try {
  await shot(
    "models",
    `/models?q=${encodeURIComponent("@architecture:mistral @kind:merge")}&size=7-14&sort=-average`,
    (p) => p.locator(".tr[data-index='0'] a").waitFor(),
  );
  await shot("model", "/model/databricks/dolly-v2-12b", (p) => p.getByTestId("model-page").waitFor());
  await shot(
    "compare",
    "/compare?pins=mistralai/Mistral-7B-v0.1,meta-llama/Llama-2-7b-hf,Qwen/Qwen1.5-7B",
    async (p) => {
      await p.locator("[data-testid=compare-chart] [data-rendered=true] svg.marks").waitFor();
    },
    true,
  );
  await shot("explore", "/explore?y=mmlu&color=model_type", (p) =>
    p.locator("[data-testid=scatter] [data-rendered=true] canvas").waitFor(),
  );
  await shot("predict", "/predict", async (p) => {
    await p
      .getByTestId("config")
      .fill(readFileSync(new URL("../configs/fixtures/mistral-7b-v0.1.json", import.meta.url), "utf8"));
    await p.getByTestId("predict-config").click();
    await p.getByTestId("prediction").waitFor({ timeout: 120_000 });
    await p.getByTestId("prediction").scrollIntoViewIfNeeded();
  });
  await shot("findings", "/findings", async (p) => {
    await p.locator("#size-bins figure [data-rendered=true] svg.marks").waitFor();
    await p.locator("#size-bins").evaluate((el) => el.scrollIntoView());
  });
} finally {
  await ctx.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
