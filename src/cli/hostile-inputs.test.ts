import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRecords, saveDataset } from "../dataset/index.ts";
import { sampleDataset } from "../dataset/test-records.ts";
import { runCli } from "./test-io.ts";

/**
 * Bad input a new user may type, command by command: each gives one line naming the flag, file or value at
 * fault, the documented exit code (1 failure, 2 usage), and leaves no lost or half-written output.
 * Paths are relative to a scratch folder holding a small real-format dataset in strata-data/.
 */
interface Case {
  name: string;
  argv: string[];
  code: 1 | 2;
  /** The whole stderr: one line, no stack trace. */
  message: RegExp;
  /** Paths (relative to the scratch folder) that must not exist afterwards. */
  absent?: string[];
}

const CASES: Case[] = [
  // Flags in general.
  {
    name: "unknown flag",
    argv: ["models", "--nope"],
    code: 2,
    message: /^strata models: unknown flag '--nope'; see 'strata models --help'$/,
  },
  {
    name: "a switch given a value",
    argv: ["models", "--json=1"],
    code: 2,
    message: /^strata models: --json is a switch and takes no value; see/,
  },
  {
    name: "a flag missing its value",
    argv: ["models", "--limit"],
    code: 2,
    message: /^strata models: --limit needs a value; see/,
  },
  {
    name: "negative limit",
    argv: ["models", "--limit", "-1"],
    code: 2,
    message: /^--limit: expected a whole number >= 0, got '-1'$/,
  },
  {
    name: "non-numeric limit",
    argv: ["models", "--limit", "ten"],
    code: 2,
    message: /^--limit: expected a whole number >= 0, got 'ten'$/,
  },
  { name: "unknown command", argv: ["frobnicate"], code: 2, message: /^unknown command 'frobnicate'/ },
  {
    name: "unexpected argument",
    argv: ["stats", "extra"],
    code: 2,
    message: /^stats: unexpected argument 'extra'$/,
  },
  // models / stats filters.
  {
    name: "unknown filter column",
    argv: ["models", "--where", "nope>1"],
    code: 2,
    message: /^unknown column 'nope'; valid columns: id, /,
  },
  {
    name: "filter value not a number",
    argv: ["models", "--where", "layers>=lots"],
    code: 2,
    message: /^filter 'layers>=lots': column layers is numeric, 'lots' is not a number$/,
  },
  {
    name: "filter value out of range",
    argv: ["models", "--where", "layers>=1e300"],
    code: 2,
    message: /^filter 'layers>=1e300': 1e300 is out of range/,
  },
  {
    name: "invalid regular expression",
    argv: ["models", "--where", "id=~(a"],
    code: 2,
    message: /^filter 'id=~\(a': invalid regular expression/,
  },
  {
    name: "empty filter",
    argv: ["stats", "--where", ""],
    code: 2,
    message: /^--where: expected a non-empty value, got ''$/,
  },
  {
    name: "empty column list",
    argv: ["models", "--columns", ","],
    code: 2,
    message: /^--columns: empty list;/,
  },
  {
    name: "sort by a list column",
    argv: ["models", "--sort", "warnings"],
    code: 2,
    message: /^cannot sort by warnings$/,
  },
  {
    name: "no dataset",
    argv: ["models", "--data-dir", "nowhere"],
    code: 1,
    message: /^no dataset at .*nowhere\/strata\.duckdb: run `strata build` first/,
  },
  // export.
  {
    name: "export without --format",
    argv: ["export"],
    code: 2,
    message: /^--format is required \(--format parquet\|csv\|json\)$/,
  },
  {
    name: "export to a folder",
    argv: ["export", "--format", "csv", "--out", "a-folder"],
    code: 2,
    message: /^cannot write the export .*a-folder: it is a folder$/,
  },
  {
    name: "export to an empty path",
    argv: ["export", "--format", "csv", "--out", ""],
    code: 2,
    message: /^--out: expected a path, got ''$/,
  },
  {
    name: "export under a file",
    argv: ["export", "--format", "csv", "--out", "a-file/x.csv"],
    code: 2,
    message: /^cannot write the export .*a-file\/x\.csv: .*a-file is a file, not a folder$/,
  },
  {
    name: "export of an unknown table",
    argv: ["export", "--format", "csv", "--table", "meta"],
    code: 2,
    message: /^--table: expected one of models, scores_v2, got 'meta'$/,
  },
  // build.
  {
    name: "build into a file",
    argv: ["build", "--data-dir", "a-file"],
    code: 2,
    message: /^cannot write the dataset folder .*a-file: it is a file$/,
  },
  {
    name: "build under a file",
    argv: ["build", "--data-dir", "a-file/ds"],
    code: 2,
    message: /^cannot write the dataset folder .*a-file\/ds: .*a-file is a file, not a folder$/,
    absent: ["a-file/ds"],
  },
  {
    name: "build from a missing CSV",
    argv: ["build", "--data-dir", "fresh", "--v1", "missing.csv"],
    code: 1,
    message: /missing\.csv/,
    absent: ["fresh/strata.duckdb"],
  },
  {
    name: "build from a missing crawl cache",
    argv: ["build", "--from-cache"],
    code: 1,
    message: /^no crawl cache at .*hub-cache: run `strata collect` first$/,
  },
  {
    name: "build from an empty crawl cache over a dataset",
    argv: ["build", "--from-cache", "--cache", "empty-cache"],
    code: 1,
    message:
      /^refusing to replace .*strata-data\/strata\.duckdb \(6 models\) with a dataset of 0 models; force the replacement \(--force\)/,
  },
  // config / predict.
  {
    name: "config of a missing file",
    argv: ["config", "missing.json"],
    code: 1,
    message: /^.*missing\.json: no such file or folder$/,
  },
  { name: "config that is not JSON", argv: ["config", "not-json.json"], code: 1, message: /not-json\.json/ },
  {
    name: "config of a folder named config.json",
    argv: ["config", "dir-config/config.json"],
    code: 1,
    message: /dir-config\/config\.json: folder has no config\.json$/,
  },
  {
    name: "predict with an impossible month",
    argv: ["predict", "not-json.json", "--date", "2031-13"],
    code: 2,
    message: /^--date: expected a date like 2024-01 or 2024-01-31, got '2031-13'$/,
  },
  {
    name: "predict with alpha out of range",
    argv: ["predict", "not-json.json", "--alpha", "1"],
    code: 2,
    message: /^--alpha: expected a number from /,
  },
  // regress / report.
  {
    name: "regress with an unknown regressor",
    argv: ["regress", "--regressors", "rf,magic"],
    code: 2,
    message: /^--regressors: unknown value 'magic'; one of: /,
  },
  {
    name: "regress with one fold",
    argv: ["regress", "--folds", "1"],
    code: 2,
    message: /^--folds: expected a whole number >= 2, got '1'$/,
  },
  {
    name: "report into a file",
    argv: ["report", "--out", "a-file"],
    code: 2,
    message: /^cannot write the report folder .*a-file: it is a file$/,
  },
  // collect / serve.
  {
    name: "collect from a bad URL",
    argv: ["collect", "--hub-url", "notaurl"],
    code: 2,
    message: /^--hub-url: expected an http\(s\) URL, got 'notaurl'$/,
  },
  {
    name: "collect since an impossible date",
    argv: ["collect", "--since", "2024-02-30"],
    code: 2,
    message: /^--since: expected a date like 2024-01-31, got '2024-02-30'$/,
  },
  {
    name: "collect with zero concurrency",
    argv: ["collect", "--concurrency", "0"],
    code: 2,
    message: /^--concurrency: expected a whole number from 1 to 256, got '0'$/,
  },
  {
    name: "serve on a port out of range",
    argv: ["serve", "--port", "70000"],
    code: 2,
    message: /^--port: expected a whole number from 0 to 65535, got '70000'$/,
  },
];

