import { resolve } from "node:path";
import { buildDataset, DEFAULT_DATA_DIR } from "../../dataset/index.ts";
import { buildReport } from "../../report/index.ts";
import type { Command, CommandContext } from "../command.ts";
import { printJson } from "../output.ts";
import type { Progress } from "../progress.ts";
import { command as build } from "./build.ts";
import { command as report } from "./report.ts";

/** Runs a command's `run` with this context's streams but its own flags (their defaults). */
async function runWithDefaults(
  cmd: Command,
  ctx: CommandContext,
  flags: CommandContext["flags"],
): Promise<number> {
  const defaults = Object.fromEntries(
    Object.entries(cmd.flags ?? {})
      .filter(([, spec]) => spec.default !== undefined)
      .map(([name, spec]) => [name, spec.default]),
  );
  return (await cmd.run?.({ ...ctx, positionals: [], flags: { ...defaults, ...flags } })) ?? 0;
}

/** Wall milliseconds of the offline build (import and imputation, then the DuckDB write), measured. */
const BUILD_MS = 4500;
/** Of which the import, the part that reports its progress. */
const BUILD_IMPORT_MS = 3200;
/** The report's estimated length until it has planned its fits (about two seconds into it). */
const REPORT_ESTIMATE_MS = 60_000;

/**
 * One progress bar for build + report. The two commands run with contexts whose `progress` feeds it:
 * the build's import bar fills the build's measured share, the report's bar (in estimated milliseconds,
 * planned once the dataset is read) the rest.
 */
function jobContexts(ctx: CommandContext): { build: CommandContext; report: CommandContext; done(): void } {
  const bar = ctx.progress("npm start");
  bar.percent?.();
  let reportDone = 0;
  let reportTotal = REPORT_ESTIMATE_MS;
  let buildDone = 0;
  const show = () => bar.update(Math.round(buildDone + reportDone), Math.round(BUILD_MS + reportTotal));
  const part = (onUpdate: (done: number, total: number) => void): Progress => ({
    tick() {},
    update(done, total) {
      if (total !== undefined && total > 0) onUpdate(done, total);
      show();
    },
    note(text) {
      bar.note(text);
    },
    done() {},
  });
  const importPart = part((d, t) => {
    buildDone = (BUILD_IMPORT_MS * d) / t;
  });
  const reportPart = part((d, t) => {
    buildDone = BUILD_MS;
    reportDone = d;
    reportTotal = t;
  });
  show();
  return {
    build: { ...ctx, progress: () => importPart },
    report: { ...ctx, progress: () => reportPart },
    done() {
      bar.note("");
      bar.done();
    },
  };
}

export const command: Command = {
  name: "start",
  summary: "Build the dataset from the bundled data, then write the report (what `npm start` runs)",
  description:
    "Equivalent to `strata build` followed by `strata report`: offline, on the leaderboard exports and the\n" +
    "base-model registry shipped in data/. Prints the build summary and the path of report.html.",
  flags: {
    "data-dir": {
      type: "string",
      arg: "DIR",
      default: DEFAULT_DATA_DIR,
      description: "Dataset folder to write",
    },
    "no-cache": {
      type: "boolean",
      description: "Refit every model instead of reusing the results kept in <data-dir>/fit-cache",
    },
  },
  examples: ["npm start", "strata start --data-dir /tmp/strata"],
  async run(ctx) {
    const dataDir = String(ctx.flags["data-dir"]);
    if (ctx.json) {
      const dir = resolve(ctx.cwd, dataDir);
      const summary = await buildDataset({ dataDir: dir });
      const result = await buildReport({ dataDir: dir, cache: ctx.flags["no-cache"] !== true });
      printJson(ctx, { build: summary, report: result });
      return 0;
    }
    const job = jobContexts(ctx);
    try {
      const code = await runWithDefaults(build, job.build, { "data-dir": dataDir });
      if (code !== 0) return code;
      job.report.stdout.write("\nreport:\n");
      return await runWithDefaults(report, job.report, {
        "data-dir": dataDir,
        "no-cache": ctx.flags["no-cache"] === true,
      });
    } finally {
      job.done();
    }
  },
};
