import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BUILT = existsSync(join(ROOT, "dist", "index.js"));
const QUICK = process.env.STRATA_QUICK === "1";
if (QUICK)
  console.warn(
    "package.test: skipped by test:quick (it runs the compiled dist/, which `npm test` builds first)",
  );

/** Runs an ES module script with plain Node (no TypeScript loader) from the repository root. */
function node(script: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env, NODE_OPTIONS: "" },
    timeout: 240_000,
  });
}

describe.skipIf(QUICK)("the compiled package, from plain Node", () => {
  it("is built (npm ci and npm test build dist/ first)", () => {
    expect(BUILT, "dist/index.js is missing: run npm run build").toBe(true);
  });

  it("imports as `strata`, builds the dataset and cross-validates a regressor in worker threads", () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-package-"));
    try {
      const r = node(
        `import { buildDataset, loadRecords, ml } from "strata";
         const summary = await buildDataset({ dataDir: ${JSON.stringify(dir)} });
         const records = await loadRecords(${JSON.stringify(dir)});
         const table = await ml.runRegressionTable(records, {
           protocol: "random", targets: ["mmlu"], regressors: ["linear", "tree"], folds: 3, seed: 42, workers: 2,
         });
         console.log(JSON.stringify({ models: summary.models, cells: table.cells.map((c) => [c.regressor, c.r2]) }));`,
      );
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as {
        models: number;
        cells: [string, number][];
      };
      expect(out.models).toBeGreaterThan(10_000);
      expect(out.cells.map((c) => c[0])).toEqual(["linear", "tree"]);
      for (const [, r2] of out.cells) expect(r2).toBeGreaterThan(0.3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs the CLI from dist/ without tsx", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "strata.mjs"), "--help"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Commands:");
  });
});