describe("hostile input, command by command", () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), "strata-hostile-"));
    await saveDataset(join(cwd, "strata-data"), sampleDataset());
    mkdirSync(join(cwd, "a-folder"));
    writeFileSync(join(cwd, "a-file"), "not a folder\n");
    writeFileSync(join(cwd, "not-json.json"), "{ layers: 32 ");
    mkdirSync(join(cwd, "dir-config", "config.json"), { recursive: true });
    mkdirSync(join(cwd, "empty-cache"));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it.each(CASES)("$name: exit $code with one line", async (c) => {
    const before = statSync(join(cwd, "strata-data", "strata.duckdb")).mtimeMs;
    const r = await runCli(c.argv, cwd);
    expect(r.code, r.stderr).toBe(c.code);
    expect(r.stdout).toBe("");
    expect(r.stderr.endsWith("\n") && r.stderr.split("\n").length === 2, r.stderr).toBe(true);
    expect(r.stderr.replace(/^strata: /, "").trimEnd()).toMatch(c.message);
    for (const p of c.absent ?? []) expect(existsSync(join(cwd, p)), p).toBe(false);
    // The dataset is never touched by a failed command.
    expect(statSync(join(cwd, "strata-data", "strata.duckdb")).mtimeMs).toBe(before);
    expect(readdirSync(join(cwd, "strata-data")).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("keeps the dataset whole after all of them, and --force replaces it on purpose", async () => {
    expect(await loadRecords(join(cwd, "strata-data"))).toHaveLength(sampleDataset().records.length);
    const forced = await runCli(["build", "--from-cache", "--cache", "empty-cache", "--force"], cwd);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await loadRecords(join(cwd, "strata-data"))).toHaveLength(0);
  });
});
