#!/usr/bin/env node
// `npm run readme:results [-- REPORT_DIR]`: rewrites the README's "Results on the bundled data" section
// from a real report run (default strata-data/report, as `npm start` writes it), so it cannot drift:
//   - docs/results.json: the numbers the section shows (src/report/readme-results.ts readmeNumbers);
//   - README.md between the results markers: renderReadmeResults of those numbers;
//   - docs/report-main.png: the report's main figure;
//   - docs/report-<section>.png: screenshots of the report's new sections (needs /usr/bin/chromium).
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

register();
const root = resolve(import.meta.dirname, "..");
const reportDir = resolve(process.argv[2] ?? join(root, "strata-data", "report"));
const { README_IMAGES, readmeNumbers, renderReadmeResults, replaceResults } = await import(
  "../src/report/readme-results.ts"
);
const { MAIN_FIGURE } = await import("../src/report/assemble.ts");

const jsonFile = join(reportDir, "report.json");
if (!existsSync(jsonFile)) {
  process.stderr.write(`readme:results: no ${jsonFile}; run 'strata report' (or npm start) first\n`);
  process.exit(1);
}
const numbers = readmeNumbers(JSON.parse(readFileSync(jsonFile, "utf8")));
writeFileSync(join(root, "docs", "results.json"), `${JSON.stringify(numbers, null, 2)}\n`);
const readmeFile = join(root, "README.md");
writeFileSync(readmeFile, replaceResults(readFileSync(readmeFile, "utf8"), renderReadmeResults(numbers)));
copyFileSync(join(reportDir, "figures", `${MAIN_FIGURE}.png`), join(root, README_IMAGES.main));
process.stdout.write(
  `README.md results from ${jsonFile} (${numbers.generatedAt}); docs/results.json, ${README_IMAGES.main}\n`,
);

const { CHROMIUM, withChromium } = await import("../src/chromium.ts");
if (!existsSync(CHROMIUM)) {
  process.stdout.write(`no ${CHROMIUM}: section screenshots not updated\n`);
} else {
  await withChromium(async (browser) => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(reportDir, "report.html")).href, { waitUntil: "load" });
    // The sticky menu would sit over the middle of a tall section's screenshot.
    await page.addStyleTag({ content: "nav { position: static !important; }" });
    for (const [id, file] of Object.entries(README_IMAGES.sections)) {
      await page.locator(`section#${id}`).screenshot({ path: join(root, file) });
      process.stdout.write(`${file}\n`);
    }
  });
}
