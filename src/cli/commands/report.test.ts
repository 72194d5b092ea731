import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sampleRecords } from "../../analysis/index.ts";
import { saveDataset } from "../../dataset/index.ts";
import { runCli } from "../test-io.ts";

const dir = mkdtempSync(join(tmpdir(), "strata-report-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("strata report", () => {
  it("fails with exit 1 naming the missing dataset file", async () => {
    const r = await runCli(["report", "--data-dir", join(dir, "nothing")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(dir, "nothing", "strata.duckdb"));
    expect(r.stderr).toContain("strata build");
  });

  it("rejects bad flag values with exit 2", async () => {
    expect((await runCli(["report", "--protocols", "random,bogus"])).code).toBe(2);
    expect((await runCli(["report", "--folds", "1"])).code).toBe(2);
  });

  it("writes the report from a saved dataset and prints its paths as JSON", async () => {
    const data = join(dir, "ds");
    await saveDataset(data, {
      records: sampleRecords(150, 4),
      v2: [],
      warnings: [],
      meta: { builtAt: new Date().toISOString(), source: "sampleRecords(150, 4)" },
    });
    const out = join(dir, "out");
    const r = await runCli(
      [
        "report",
        "--data-dir",
        data,
        "--out",
        out,
        "--protocols",
        "random",
        "--regressors",
        "linear",
        "--folds",
        "3",
        "--repeats",
        "1",
        "--json",
      ],
      dir,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { htmlFile: string; figures: string[]; sections: string[] };
    expect(res.htmlFile).toBe(join(out, "report.html"));
    expect(existsSync(res.htmlFile)).toBe(true);
    expect(res.sections).toContain("regression");
    expect(res.figures.every((f) => existsSync(f))).toBe(true);
  }, 300_000);
});
