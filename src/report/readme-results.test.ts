import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  currentResults,
  README_IMAGES,
  README_MARKERS,
  type ReadmeNumbers,
  renderReadmeResults,
  replaceResults,
} from "./readme-results.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");

describe("the README's results section", () => {
  it("is exactly what npm run readme:results renders from docs/results.json (no hand edits)", () => {
    const numbers = JSON.parse(readFileSync(`${root}docs/results.json`, "utf8")) as ReadmeNumbers;
    expect(currentResults(readme)).toBe(renderReadmeResults(numbers));
    // The numbers came from a report run: they carry the command that made them.
    expect(numbers.command).toMatch(/^strata report --data-dir strata-data /);
  });

  it("links only images that exist", () => {
    for (const f of [README_IMAGES.main, ...Object.values(README_IMAGES.sections)]) {
      expect(existsSync(`${root}${f}`), f).toBe(true);
    }
  });

  it("replaces only the text between the markers, and refuses a README without them", () => {
    const doc = `# T\n${README_MARKERS.start}\nold\n${README_MARKERS.end}\ntail\n`;
    expect(replaceResults(doc, "new")).toBe(
      `# T\n${README_MARKERS.start}\nnew\n${README_MARKERS.end}\ntail\n`,
    );
    expect(currentResults(replaceResults(doc, "a\nb"))).toBe("a\nb");
    expect(() => replaceResults("# no markers", "x")).toThrow(/results markers/);
  });
});
