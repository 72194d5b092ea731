import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TopLevelSpec } from "vega-lite";
import { GOLDEN_CASES } from "./fixtures.ts";

/** Where the golden specs live, one `<case>.golden.json` per case of GOLDEN_CASES. */
export const GOLDEN_DIR = fileURLToPath(new URL("./golden/", import.meta.url));
export const GOLDEN_SUFFIX = ".golden.json";

/** The golden text of a spec: pretty JSON with a final newline. */
export function goldenText(spec: TopLevelSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

/**
 * Rewrites every golden file from GOLDEN_CASES and removes the stale ones. Only `npm run goldens`
 * calls this (after a builder was changed on purpose); the test run never writes a golden.
 */
export function writeGoldens(): { written: string[]; removed: string[] } {
  const written: string[] = [];
  for (const [name, c] of Object.entries(GOLDEN_CASES)) {
    writeFileSync(`${GOLDEN_DIR}${name}${GOLDEN_SUFFIX}`, goldenText(c.spec()));
    written.push(name);
  }
  const removed = readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith(GOLDEN_SUFFIX) && !(f.slice(0, -GOLDEN_SUFFIX.length) in GOLDEN_CASES))
    .map((f) => {
      rmSync(`${GOLDEN_DIR}${f}`);
      return f;
    });
  return { written, removed };
}
