import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sampleRecords, sampleV2Rows } from "../../analysis/index.ts";
import { saveDataset } from "../../dataset/index.ts";
import { runCli } from "../test-io.ts";

const dir = mkdtempSync(join(tmpdir(), "strata-report-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = {
  meta: {
    settings: Record<string, unknown>;
    command: string;
    fits?: { computed: number; cached: number; shared: number; corrupt: number };
  };
  regression: {
    protocol: string;
    cells: { regressor: string; target: string; r2: number; folds: number[] }[];
  }[];
};
const readReport = (out: string) => JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Json;

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
    expect((await runCli(["report", "--seed", "-1"])).code).toBe(2);
    expect((await runCli(["report", "--targets", "mmlu,nope"])).code).toBe(2);
    expect((await runCli(["report", "--structure", "trusted"])).code).toBe(2);
  });

  it("declares --full, --seed, --targets and --structure in --help", async () => {
    const r = await runCli(["report", "--help"]);
    expect(r.code).toBe(0);
    for (const f of ["--full", "--seed", "--targets", "--structure"]) expect(r.stdout).toContain(f);
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

  it("--full runs every chosen regressor under every protocol with 5 repeats, and says so in report.json", async () => {
    const data = join(dir, "ds-full");
    await saveDataset(data, {
      records: sampleRecords(150, 4),
      v2: [],
      warnings: [],
      meta: { builtAt: new Date().toISOString(), source: "sampleRecords(150, 4)" },
    });
    const out = join(dir, "out-full");
    const args = [
      "--data-dir",
      data,
      "--out",
      out,
      "--regressors",
      "linear",
      "--folds",
      "3",
      "--targets",
      "arc",
    ];
    const r = await runCli(["report", ...args, "--full", "--protocols", "random,grouped", "--json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const rep = readReport(out);
    expect(rep.meta.settings).toMatchObject({
      full: true,
      importanceRepeats: 5,
      otherProtocolRegressors: ["linear"],
      targets: ["arc"],
      seed: 42,
    });
    expect(rep.meta.command).toContain("--full");
    expect(rep.regression.map((t) => t.protocol)).toEqual(["random", "grouped"]);
  }, 300_000);

  it("gives the same grouped R^2 as strata regress for the same seed, and its command reruns it", async () => {
    const data = join(dir, "ds-seed");
    const records = sampleRecords(200, 6);
    await saveDataset(data, {
      records,
      v2: sampleV2Rows(records, 2),
      warnings: [],
      meta: { builtAt: new Date().toISOString(), source: "sampleRecords(200, 6)" },
    });
    const common = ["--data-dir", data, "--regressors", "rf", "--folds", "3", "--seed", "5"];
    const out = join(dir, "out-seed");
    const rep = await runCli(
      ["report", ...common, "--out", out, "--protocols", "grouped", "--targets", "arc,mmlu", "--json"],
      dir,
    );
    expect(rep.code).toBe(0);
    const reg = await runCli(
      ["regress", ...common, "--protocol", "grouped", "--target", "arc,mmlu", "--json"],
      dir,
    );
    expect(reg.code).toBe(0);
    const fromRegress = (JSON.parse(reg.stdout) as Json["regression"][number]).cells;
    const report = readReport(out);
    const fromReport = report.regression.find((t) => t.protocol === "grouped")?.cells ?? [];
    expect(fromReport.map((c) => [c.target, c.r2, c.folds])).toEqual(
      fromRegress.map((c) => [c.target, c.r2, c.folds]),
    );
    expect(report.meta.settings.seed).toBe(5);
    // Rerunning the recorded command writes the same numbers.
    const again = join(dir, "out-again");
    const argv = report.meta.command.split(" ").slice(2);
    const rerun = await runCli(["report", ...argv, "--out", again, "--json"], dir);
    expect(rerun.code).toBe(0);
    // (cells without their timings)
    const numbers = (j: Json) =>
      j.regression.map((t) => t.cells.map((c) => [c.regressor, c.target, c.r2, c.folds]));
    expect(numbers(readReport(again))).toEqual(numbers(report));
    expect(readReport(again).meta.command).toBe(report.meta.command);
  }, 300_000);

  it("keeps fitted results in <data-dir>/fit-cache: a rerun refits nothing, --no-cache refits all, a corrupt entry is refit", async () => {
    const data = join(dir, "ds-cache");
    await saveDataset(data, {
      records: sampleRecords(150, 4),
      v2: [],
      warnings: [],
      meta: { builtAt: new Date().toISOString(), source: "sampleRecords(150, 4)" },
    });
    const args = (out: string, ...more: string[]) => [
      "report",
      "--data-dir",
      data,
      "--out",
      join(dir, out),
      "--protocols",
      "random",
      "--regressors",
      "rf,linear",
      "--targets",
      "arc,mmlu",
      "--folds",
      "3",
      "--json",
      ...more,
    ];
    const numbers = (j: Json) =>
      j.regression.map((t) => t.cells.map((c) => [c.regressor, c.target, c.r2, c.folds]));
    expect((await runCli(args("c1"), dir)).code).toBe(0);
    const first = readReport(join(dir, "c1"));
    expect(first.meta.fits?.computed).toBeGreaterThan(0);
    expect(first.meta.fits?.cached).toBe(0);

    expect((await runCli(args("c2"), dir)).code).toBe(0);
    const second = readReport(join(dir, "c2"));
    expect(second.meta.fits).toMatchObject({ computed: 0, corrupt: 0 });
    expect(second.meta.fits?.cached).toBeGreaterThan(0);
    expect(numbers(second)).toEqual(numbers(first));

    expect((await runCli(args("c3", "--no-cache"), dir)).code).toBe(0);
    const third = readReport(join(dir, "c3"));
    expect(third.meta.fits?.cached).toBe(0);
    expect(third.meta.fits?.computed).toBe(first.meta.fits?.computed);
    expect(numbers(third)).toEqual(numbers(first));

    // Break every entry: each one read is refit (none trusted), and the numbers do not change.
    const cacheDir = join(data, "fit-cache");
    const entries = readdirSync(cacheDir, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".json"),
    );
    for (const e of entries) writeFileSync(join(cacheDir, e), "{ not an entry");
    expect((await runCli(args("c4"), dir)).code).toBe(0);
    const fourth = readReport(join(dir, "c4"));
    expect(fourth.meta.fits?.cached).toBe(0);
    expect(fourth.meta.fits?.corrupt).toBeGreaterThan(0);
    expect(fourth.meta.fits?.computed).toBe(fourth.meta.fits?.corrupt);
    expect(numbers(fourth)).toEqual(numbers(first));
  }, 300_000);
});
