import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TopLevelSpec } from "vega-lite";
import { goldenText } from "../specs/goldens.ts";
import { fixtureInsideModel } from "./fixtures.ts";
import { blockInfluenceSpec, gradientNormSpec, pruneLossSpec } from "./specs.ts";

/** The section's golden specs (compared by inside-model.test.ts; written only by `npm run goldens`). */
export const INSIDE_GOLDEN_DIR = fileURLToPath(new URL("./golden/", import.meta.url));

export const INSIDE_GOLDEN_CASES: Record<string, () => TopLevelSpec> = {
  "inside-bi": () => blockInfluenceSpec(fixtureInsideModel().bi, 2),
  "inside-prune": () => pruneLossSpec(fixtureInsideModel().prune),
  "inside-prune-two-bars": () => pruneLossSpec(fixtureInsideModel(false).prune),
  "inside-gradients": () => gradientNormSpec(fixtureInsideModel().gradients),
};

export function writeInsideGoldens(): string[] {
  return Object.entries(INSIDE_GOLDEN_CASES).map(([name, spec]) => {
    writeFileSync(`${INSIDE_GOLDEN_DIR}${name}.golden.json`, goldenText(spec()));
    return name;
  });
}
